// What an enterprise's registration and profile fields accept, one validator per field, shared by
// the chat (each answer checked as typed), the import (each cell, with its row number) and the use
// cases (the whole input, enterpriseInputSchema). Every validator normalizes what it accepts:
// the credit code in upper case without spaces, the region as its six-digit GB/T 2260 code, IPC
// interests in the one written form of core/identifiers/ipc.ts.
import { z } from 'zod';
import type { EnterpriseType } from '../../prisma/generated/client.ts';
import { type Locale, type Msg, msg } from '../i18n.ts';
import { parseCreditCode } from '../identifiers/credit-code.ts';
import { parseIpc } from '../identifiers/ipc.ts';
import { ipcTitle } from '../ipc/lookup.ts';
import { resolveIpcWord } from '../ipc/search.ts';
import {
  normaliseRegionText,
  provinceOf,
  type Region,
  regionByCode,
  searchRegions,
} from '../regions/regions.ts';
import { findIndustry, INDUSTRY_CODES, type IndustryCode } from './industries.ts';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: Msg };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = (key: string, params?: Record<string, string | number>): FieldResult<never> => ({
  ok: false,
  error: msg(`enterprises:error.${key}`, params),
});

export const NAME_MAX = 100;
export const NEEDS_MAX = 2000;
export const KEYWORDS_MAX = 20;
export const KEYWORD_MAX_LENGTH = 30;
export const IPC_INTERESTS_MAX = 30;

const chars = (text: string) => [...text].length;

/**
 * The enterprise's registered name (2–100 characters), as written: registered Chinese names use
 * full-width brackets （分公司）, so no width folding here.
 */
export function checkName(raw: string): FieldResult<string> {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (chars(name) < 2) return fail('name_short');
  if (chars(name) > NAME_MAX) return fail('name_long', { max: NAME_MAX });
  return ok(name);
}

/** A unified social credit code with a correct check character. */
export function checkCreditCode(raw: string): FieldResult<string> {
  const parsed = parseCreditCode(raw);
  return parsed.ok ? ok(parsed.value) : fail(`credit_code.${parsed.error}`, { code: raw.trim() });
}

/**
 * A region: a GB/T 2260 code of a province, prefecture-level city or county-level unit of the
 * shipped table (core/regions), or its name when exactly one region has it ("杭州", "Hangzhou").
 * A district's code, which the table does not list, stands for its city ("330106" → "330100";
 * in Beijing, Tianjin, Shanghai and Chongqing, for the municipality: "110105" → "110000").
 */
export function checkRegion(raw: string): FieldResult<string> {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return fail('region_empty');
  if (/^\d{6}$/.test(text)) {
    const city = regionByCode(`${text.slice(0, 4)}00`);
    const province = provinceOf(text);
    const found =
      regionByCode(text) ??
      (city && city.level !== 'province' ? city : province?.municipality ? province : undefined);
    return found && text !== '000000' ? ok(found.code) : fail('region_unknown', { text });
  }
  const key = normaliseRegionText(text);
  const found = searchRegions(text, { limit: 20 });
  const exact = found.filter((r) => [r.code, r.zh, r.short, r.en].map(normaliseRegionText).includes(key));
  if (exact.length === 1) return ok(exact[0]!.code);
  const suggestions = (exact.length > 1 ? exact : found).slice(0, 5).map(describeRegion).join('; ');
  return suggestions === ''
    ? fail('region_unknown', { text })
    : fail('region_ambiguous', { text, suggestions });
}

const describeRegion = (r: Region) => {
  const province = provinceOf(r.code);
  const place = province && province.code !== r.code ? `${province.short}${r.zh}` : r.zh;
  return `${place} ${r.code}`;
};

/** The province-level code a region belongs to ("330106" → "330000"): bureaus act by province. */
export function provinceOfRegion(region: string): string {
  return `${region.slice(0, 2)}0000`;
}

/** One IPC interest: a subclass ("H01M"), a main group ("H01M 10" or "H01M 10/00") or a group. */
export function checkIpcInterest(raw: string): FieldResult<string> {
  const s = raw.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
  const subclass = /^([A-H])(\d{2})([A-Z])$/.exec(s);
  if (subclass) return ok(s);
  const mainGroup = /^([A-H]\d{2}[A-Z])(\d{1,4})\/?$/.exec(s);
  const parsed = parseIpc(mainGroup ? `${mainGroup[1]}${mainGroup[2]}/00` : s);
  return parsed.ok ? ok(parsed.value) : fail('ipc', { code: raw.trim() });
}

const LIST_SEPARATORS = /[,，、;；\n]+/;

/** "H01M, G06N 3/04；h02j" → ["H01M", "G06N 3/04", "H02J"]: IPC interests as a list is typed. */
export function checkIpcInterests(raw: string | readonly string[]): FieldResult<string[]> {
  const parts = (
    typeof raw === 'string' ? raw.split(LIST_SEPARATORS) : raw.flatMap((r) => r.split(LIST_SEPARATORS))
  )
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const result: string[] = [];
  for (const part of parts) {
    // "H01M H02J": subclasses separated by spaces only.
    const pieces = checkIpcInterest(part).ok ? [part] : part.split(/\s+/);
    for (const piece of pieces) {
      const checked = checkIpcInterest(piece);
      if (!checked.ok) return checkIpcInterest(part).ok ? checked : fail('ipc', { code: part });
      if (!result.includes(checked.value)) result.push(checked.value);
    }
  }
  if (result.length > IPC_INTERESTS_MAX) return fail('ipc_too_many', { max: IPC_INTERESTS_MAX });
  return ok(result);
}

/** What typed IPC interests hold: valid symbols, words to look up, and symbols that are not valid. */
export interface IpcTyped {
  codes: string[];
  words: string[];
  invalid: string[];
  /** Each part as typed, in order, with what it is. */
  parts: { text: string; kind: 'codes' | 'word' | 'invalid' }[];
}

/**
 * "H01M, 电池；G06N 3/04, X9" → codes H01M and G06N 3/04, the word 电池, the invalid symbol X9.
 * Something that starts like a symbol (a letter then a digit) is a symbol, right or wrong.
 */
export function splitIpcTyped(raw: string): IpcTyped {
  const typed: IpcTyped = { codes: [], words: [], invalid: [], parts: [] };
  for (const part of raw.split(LIST_SEPARATORS).map((p) => p.normalize('NFKC').trim())) {
    if (part === '') continue;
    const whole = checkIpcInterest(part);
    const pieces = whole.ok ? [whole] : part.split(/\s+/).map(checkIpcInterest);
    if (pieces.every((p) => p.ok)) {
      for (const p of pieces) if (p.ok && !typed.codes.includes(p.value)) typed.codes.push(p.value);
      typed.parts.push({ text: part, kind: 'codes' });
    } else if (/^[A-Za-z]\d/.test(part)) {
      typed.invalid.push(part);
      typed.parts.push({ text: part, kind: 'invalid' });
    } else {
      if (!typed.words.includes(part)) typed.words.push(part);
      typed.parts.push({ text: part, kind: 'word' });
    }
  }
  return typed;
}

/**
 * IPC interests typed in a form, where words may stand for codes: a word is the subclass whose
 * title alone it matches ("电池" → H01M); a word matching several, or none, is refused with the
 * candidates. Without words, exactly checkIpcInterests.
 */
export function checkIpcInterestsOrWords(raw: string, locale: Locale): FieldResult<string[]> {
  const typed = splitIpcTyped(raw);
  if (typed.words.length === 0) return checkIpcInterests(raw);
  const resolved: string[] = [];
  for (const part of typed.parts) {
    if (part.kind !== 'word') {
      resolved.push(part.text); // checked below, with the message it always had
      continue;
    }
    const found = resolveIpcWord(part.text, locale);
    if (found.kind === 'none') return fail('ipc_word_unknown', { word: part.text });
    if (found.kind === 'many') {
      const candidates = found.candidates
        .map((e) => `${e.code} ${shortTitle(ipcTitle(e, locale))}`)
        .join(locale === 'zh-CN' ? '；' : '; ');
      return fail('ipc_word_ambiguous', { word: part.text, candidates });
    }
    resolved.push(found.entry.code);
  }
  return checkIpcInterests(resolved);
}

const shortTitle = (title: string) =>
  [...title].length > 24 ? `${[...title].slice(0, 23).join('')}…` : title;

/** Keywords as a list is typed ("固态电池、储能"): at most 20, each at most 30 characters. */
export function checkKeywords(raw: string | readonly string[]): FieldResult<string[]> {
  const parts = (
    typeof raw === 'string' ? raw.split(LIST_SEPARATORS) : raw.flatMap((r) => r.split(LIST_SEPARATORS))
  )
    .map((p) => p.normalize('NFKC').trim().replace(/\s+/g, ' '))
    .filter((p) => p !== '');
  const result: string[] = [];
  for (const part of parts) {
    if (chars(part) > KEYWORD_MAX_LENGTH)
      return fail('keyword_long', { keyword: part, max: KEYWORD_MAX_LENGTH });
    if (!result.some((k) => k.toLowerCase() === part.toLowerCase())) result.push(part);
  }
  if (result.length > KEYWORDS_MAX) return fail('keywords_too_many', { max: KEYWORDS_MAX });
  return ok(result);
}

/** The technology the enterprise needs, in its own words (at most 2000 characters). */
export function checkNeeds(raw: string): FieldResult<string | null> {
  const text = raw.trim();
  if (text === '') return ok(null);
  if (chars(text) > NEEDS_MAX) return fail('needs_long', { max: NEEDS_MAX, length: chars(text) });
  return ok(text);
}

/** Industries by code, number or name ("新材料、6"). */
export function checkIndustries(raw: string | readonly string[]): FieldResult<IndustryCode[]> {
  const parts = (typeof raw === 'string' ? raw.split(/[,，、;；\n]+/) : raw)
    .map((p) => p.trim())
    .filter(Boolean);
  const found: IndustryCode[] = [];
  for (const part of parts) {
    const code = findIndustry(part);
    if (!code) return fail('industry_unknown', { text: part });
    if (!found.includes(code)) found.push(code);
  }
  return ok(INDUSTRY_CODES.filter((c) => found.includes(c)));
}

// ------------------------------------------------------------------------------ enterprise types

export const ENTERPRISE_TYPES = [
  'IP_DEMONSTRATION',
  'SPECIALIZED_SME',
  'HIGH_TECH',
  'STATE_OWNED',
  'OTHER',
] as const satisfies readonly EnterpriseType[];

/** Questionnaire option ids are lowerCamelCase: IP_DEMONSTRATION ↔ ipDemonstration. */
export const typeOptionId = (type: EnterpriseType): string =>
  type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
export const typeFromOptionId = (id: string): EnterpriseType | undefined =>
  ENTERPRISE_TYPES.find((type) => typeOptionId(type) === id);

/** Names people write in lists for each type (zh and en, full and short). */
const TYPE_NAMES: Record<EnterpriseType, string[]> = {
  IP_DEMONSTRATION: [
    '知识产权优势示范企业',
    '知识产权示范企业',
    '知识产权优势企业',
    'IP demonstration',
    'IP advantage',
  ],
  SPECIALIZED_SME: ['专精特新中小企业', '专精特新', '专精特新企业', 'specialized SME', 'SRDI SME'],
  HIGH_TECH: ['高新技术企业', '高新技术', '高企', 'high-tech', 'high tech', 'high-tech enterprise'],
  STATE_OWNED: ['国有企业', '国企', 'state-owned', 'SOE'],
  OTHER: ['其他', 'other', '民营企业', '私营企业', 'private'],
};

/** Types as written in a list ("高新技术企业；专精特新"), by name or enum value. */
export function checkTypes(raw: string | readonly string[]): FieldResult<EnterpriseType[]> {
  const parts = (typeof raw === 'string' ? raw.split(/[,，、;；\n]+/) : raw)
    .map((p) => p.trim())
    .filter(Boolean);
  const found: EnterpriseType[] = [];
  for (const part of parts) {
    const typed = part.normalize('NFKC').toLowerCase();
    const type = ENTERPRISE_TYPES.find(
      (t) =>
        t.toLowerCase() === typed ||
        typeOptionId(t).toLowerCase() === typed ||
        TYPE_NAMES[t].some((name) => name.toLowerCase() === typed),
    );
    if (!type) return fail('type_unknown', { text: part });
    if (!found.includes(type)) found.push(type);
  }
  return ok(ENTERPRISE_TYPES.filter((t) => found.includes(t)));
}

// ------------------------------------------------------------------------------ the whole input

/** A zod field from a validator: the validator's message becomes the issue's message key. */
function field<I, T>(schema: z.ZodType<I>, check: (value: I) => FieldResult<T>) {
  return schema.transform((value, ctx) => {
    const checked = check(value);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: 'custom', message: checked.error.key, params: checked.error.params ?? {} });
    return z.NEVER;
  });
}

const list = z.union([z.string(), z.array(z.string())]);

/** The profile an enterprise keeps up to date itself (/profile): what it does and what it needs. */
export const enterpriseProfileSchema = z.object({
  types: field(list, checkTypes).optional(),
  industries: field(list, checkIndustries).optional(),
  ipcInterests: field(list, checkIpcInterests).optional(),
  keywords: field(list, checkKeywords).optional(),
  needs: field(z.string().nullable(), (v) => (v === null ? ok(null) : checkNeeds(v))).optional(),
});
export type EnterpriseProfileInput = z.input<typeof enterpriseProfileSchema>;
export type EnterpriseProfile = z.output<typeof enterpriseProfileSchema>;

/** A registration: who the enterprise is, where, and its profile. */
export const enterpriseInputSchema = z.object({
  name: field(z.string(), checkName),
  creditCode: field(z.string(), checkCreditCode),
  region: field(z.string(), checkRegion),
  ...enterpriseProfileSchema.shape,
});
export type EnterpriseInput = z.input<typeof enterpriseInputSchema>;
export type CheckedEnterprise = z.output<typeof enterpriseInputSchema>;

/** The first problem of a failed parse as a message (the field's own, or "invalid <field>"). */
export function firstProblem(error: z.ZodError): { field: string; error: Msg } {
  const issue = error.issues[0];
  const fieldName = String(issue?.path[0] ?? 'input');
  if (issue?.code === 'custom' && issue.message.startsWith('enterprises:')) {
    const params = (issue as { params?: Record<string, string | number> }).params;
    return {
      field: fieldName,
      error: params && Object.keys(params).length > 0 ? msg(issue.message, params) : msg(issue.message),
    };
  }
  return { field: fieldName, error: msg('enterprises:error.invalid', { field: fieldName }) };
}
