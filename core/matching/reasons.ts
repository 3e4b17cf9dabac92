// Why a patent was matched to an enterprise, stored as data on MatchPush.reasons so that the push, the
// recommended list and the docs can say it in words in any language. Every reason carries the points it
// added, and the points add up to the match's score (explain.ts); the sentences state only what the
// stored data proves (the IPC level is recomputed from the two symbols when read).
import { z } from 'zod';
import { type Locale, t } from '../i18n.ts';
import { DECLINE_REASONS, declineReasonLabel } from './decline-reasons.ts';
import { agreement, IPC_DEPTHS, parseIpc } from './ipc-depth.ts';
import { VALUE_GRADES } from './weights.ts';

const points = z.number().optional();

const ipcReason = z.object({
  kind: z.literal('ipc'),
  /** The patent's symbol, e.g. "H01M 10/0562". */
  patent: z.string(),
  /** The enterprise's interest, as the enterprise wrote it, e.g. "H01M 10/05". */
  interest: z.string(),
  level: z.enum(IPC_DEPTHS),
  /** Whether `patent` is the patent's main classification. */
  main: z.boolean().optional(),
  points,
});

/** Words of one phrase of the profile (a keyword, or a phrase of the needs prose) found in the patent. */
const textReason = z.object({
  kind: z.literal('text'),
  source: z.enum(['keyword', 'needs']),
  phrase: z.string(),
  /** Quoted as they stand in each field (normalised: NFKC, lower case). */
  title: z.array(z.string()).optional(),
  abstract: z.array(z.string()).optional(),
  keywords: z.array(z.string()).optional(),
  points,
});

/** Written by earlier versions; still shown for pushes made then. */
const keywordReason = z.object({
  kind: z.literal('keyword'),
  value: z.string(),
  where: z.enum(['title', 'abstract']),
  points,
});

const regionReason = z.object({
  kind: z.literal('region'),
  /** The shared province's GB/T 2260 code, e.g. "330000". */
  value: z.string(),
  points,
});

const valueReason = z.object({
  kind: z.literal('value'),
  source: z.enum(['self', 'expert']),
  grade: z.enum(VALUE_GRADES as [string, ...string[]]),
  points,
});

const feedbackReason = z.object({
  kind: z.literal('feedback'),
  answer: z.enum(['interested', 'declined']),
  reason: z.enum(DECLINE_REASONS).optional(),
  /** The earlier patent's title, and the main group both are in ("H01M 10/00"). */
  title: z.string(),
  shared: z.string(),
  points,
});

/** In the same main group as the main classification of a patent that best fits the profile's words. */
const relatedReason = z.object({
  kind: z.literal('related'),
  patent: z.string(),
  /** That best-fitting patent's main classification and title. */
  code: z.string(),
  title: z.string(),
  main: z.boolean().optional(),
  points,
});

const semanticReason = z.object({
  kind: z.literal('semantic'),
  similarity: z.number(),
  points,
});

export const matchReason = z.discriminatedUnion('kind', [
  ipcReason,
  textReason,
  keywordReason,
  regionReason,
  valueReason,
  feedbackReason,
  relatedReason,
  semanticReason,
]);
export type MatchReason = z.infer<typeof matchReason>;
export type IpcReason = z.infer<typeof ipcReason>;
export type TextReason = z.infer<typeof textReason>;

/**
 * Reasons as read back from the database. A reason this version does not understand (written by a
 * newer one, or damaged) is left out rather than failing the whole message.
 */
export function parseReasons(raw: unknown): MatchReason[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = matchReason.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

const quoteList = (locale: Locale, words: readonly string[]) =>
  words.map((w) => t(locale, 'matching:reason.quote', { word: w })).join(locale === 'en' ? ', ' : '');

function describeIpc(locale: Locale, reason: IpcReason): string {
  const which = t(locale, reason.main ? 'matching:reason.which_main' : 'matching:reason.which_other');
  const p = parseIpc(reason.patent);
  const i = parseIpc(reason.interest);
  const agreed = p && i ? agreement(p, i) : null;
  // Recomputed from the two symbols, so a sentence never claims more than they share.
  if (!agreed) return t(locale, 'matching:reason.ipc_unknown', { which, patent: reason.patent });
  const digits = agreed.depth === 'group' && !agreed.within ? Math.min(2, agreed.digits) : 0;
  const key = `${agreed.depth}_${agreed.within ? 'within' : 'near'}${digits > 0 ? '_digits' : ''}`;
  return t(locale, `matching:reason.ipc.${key}`, {
    which,
    patent: reason.patent,
    interest: reason.interest,
    shared: agreed.shared,
    digits: parseIpc(reason.patent)?.subgroup?.slice(0, digits) ?? '',
  });
}

function describeText(locale: Locale, reason: TextReason): string {
  const found = (['title', 'abstract', 'keywords'] as const)
    .filter((f) => (reason[f]?.length ?? 0) > 0)
    .map((f) => t(locale, `matching:reason.found_in.${f}`, { words: quoteList(locale, reason[f]!) }))
    .join(locale === 'en' ? '; ' : '；');
  return t(locale, `matching:reason.text_${reason.source}`, { phrase: reason.phrase, found });
}

/** One sentence per reason, in the reader's language, without the points. */
export function describeReasonText(locale: Locale, reason: MatchReason): string {
  switch (reason.kind) {
    case 'ipc':
      return describeIpc(locale, reason);
    case 'text':
      return describeText(locale, reason);
    case 'keyword':
      return t(locale, `matching:reason.keyword_${reason.where}`, { value: reason.value });
    case 'region':
      return t(locale, 'matching:reason.region');
    case 'value':
      return t(locale, `matching:reason.value_${reason.source}`, {
        grade: t(locale, `matching:grade.${reason.grade}`),
      });
    case 'feedback':
      return reason.answer === 'interested'
        ? t(locale, 'matching:reason.feedback_interested', { title: reason.title, shared: reason.shared })
        : t(locale, 'matching:reason.feedback_declined', {
            title: reason.title,
            shared: reason.shared,
            reason: t(locale, declineReasonLabel(reason.reason ?? 'other')),
          });
    case 'related': {
      const p = parseIpc(reason.patent);
      const c = parseIpc(reason.code);
      const agreed = p && c ? agreement(p, c) : null;
      return t(locale, 'matching:reason.related', {
        which: t(locale, reason.main ? 'matching:reason.which_main' : 'matching:reason.which_other'),
        patent: reason.patent,
        code: reason.code,
        title: reason.title,
        shared: agreed?.depth === 'subgroup' ? agreed.shared : `${p?.subclass ?? ''} ${p?.group ?? ''}/00`,
      });
    }
    case 'semantic':
      return t(locale, 'matching:reason.semantic', { similarity: reason.similarity.toFixed(2) });
  }
}

/** The sentence with the points it added, when the reason carries them: "… (+12.5)". */
export function describeReason(locale: Locale, reason: MatchReason): string {
  const text = describeReasonText(locale, reason);
  if (reason.points === undefined) return text;
  const signed = `${reason.points >= 0 ? '+' : '−'}${Math.abs(reason.points)}`;
  return `${text}${t(locale, 'matching:reason.points', { points: signed })}`;
}

export const describeReasons = (locale: Locale, reasons: readonly MatchReason[]): string[] =>
  reasons.map((r) => describeReason(locale, r));
