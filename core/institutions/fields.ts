// What an institution or college is made of, as people type it (command line, chat, a CSV row), and
// the zod schemas that turn it into what is stored: a short code, names, the kind, the unified social
// credit code (check character verified), and the province and city as GB/T 2260 codes. Validation
// reports every problem of the input at once, each with its field and an i18n message, so that the
// command line, the chat and the import report the same reasons.
import { z } from 'zod';
import type { InstitutionKind } from '../../prisma/generated/client.ts';
import { type Msg, msg } from '../i18n.ts';
import { parseCreditCode } from '../identifiers/credit-code.ts';
import { resolveRegion } from '../regions/regions.ts';

export const INSTITUTION_FIELDS = [
  'code',
  'nameZh',
  'nameEn',
  'kind',
  'creditCode',
  'province',
  'city',
  'parentCode',
] as const;
export type InstitutionField = (typeof INSTITUTION_FIELDS)[number];

export interface FieldIssue {
  field: InstitutionField;
  reason: Msg;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** The kinds an institution registers as; colleges are created under their university. */
export const TOP_LEVEL_KINDS = ['UNIVERSITY', 'RESEARCH_INSTITUTE', 'HOSPITAL'] as const;
export type TopLevelKind = (typeof TOP_LEVEL_KINDS)[number];

/** Institution codes: what the command line names it by ("ZJU", "CAS-SIOM"). */
export const CODE_PATTERN = /^[A-Z0-9-]{2,16}$/;
/** A college's own part of its code; the stored code is "<UNIVERSITY>-<PART>" ("ZJU-CS"). */
export const COLLEGE_PART_PATTERN = /^[A-Z0-9-]{1,16}$/;

// Written in the normalised form of normaliseWord: NFKC, lower case, no spaces, "_" or "-".
const KIND_ALIASES: Record<string, InstitutionKind> = {
  university: 'UNIVERSITY',
  高校: 'UNIVERSITY',
  大学: 'UNIVERSITY',
  高等学校: 'UNIVERSITY',
  高等院校: 'UNIVERSITY',
  researchinstitute: 'RESEARCH_INSTITUTE',
  institute: 'RESEARCH_INSTITUTE',
  科研院所: 'RESEARCH_INSTITUTE',
  科研机构: 'RESEARCH_INSTITUTE',
  研究院: 'RESEARCH_INSTITUTE',
  研究所: 'RESEARCH_INSTITUTE',
  hospital: 'HOSPITAL',
  医院: 'HOSPITAL',
  医疗机构: 'HOSPITAL',
  college: 'COLLEGE',
  department: 'COLLEGE',
  school: 'COLLEGE',
  学院: 'COLLEGE',
  院系: 'COLLEGE',
  二级学院: 'COLLEGE',
  二级单位: 'COLLEGE',
};

const normaliseWord = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]/g, '');

/** "高校", "university", "RESEARCH_INSTITUTE" → the kind; undefined when not recognised. */
export function parseKind(text: string): InstitutionKind | undefined {
  const key = normaliseWord(text);
  const upper = text.trim().toUpperCase();
  if ((TOP_LEVEL_KINDS as readonly string[]).includes(upper) || upper === 'COLLEGE') {
    return upper as InstitutionKind;
  }
  return KIND_ALIASES[key];
}

/** "zju " → "ZJU"; full-width letters become half-width. */
export const normaliseCode = (text: string): string => text.normalize('NFKC').trim().toUpperCase();

/** The stored code of a college: the university's code, a hyphen, the college's part. */
export function collegeCode(universityCode: string, given: string): string {
  const code = normaliseCode(given);
  return code.startsWith(`${universityCode}-`) ? code : `${universityCode}-${code}`;
}

const invalid = (key: string) => `institutions:invalid.${key}`;

const code = z
  .string()
  .transform(normaliseCode)
  .pipe(z.string().regex(CODE_PATTERN, invalid('code')));
const collegePart = z
  .string()
  .transform(normaliseCode)
  .pipe(z.string().regex(/^[A-Z0-9-]{1,33}$/, invalid('college_code')));
const nameZh = z.string().trim().min(2, invalid('name_zh')).max(100, invalid('name_zh'));
const nameEn = z.string().trim().min(2, invalid('name_en')).max(200, invalid('name_en'));
const creditCode = z.string().transform((raw, ctx) => {
  const parsed = parseCreditCode(raw);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: 'custom', message: invalid(`credit_code.${parsed.error}`) });
  return z.NEVER;
});
const topLevelKind = z.string().transform((raw, ctx) => {
  const kind = parseKind(raw);
  if (kind && kind !== 'COLLEGE') return kind as TopLevelKind;
  ctx.addIssue({ code: 'custom', message: invalid(kind === 'COLLEGE' ? 'kind_college' : 'kind') });
  return z.NEVER;
});

/** A university, research institute or hospital as it is registered. */
export interface InstitutionData {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: TopLevelKind;
  creditCode: string;
  /** GB/T 2260 codes. */
  province: string;
  city: string;
}

/** A college or department of an institution. */
export interface CollegeData {
  /** The full stored code ("ZJU-CS"). */
  code: string;
  nameZh: string;
  nameEn: string | null;
}

/** Text as given: everything optional here, the schemas say what is required. */
export type RawInstitution = Partial<Record<InstitutionField, string | null>>;

const institutionFields = z.object({
  code,
  nameZh,
  nameEn,
  kind: topLevelKind,
  creditCode,
});

const editFields = institutionFields.partial();

const collegeFields = z.object({ code: collegePart, nameZh, nameEn: nameEn.nullish() });

/** Blank strings are "not given": an empty cell, an empty option. */
function given(raw: RawInstitution): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' && v.trim() !== '') out[k] = v;
  return out;
}

function issuesOf(error: z.ZodError, raw: Record<string, string>): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'code') as InstitutionField;
    if (seen.has(field)) continue; // one reason per field
    seen.add(field);
    // Only our own messages are keys; zod's own ("expected string, received undefined") means absent.
    const key = issue.message.startsWith('institutions:') ? issue.message : `institutions:missing.${field}`;
    issues.push({ field, reason: msg(key, { value: (raw[field] ?? '').trim() }) });
  }
  return issues;
}

function regionIssues(
  provinceText: string | undefined,
  cityText: string | undefined,
): { issues: FieldIssue[]; province?: string; city?: string } {
  if (provinceText === undefined) {
    return { issues: [{ field: 'province', reason: msg('institutions:missing.province') }] };
  }
  const check = resolveRegion(provinceText, cityText, { cityRequired: true });
  if (!check.ok) {
    const field: InstitutionField = check.error === 'unknown_province' ? 'province' : 'city';
    return { issues: [{ field, reason: check.reason }] };
  }
  return { issues: [], province: check.province.code, city: check.city!.code };
}

/** One field of an institution as typed (chat answers are checked one by one). */
export function checkInstitutionField(
  field: 'code' | 'nameZh' | 'nameEn' | 'kind' | 'creditCode',
  text: string,
): { ok: true; value: string } | { ok: false; reason: Msg } {
  const parsed = institutionFields.shape[field].safeParse(text);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues[0]?.message ?? '';
  const key = message.startsWith('institutions:') ? message : `institutions:missing.${field}`;
  return { ok: false, reason: msg(key, { value: text.trim() }) };
}

/**
 * Colleges written one per line, as in a chat message or a form field: "CS 计算机学院 College of
 * Computer Science", or the same separated by commas or tabs. Blank lines are ignored.
 */
export function parseCollegeLines(text: string): RawInstitution[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const parts = /[,，\t|]/.test(line)
        ? line.split(/\s*[,，\t|]\s*/)
        : (line.match(/^(\S+)\s+(\S+)(?:\s+(.+))?$/)?.slice(1) ?? [line]);
      const [code, nameZh, ...english] = parts;
      return { code, nameZh, nameEn: english.filter(Boolean).join(' ') || undefined };
    });
}

/** A new institution: every field required (city may be left out for a municipality). */
export function validateInstitution(input: RawInstitution): Validated<InstitutionData> {
  const raw = given(input);
  const fields = institutionFields.safeParse(raw);
  const region = regionIssues(raw.province, raw.city);
  const issues = [...(fields.success ? [] : issuesOf(fields.error, raw)), ...region.issues];
  if (issues.length > 0 || !fields.success) return { ok: false, issues };
  return { ok: true, value: { ...fields.data, province: region.province!, city: region.city! } };
}

/** What an edit changes: only the fields given; province and city are checked together. */
export function validateEdit(
  input: RawInstitution,
  current: { province: string; city: string | null },
): Validated<Partial<InstitutionData>> {
  const raw = given(input);
  const fields = editFields.safeParse(raw);
  const issues = fields.success ? [] : issuesOf(fields.error, raw);
  const value: Partial<InstitutionData> = fields.success ? { ...fields.data } : {};
  if (raw.province !== undefined || raw.city !== undefined) {
    // A new city alone stays in the current province; a new province needs its own city.
    const region = regionIssues(raw.province ?? current.province, raw.city);
    issues.push(...region.issues);
    if (region.province) {
      value.province = region.province;
      value.city = region.city!;
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/** A college: its code (prefixed with the university's) and names. */
export function validateCollege(input: RawInstitution, universityCode: string): Validated<CollegeData> {
  const raw = given(input);
  const fields = collegeFields.safeParse(raw);
  if (!fields.success) return { ok: false, issues: issuesOf(fields.error, raw) };
  const full = collegeCode(universityCode, fields.data.code);
  if (!COLLEGE_PART_PATTERN.test(full.slice(universityCode.length + 1))) {
    return {
      ok: false,
      issues: [{ field: 'code', reason: msg(invalid('college_code'), { value: raw.code ?? '' }) }],
    };
  }
  return { ok: true, value: { code: full, nameZh: fields.data.nameZh, nameEn: fields.data.nameEn ?? null } };
}

/** A college edit: names and code, each optional. */
export function validateCollegeEdit(
  input: RawInstitution,
  universityCode: string,
): Validated<Partial<CollegeData>> {
  const raw = given(input);
  const fields = collegeFields.partial().safeParse(raw);
  if (!fields.success) return { ok: false, issues: issuesOf(fields.error, raw) };
  const value: Partial<CollegeData> = {};
  if (fields.data.nameZh !== undefined) value.nameZh = fields.data.nameZh;
  if (fields.data.nameEn !== undefined) value.nameEn = fields.data.nameEn ?? null;
  if (fields.data.code !== undefined) {
    const full = collegeCode(universityCode, fields.data.code);
    if (!COLLEGE_PART_PATTERN.test(full.slice(universityCode.length + 1))) {
      return {
        ok: false,
        issues: [{ field: 'code', reason: msg(invalid('college_code'), { value: raw.code ?? '' }) }],
      };
    }
    value.code = full;
  }
  return { ok: true, value };
}

/** The field's label in the reader's language (for reports: "统一社会信用代码: …"). */
export const fieldLabelKey = (field: InstitutionField): string => `institutions:field.${field}`;
