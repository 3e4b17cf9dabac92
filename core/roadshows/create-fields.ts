// What the roadshow wizard's answers mean beyond their question types: a start time typed in the
// coordinator's time zone, an http(s) link, IPC prefixes, region codes; and the wizard's answers
// turned into the roadshow they describe, checked by the domain's own schema.
import { TZDate } from '@date-fns/tz';
import { isValid } from 'date-fns';
import type { Msg } from '../i18n.ts';
import { ipcSubclass } from '../identifiers/ipc.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { normalizeTyped, type RawAnswer } from '../questionnaire/parsers/types.ts';
import { type Audience, type NewRoadshow, newRoadshowSchema } from './roadshows.ts';

export type FieldCheck = { ok: true; value: RawAnswer } | { ok: false; error: Msg };

const fail = (key: string, params?: Record<string, string>): FieldCheck => ({
  ok: false,
  error: { key: `roadshow:create.error.${key}`, ...(params ? { params } : {}) },
});

// 2026-12-10 14:00, 2026/12/10 14:00, 2026年12月10日 14:00, 2026-12-10T14:00
const LOCAL_TIME =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:T|\s)\s*(\d{1,2})\s*[:：时点]\s*(\d{2})\s*分?$/;

/** "2026-12-10 14:00" in `timeZone` → the instant; null when it is no such local time. */
export function parseLocalTime(text: string, timeZone: string): Date | null {
  const m = LOCAL_TIME.exec(normalizeTyped(text));
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const local = new TZDate(year, month - 1, day, hour, minute, timeZone);
  // Rolled-over dates (2026-02-30) are not what was typed.
  if (!isValid(local) || local.getDate() !== day || local.getMonth() !== month - 1) return null;
  return new Date(local.getTime());
}

const pad = (n: number) => String(n).padStart(2, '0');

function normalizedLocalTime(at: Date, timeZone: string): string {
  const z = new TZDate(at.getTime(), timeZone);
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())} ${pad(z.getHours())}:${pad(z.getMinutes())}`;
}

const IPC_PREFIX = /^[A-H]\d{2}[A-Z](?:\s?\d{1,4}(?:\/\d{0,6})?)?$/;

/** "h01m, G06N 3/" → ["H01M", "G06N 3/"]; null when a part is not an IPC prefix. */
export function parseIpcPrefixes(text: string): string[] | null {
  const result: string[] = [];
  for (const part of text
    .normalize('NFKC')
    .toUpperCase()
    .split(/[,，、;；\n]+/)) {
    const trimmed = part.trim().replace(/\s+/g, ' ');
    if (trimmed === '') continue;
    // "H01M H02J": subclasses separated by spaces only.
    const pieces = IPC_PREFIX.test(trimmed) ? [trimmed] : trimmed.split(' ');
    for (const piece of pieces) {
      if (!IPC_PREFIX.test(piece)) return null;
      if (!result.includes(piece)) result.push(piece);
    }
  }
  return result.length > 0 ? result : null;
}

/** "330000 32" → ["33", "32"]: GB/T 2260 codes as the prefixes enterprises' regions start with. */
export function parseRegions(text: string): string[] | null {
  const result: string[] = [];
  for (const part of normalizeTyped(text).split(/[,，、;；\s]+/)) {
    if (part === '') continue;
    if (!/^\d{2,6}$/.test(part) || part.length % 2 !== 0) return null;
    const prefix = part.replace(/(?:00)+$/, '');
    if (prefix.length < 2) return null;
    if (!result.includes(prefix)) result.push(prefix);
  }
  return result.length > 0 ? result : null;
}

export interface CheckEnv {
  timeZone: string;
  now: Date;
  /** The answers given so far: an end is checked against the start as soon as it is typed. */
  answers?: Readonly<Record<string, unknown>>;
}

/** The other time of the pair, as the draft holds it (normalized local text), or null. */
function otherTime(env: CheckEnv, questionId: 'startsAt' | 'endsAt'): Date | null {
  const raw = env.answers?.[questionId === 'startsAt' ? 'endsAt' : 'startsAt'];
  return typeof raw === 'string' && raw.trim() !== '' ? parseLocalTime(raw, env.timeZone) : null;
}

/**
 * Checks one typed answer the question type cannot judge; the value passed on is the normalized
 * text the engine stores. Blank answers are left to the engine (skip or "required").
 */
export function checkField(questionId: string, raw: RawAnswer, env: CheckEnv): FieldCheck {
  if (raw === null || typeof raw !== 'string' || raw.trim() === '') return { ok: true, value: raw };
  switch (questionId) {
    case 'startsAt':
    case 'endsAt': {
      const at = parseLocalTime(raw, env.timeZone);
      if (!at) return fail('time_format');
      if (at <= env.now) return fail('time_past');
      const other = otherTime(env, questionId);
      if (other && (questionId === 'endsAt' ? at <= other : other <= at))
        return fail(questionId === 'endsAt' ? 'end_before_start' : 'start_after_end');
      return { ok: true, value: normalizedLocalTime(at, env.timeZone) };
    }
    case 'onlineUrl':
      return isHttpUrl(raw.trim()) ? { ok: true, value: raw.trim() } : fail('url');
    case 'enterpriseIpc': {
      const prefixes = parseIpcPrefixes(raw);
      return prefixes ? { ok: true, value: prefixes.join(', ') } : fail('ipc');
    }
    case 'regions': {
      const regions = parseRegions(raw);
      return regions ? { ok: true, value: regions.join(', ') } : fail('regions');
    }
    default:
      return { ok: true, value: raw };
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The featured patents' IPC subclasses: who the event is for when no field was given. */
export function defaultIpc(patents: { ipcCodes: string[] }[]): string[] {
  const subclasses = patents.flatMap((p) => p.ipcCodes.map(ipcSubclass)).filter((s) => s !== '');
  return [...new Set(subclasses)];
}

export type DraftCheck =
  | { ok: true; roadshow: NewRoadshow & { audience: Audience } }
  | { ok: false; error: Msg; questionId: string };

/**
 * The roadshow the answers describe, or the first problem and the question to ask again. Times are
 * re-checked against `now`: a draft left overnight may have started already.
 */
export function roadshowFromAnswers(
  answers: Answers,
  draft: { institutionId: string; roadshowId: string; patentIds: string[] },
  featured: { ipcCodes: string[] }[],
  env: CheckEnv,
): DraftCheck {
  const text = (id: string) => (typeof answers[id] === 'string' ? (answers[id] as string) : undefined);
  const problem = (questionId: string, check: FieldCheck): DraftCheck | null =>
    check.ok ? null : { ok: false, error: check.error, questionId };
  for (const id of ['startsAt', 'endsAt', 'onlineUrl', 'enterpriseIpc', 'regions']) {
    const value = text(id);
    const found = value === undefined ? null : problem(id, checkField(id, value, env));
    if (found) return found;
  }
  const startsAt = parseLocalTime(text('startsAt') ?? '', env.timeZone);
  if (!startsAt)
    return { ok: false, error: { key: 'roadshow:create.error.time_format' }, questionId: 'startsAt' };
  const endsAt = text('endsAt') ? parseLocalTime(text('endsAt')!, env.timeZone) : null;
  if (endsAt && endsAt <= startsAt)
    return { ok: false, error: { key: 'roadshow:create.error.end_before_start' }, questionId: 'endsAt' };
  const location = text('location');
  const onlineUrl = text('onlineUrl');
  if (!location && !onlineUrl)
    return { ok: false, error: { key: 'roadshow:create.error.place_or_link' }, questionId: 'location' };
  const capacity = typeof answers.capacity === 'number' ? answers.capacity : undefined;
  const enterpriseIpc = text('enterpriseIpc')
    ? parseIpcPrefixes(text('enterpriseIpc')!)!
    : defaultIpc(featured);
  const regions = text('regions') ? parseRegions(text('regions')!)! : [];
  const roadshow = {
    id: draft.roadshowId,
    institutionId: draft.institutionId,
    title: text('title') ?? '',
    startsAt,
    ...(endsAt ? { endsAt } : {}),
    ...(location ? { location } : {}),
    ...(onlineUrl ? { onlineUrl } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
    patentIds: draft.patentIds,
    audience: { enterpriseIpc, regions, inventors: answers.inventors === true },
  };
  const parsed = newRoadshowSchema.safeParse(roadshow);
  if (!parsed.success) {
    // Patents are picked after the questions: their absence is reported as such, after the rest.
    const issue = parsed.error.issues.find((i) => i.path[0] !== 'patentIds') ?? parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'title');
    const questionId =
      field === 'patentIds'
        ? field
        : field === 'audience'
          ? 'enterpriseIpc'
          : field in roadshow
            ? field
            : 'title';
    return { ok: false, error: { key: 'roadshow:create.error.invalid' }, questionId };
  }
  return { ok: true, roadshow };
}
