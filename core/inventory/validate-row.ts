// One row of a patent list → a patent record, or every reason it cannot be one (all of them at once,
// so that the coordinator fixes a row in one pass). Identifiers are checked with their check digits.
// A secondary field that fails (publication number, grant date, abstract, Locarno class, contact)
// does not cost the patent: the patent is imported without that value (an existing patent keeps
// its own) and the field is reported as a warning, so the error file holds only rows that really
// could not be imported.
import { z } from 'zod';
import type { LegalStatus, PatentType } from '../../prisma/generated/client.ts';
import { type Msg, msg } from '../i18n.ts';
import { parseApplicationNumber } from '../identifiers/cn-application-number.ts';
import { parseIpcList } from '../identifiers/ipc.ts';
import { parseLocarnoClass } from '../identifiers/locarno.ts';
import { parsePublicationNumber } from '../identifiers/publication-number.ts';
import { type Cell, cellText, numberText } from './cells.ts';
import { parseDateCell } from './dates.ts';
import type { Field } from './headers.ts';
import { parseLegalStatus, parsePatentType, splitNames } from './vocabulary.ts';

export interface PatentRecord {
  applicationNumber: string;
  type: PatentType;
  applicationDate: Date;
  grantDate: Date | null;
  publicationNumber: string | null;
  title: string;
  abstract: string | null;
  patentees: string[];
  inventors: string[];
  ipcCodes: string[];
  locarnoClass: string | null;
  legalStatus: LegalStatus;
  college: string | null;
  contactEmail: string | null;
  contactMobile: string | null;
  /** Secondary fields whose value in the file was rejected (warnings): an update keeps the stored value. */
  skipped: SecondaryField[];
}

/** Fields without which a patent is still a patent: their failures are warnings, not rejections. */
export const SECONDARY_FIELDS = [
  'publicationNumber',
  'grantDate',
  'abstract',
  'locarno',
  'patentees',
  'contactEmail',
  'contactMobile',
] as const satisfies readonly Field[];
export type SecondaryField = (typeof SECONDARY_FIELDS)[number];
const SECONDARY: ReadonlySet<Field> = new Set(SECONDARY_FIELDS);

export interface RowIssue {
  field: Field | null;
  reason: Msg;
}

export type RowResult =
  | { ok: true; record: PatentRecord; warnings: RowIssue[] }
  | { ok: false; issues: RowIssue[]; warnings: RowIssue[] };

const FIRST_FILING = Date.UTC(1985, 3, 1);
const title = z.string().min(1).max(500);
const abstract = z.string().max(20_000);
const email = z.email();
const mobile = z.string().regex(/^\+?[\d -]{6,20}$/);

const key = (code: string) => `inventory:row.${code}`;

/**
 * `raw` holds the mapped cells of one row; `hasColumn` says whether the file has a column at all
 * (a missing legal-status column means "valid", an empty cell in an existing one is an error).
 */
export function validateRow(raw: Partial<Record<Field, Cell>>, hasColumn: (f: Field) => boolean): RowResult {
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const skipped: SecondaryField[] = [];
  // A broken cell is reported once, as what it is, not again as "empty" or "invalid" (rare: made
  // only when there is one, as this runs for every row of a list).
  let broken: Set<Field> | null = null;
  const fail = (field: Field | null, code: string, params?: Record<string, string | number>) => {
    if (field && broken?.has(field)) return;
    if (field && SECONDARY.has(field)) {
      if (!skipped.includes(field as SecondaryField)) skipped.push(field as SecondaryField);
      warnings.push({ field, reason: msg(key(code), params) });
    } else issues.push({ field, reason: msg(key(code), params) });
  };

  // Cells that are not values at all: say so precisely instead of "invalid".
  for (const name in raw) {
    const field = name as Field;
    const cell = raw[field];
    if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
      if (cell.kind === 'formula') fail(field, 'formula_without_value', { formula: cell.formula });
      else fail(field, 'cell_error', { error: cell.error });
      raw[field] = null;
      broken ??= new Set();
      broken.add(field);
    }
  }
  const text = (f: Field) => cellText(raw[f] ?? null);

  const appRaw = applicationNumberText(raw.applicationNumber ?? null);
  const app = appRaw === '' ? null : parseApplicationNumber(appRaw);
  if (appRaw === '') fail('applicationNumber', 'required');
  else if (app && !app.ok) fail('applicationNumber', `application_number.${app.error}`, { value: appRaw });
  const appNumber = app?.ok ? app.value : null;

  let type: PatentType | null = appNumber?.type ?? null;
  const typeText = text('type');
  if (typeText !== '') {
    const declared = parsePatentType(typeText);
    if (!declared) fail('type', 'type_unknown', { value: typeText });
    else if (type && declared !== type) fail('type', 'type_mismatch', { value: typeText });
    else type = declared;
  }

  const applicationDate = dateOf(raw.applicationDate ?? null, 'applicationDate', true, fail);
  if (applicationDate && applicationDate.getTime() < FIRST_FILING) fail('applicationDate', 'date_range');
  // The number's year is the filing year, except for PCT applications entering the national phase.
  if (applicationDate && appNumber && !appNumber.pct && applicationDate.getUTCFullYear() !== appNumber.year) {
    fail('applicationDate', 'date_year_mismatch', { year: appNumber.year });
  }
  let grantDate = dateOf(raw.grantDate ?? null, 'grantDate', false, fail);
  if (grantDate && applicationDate && grantDate < applicationDate) {
    fail('grantDate', 'grant_before_filing');
    grantDate = null;
  }

  let publicationNumber: string | null = null;
  const publicationText = text('publicationNumber');
  if (publicationText !== '') {
    const pub = parsePublicationNumber(publicationText);
    if (!pub.ok) {
      // The type digit gets its own reason: "CN110023555U: a utility-model number starts with 2".
      if (pub.error === 'kind_mismatch' && pub.kindType) {
        fail('publicationNumber', `publication_kind_mismatch.${pub.kindType}`, { value: publicationText });
      } else {
        fail('publicationNumber', `publication_number.${pub.error}`, { value: publicationText });
      }
    } else if (type && pub.value.type !== type) {
      fail('publicationNumber', `publication_type_mismatch.${type}`, { value: pub.value.canonical });
    } else publicationNumber = pub.value.canonical;
  }

  const titleText = text('title');
  if (titleText === '') fail('title', 'required');
  else if (!title.safeParse(titleText).success) fail('title', 'too_long', { max: 500 });
  let abstractText = text('abstract');
  if (!abstract.safeParse(abstractText).success) {
    fail('abstract', 'too_long', { max: 20_000 });
    abstractText = '';
  }

  const inventors = splitNames(text('inventors'));
  if (inventors.length === 0) fail('inventors', 'required');

  const ipc = ipcList(text('ipc'), text('mainIpc') || undefined);
  if (ipc.errors.length > 0) {
    fail('ipc', 'ipc_invalid', { value: ipc.errors.map((e) => e.input).join('; ') });
  } else if (ipc.codes.length === 0 && type && type !== 'DESIGN') {
    fail('ipc', 'ipc_required');
  }
  let locarnoClass: string | null = null;
  const locarnoText = text('locarno');
  if (locarnoText !== '') {
    const loc = parseLocarnoClass(locarnoText);
    if (!loc.ok) fail('locarno', 'locarno_invalid', { value: locarnoText });
    else locarnoClass = loc.value;
  }

  let legalStatus: LegalStatus | null = 'VALID';
  if (hasColumn('legalStatus')) {
    const statusText = text('legalStatus');
    legalStatus = statusText === '' ? null : parseLegalStatus(statusText);
    if (statusText === '') fail('legalStatus', 'required');
    else if (!legalStatus) fail('legalStatus', 'legal_status_unknown', { value: statusText });
  }

  let contactEmail = text('contactEmail').toLowerCase() || null;
  if (contactEmail && !email.safeParse(contactEmail).success) {
    fail('contactEmail', 'email_invalid');
    contactEmail = null;
  }
  let contactMobile = text('contactMobile') || null;
  if (contactMobile && !mobile.safeParse(contactMobile).success) {
    fail('contactMobile', 'mobile_invalid');
    contactMobile = null;
  }

  if (issues.length > 0 || !appNumber || !type || !applicationDate || !legalStatus) {
    return { ok: false, issues, warnings };
  }
  return {
    ok: true,
    warnings,
    record: {
      applicationNumber: appNumber.canonical,
      type,
      applicationDate,
      grantDate,
      publicationNumber,
      title: titleText,
      abstract: abstractText || null,
      patentees: splitNames(text('patentees')),
      inventors,
      ipcCodes: ipc.codes,
      locarnoClass,
      legalStatus,
      college: text('college') || null,
      contactEmail,
      contactMobile,
      skipped,
    },
  };
}

// A list repeats the same few hundred classifications: parsing each text once saves a good part of
// the validation of 100 000 rows. Bounded, and the results are never modified.
const IPC_CACHE_SIZE = 4096;
const ipcCache = new Map<string, ReturnType<typeof parseIpcList>>();
function ipcList(raw: string, main: string | undefined): ReturnType<typeof parseIpcList> {
  const key = `${main ?? ''}\u0000${raw}`;
  let result = ipcCache.get(key);
  if (!result) {
    if (ipcCache.size >= IPC_CACHE_SIZE) ipcCache.clear();
    result = parseIpcList(raw, main);
    ipcCache.set(key, result);
  }
  return result;
}

/**
 * Excel stores a typed "201710601862.0" as the number 201710601862 and drops the ".0": a 12-digit
 * whole number whose computed check character is 0 is that number, not a missing check character.
 */
function applicationNumberText(cell: Cell): string {
  if (typeof cell === 'number' && Number.isInteger(cell)) {
    const digits = numberText(cell);
    if (/^\d{12}$/.test(digits) || /^\d{8}$/.test(digits)) {
      const parsed = parseApplicationNumber(`${digits}.0`);
      if (parsed.ok) return parsed.value.canonical;
    }
    return digits;
  }
  return cellText(cell);
}

function dateOf(
  cell: Cell,
  field: Field,
  required: boolean,
  fail: (field: Field, code: string, params?: Record<string, string | number>) => void,
): Date | null {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) {
    if (required) fail(field, 'required');
    return null;
  }
  const parsed = parseDateCell(cell);
  if (!parsed.ok) {
    fail(field, 'date_invalid', { value: cellText(cell) });
    return null;
  }
  return parsed.value;
}
