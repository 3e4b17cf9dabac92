// Why a patent was matched to an enterprise, stored as data on MatchPush.reasons so that the push, the
// recommended list and the docs can say it in words in any language, and so that scores stay explainable.
import { z } from 'zod';
import { type Locale, t } from '../i18n.ts';

export const IPC_LEVELS = ['group', 'subclass', 'class'] as const;
export type IpcLevel = (typeof IPC_LEVELS)[number];

const ipcReason = z.object({
  kind: z.literal('ipc'),
  /** The patent's symbol, e.g. "H01M 10/0562". */
  patent: z.string(),
  /** The enterprise's interest it falls in, as the enterprise wrote it, e.g. "H01M 10/05". */
  interest: z.string(),
  level: z.enum(IPC_LEVELS),
  /** Whether `patent` is the patent's main classification. */
  main: z.boolean().optional(),
});

const keywordReason = z.object({
  kind: z.literal('keyword'),
  value: z.string(),
  where: z.enum(['title', 'abstract']),
});

const regionReason = z.object({
  kind: z.literal('region'),
  /** The shared province's GB/T 2260 code, e.g. "330000". */
  value: z.string(),
});

export const matchReason = z.discriminatedUnion('kind', [ipcReason, keywordReason, regionReason]);
export type MatchReason = z.infer<typeof matchReason>;

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

/** One sentence per reason, in the reader's language. */
export function describeReason(locale: Locale, reason: MatchReason): string {
  switch (reason.kind) {
    case 'ipc':
      return t(locale, reason.main ? 'matching:reason.ipc_main' : 'matching:reason.ipc', {
        patent: reason.patent,
        interest: reason.interest,
      });
    case 'keyword':
      return t(locale, `matching:reason.keyword_${reason.where}`, { value: reason.value });
    case 'region':
      return t(locale, 'matching:reason.region');
  }
}

export const describeReasons = (locale: Locale, reasons: readonly MatchReason[]): string[] =>
  reasons.map((r) => describeReason(locale, r));
