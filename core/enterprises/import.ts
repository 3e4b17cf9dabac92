// A bureau (or an administrator, or the operator) imports a list of enterprises, e.g. its high-tech
// enterprise register, as VERIFIED: CSV (UTF-8 or GBK) or XLSX, read by the inventory's readers.
// Columns are matched by header name (zh or en), not position. Each bad row is reported with its
// row number as Excel shows it and the reason; the good rows are imported together, in one
// transaction. Idempotent by credit code: importing the same file again changes nothing; a row of
// an enterprise already registered fills in or changes what its cells say (an empty cell changes
// nothing) and verifies it. A row outside the importer's province is refused.
//
// With a contact (name, and email or mobile) a row also invites that person as the enterprise's
// administrator (core/invites/role-invites.ts inviteToRoleIn, in the same transaction), unless the
// enterprise has an administrator or that person an open invitation already: the tokens come back
// once, for the caller to hand out (links: core/invites/links.ts).
//
// Uploaded in chat (core/chat/uploads/enterprises.ts) the rejected rows also go to an error file
// (the original header and cells, the row number and the reasons), as the other list imports do.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Enterprise, EnterpriseType, Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { type Locale, type Msg, msg, t } from '../i18n.ts';
import { type Cell, cellText, isBlankRow, type SheetRow } from '../inventory/cells.ts';
import { createErrorFile, type ErrorFileWriter } from '../inventory/error-file.ts';
import { normaliseHeader } from '../inventory/headers.ts';
import { readCsvRows } from '../inventory/read-csv.ts';
import { readXlsxRows } from '../inventory/read-xlsx.ts';
import { type FileFormat, peek, sniffFormat } from '../inventory/sniff.ts';
import { inviteToRoleIn } from '../invites/role-invites.ts';
import { authorize, may, type Operator } from '../people/authorize.ts';
import { normaliseEmail } from '../people/people.ts';
import {
  checkCreditCode,
  checkIndustries,
  checkIpcInterests,
  checkKeywords,
  checkName,
  checkNeeds,
  checkRegion,
  checkTypes,
  type FieldResult,
} from './fields.ts';

type Tx = Prisma.TransactionClient;

export const IMPORT_FIELDS = [
  'name',
  'creditCode',
  'region',
  'types',
  'industries',
  'ipcInterests',
  'keywords',
  'needs',
  'contactName',
  'contactEmail',
  'contactMobile',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['name', 'creditCode', 'region'];
const REQUIRED = REQUIRED_IMPORT_FIELDS;

// In the normalised form of core/inventory/headers.ts: NFKC, no spaces or brackets, lower case.
const ALIASES: Record<ImportField, string[]> = {
  name: [
    '企业名称',
    '公司名称',
    '单位名称',
    '企业',
    '名称',
    'enterprise',
    'enterprisename',
    'company',
    'companyname',
    'name',
  ],
  creditCode: [
    '统一社会信用代码',
    '社会信用代码',
    '信用代码',
    '统一信用代码',
    'creditcode',
    'unifiedsocialcreditcode',
    'uscc',
  ],
  region: [
    '所在地区',
    '地区',
    '地区代码',
    '行政区划代码',
    '行政区划',
    '所在地',
    '所在城市',
    'region',
    'regioncode',
    'city',
  ],
  types: ['企业类型', '类型', '企业类别', 'type', 'types', 'enterprisetype'],
  industries: ['战略性新兴产业', '所属产业', '产业', '所属行业', '行业', 'industry', 'industries'],
  ipcInterests: ['关注ipc', 'ipc', 'ipc分类号', '技术领域ipc', '技术领域', 'ipcinterests', 'ipcfields'],
  keywords: ['关键词', '关键字', '技术关键词', 'keywords', 'keyword'],
  needs: ['技术需求', '需求', '需求描述', '技术需求描述', 'needs', 'technologyneeds'],
  contactName: ['联系人', '联系人姓名', '管理员', '管理员姓名', 'contact', 'contactname'],
  contactEmail: ['联系人邮箱', '邮箱', '电子邮箱', '联系邮箱', 'email', 'contactemail', 'e-mail'],
  contactMobile: ['联系人手机', '手机', '手机号', '联系电话', '电话', 'mobile', 'phone', 'contactmobile'],
};
const LOOKUP = new Map(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [n, field as ImportField] as const)),
);

/** Leading rows that may precede the header (a title row, notes). */
const HEADER_SCAN_ROWS = 10;

export interface ImportRowError {
  /** As Excel shows it, 1-based. */
  row: number;
  field: ImportField | null;
  error: Msg;
}

export interface ImportedInvitation {
  row: number;
  enterpriseId: string;
  enterpriseName: string;
  personName: string;
  email: string | null;
  /** In clear only here. */
  token: string;
  expiresAt: Date;
}

export interface EnterpriseImportResult {
  /** Nothing was imported: not a readable list (its reason). */
  fatal: Msg | null;
  /** Data rows read (blank rows are not counted). */
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Enterprises that were PENDING or REJECTED and are VERIFIED now. */
  verified: number;
  errors: ImportRowError[];
  invitations: ImportedInvitation[];
  /** Rows imported whose contact could not be invited, and why. */
  inviteProblems: ImportRowError[];
  /** The rejected rows as a file (with `errorFileBase`), else null. */
  errorFile: string | null;
}

export interface EnterpriseImportOptions {
  open(): Promise<NodeJS.ReadableStream>;
  now: Date;
  /** Invite each row's contact as the enterprise's administrator (default true). */
  invite?: boolean;
  validDays?: number;
  /** Where to write the rejected rows; the upload's extension (.csv / .xlsx) is added. */
  errorFileBase?: string | null;
  /** Language of the reasons in the error file (default zh-CN). */
  locale?: Locale;
  /** Rows read so far, while the file is read (the valid rows are written after it). */
  onProgress?: (progress: { rowsRead: number; failed: number }) => void | Promise<void>;
}

interface ValidRow {
  row: number;
  name: string;
  creditCode: string;
  region: string;
  types?: EnterpriseType[];
  industries?: string[];
  ipcInterests?: string[];
  keywords?: string[];
  needs?: string | null;
  contact: { name: string; email: string | null; mobile: string | null } | null;
}

const emptyResult = (): EnterpriseImportResult => ({
  fatal: null,
  total: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
  verified: 0,
  errors: [],
  invitations: [],
  inviteProblems: [],
  errorFile: null,
});

async function* rowsOf(
  source: NodeJS.ReadableStream,
  read: { format: FileFormat | null },
): AsyncGenerator<SheetRow, Msg | null> {
  const { head, stream } = await peek(source);
  const sniffed = sniffFormat(head);
  if (!sniffed.ok) return msg(`enterprises:import.fatal.${sniffed.reason}`);
  read.format = sniffed.format;
  const rows =
    sniffed.format === 'xlsx'
      ? readXlsxRows(stream as Readable)
      : readCsvRows(stream as Readable, sniffed.format === 'csv-gbk' ? 'gb18030' : 'utf8', head);
  yield* rows;
  return null;
}

function mapHeader(cells: readonly Cell[]): Map<ImportField, number> {
  const columns = new Map<ImportField, number>();
  cells.forEach((cell, index) => {
    const field = LOOKUP.get(normaliseHeader(cellText(cell)));
    if (field && !columns.has(field)) columns.set(field, index);
  });
  return columns;
}

/**
 * How well a header row fits an enterprise list: null when a required column is missing, else the
 * number of columns it knows (core/chat/uploads tells the lists apart by this).
 */
export function enterpriseHeaderScore(cells: readonly string[]): number | null {
  const columns = mapHeader(cells);
  return REQUIRED.every((f) => columns.has(f)) ? columns.size : null;
}

/** Imports a list of enterprises as verified; see the file's opening comment. */
export async function importEnterprises(
  db: Db,
  actor: Operator,
  options: EnterpriseImportOptions,
): Promise<EnterpriseImportResult> {
  authorize(actor, 'enterprise.import');
  const result = emptyResult();
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  let columns: Map<ImportField, number> | null = null;
  let header: string[] = [];
  let scanned = 0;
  let best: Map<ImportField, number> = new Map();
  const read: { format: FileFormat | null } = { format: null };
  const iterator = rowsOf(await options.open(), read);
  const locale = options.locale ?? 'zh-CN';
  let errorFile: ErrorFileWriter | null = null;
  const reject = async (error: ImportRowError, cells: readonly Cell[]) => {
    result.errors.push(error);
    if (!options.errorFileBase || !columns) return;
    if (!errorFile) {
      const format = read.format === 'xlsx' ? 'xlsx' : 'csv';
      result.errorFile = `${options.errorFileBase}.${format}`;
      errorFile = createErrorFile(result.errorFile, format, header, {
        row: t(locale, 'inventory:error_file.row'),
        reason: t(locale, 'inventory:error_file.reason'),
      });
    }
    const column = error.field === null ? undefined : columns.get(error.field);
    const reason = t(locale, error.error.key, error.error.params);
    await errorFile.add(
      error.row,
      [...cells],
      column === undefined ? reason : `${header[column]}: ${reason}`,
    );
  };
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        if (next.value) result.fatal = next.value;
        break;
      }
      const { rowNumber, cells } = next.value;
      if (isBlankRow(cells)) continue;
      if (!columns) {
        const mapped = mapHeader(cells);
        if (REQUIRED.every((f) => mapped.has(f))) {
          columns = mapped;
          header = cells.map(cellText);
        } else if (mapped.size > best.size) best = mapped;
        if (!columns && ++scanned >= HEADER_SCAN_ROWS) break;
        continue;
      }
      result.total++;
      if (result.total % 50 === 0)
        await options.onProgress?.({ rowsRead: result.total, failed: result.errors.length });
      const checked = checkRow(actor, rowNumber, cells, columns);
      if ('error' in checked) {
        await reject(checked, cells);
        continue;
      }
      const first = seen.get(checked.creditCode);
      if (first !== undefined) {
        await reject(
          {
            row: rowNumber,
            field: 'creditCode',
            error: msg('enterprises:import.error.duplicate_in_file', { row: first }),
          },
          cells,
        );
        continue;
      }
      seen.set(checked.creditCode, rowNumber);
      valid.push(checked);
    }
  } catch {
    result.fatal = msg('enterprises:import.fatal.unreadable');
  } finally {
    if (errorFile) await (errorFile as ErrorFileWriter).close();
  }
  if (!result.fatal && !columns) {
    const missing = REQUIRED.filter((f) => !best.has(f)).map((f) => ALIASES[f][0]!);
    result.fatal = msg('enterprises:import.fatal.missing_headers', { missing: missing.join('、') });
  }
  result.failed = result.errors.length;
  if (result.fatal || valid.length === 0) return result;

  await db.$transaction(
    async (tx) => {
      for (const row of valid) await importRow(tx, actor, row, options, result);
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
  return result;
}

function checkRow(
  actor: Operator,
  row: number,
  cells: readonly Cell[],
  columns: Map<ImportField, number>,
): ValidRow | ImportRowError {
  const cell = (field: ImportField) => {
    const index = columns.get(field);
    return index === undefined ? '' : cellText(cells[index] ?? null);
  };
  const problem = (field: ImportField, error: Msg): ImportRowError => ({ row, field, error });
  const get = <T>(field: ImportField, check: (raw: string) => FieldResult<T>): T | ImportRowError => {
    const checked = check(cell(field));
    return checked.ok ? checked.value : problem(field, checked.error);
  };
  const isError = (v: unknown): v is ImportRowError =>
    typeof v === 'object' && v !== null && 'error' in v && 'row' in v;

  for (const field of REQUIRED) {
    if (cell(field) === '')
      return problem(field, msg('enterprises:import.error.missing', { field: ALIASES[field][0]! }));
  }
  const name = get('name', checkName);
  if (isError(name)) return name;
  const creditCode = get('creditCode', checkCreditCode);
  if (isError(creditCode)) return creditCode;
  const region = get('region', checkRegion);
  if (isError(region)) return region;
  if (!may(actor, 'enterprise.verify', { enterpriseId: '', region }))
    return problem('region', msg('enterprises:import.error.foreign_province', { region }));
  const optional = {
    types: checkTypes,
    industries: checkIndustries,
    ipcInterests: checkIpcInterests,
    keywords: checkKeywords,
  } as const;
  const values: Partial<ValidRow> = {};
  for (const [field, check] of Object.entries(optional) as [
    keyof typeof optional,
    (raw: string) => FieldResult<string[]>,
  ][]) {
    if (cell(field) === '') continue;
    const value = get(field, check);
    if (isError(value)) return value;
    Object.assign(values, { [field]: value });
  }
  if (cell('needs') !== '') {
    const needs = get('needs', checkNeeds);
    if (isError(needs)) return needs;
    values.needs = needs;
  }
  let contact: ValidRow['contact'] = null;
  const contactName = cell('contactName');
  if (contactName !== '') {
    const email = cell('contactEmail');
    if (email !== '' && !z.email().safeParse(email.trim()).success)
      return problem('contactEmail', msg('enterprises:import.error.email', { email }));
    contact = {
      name: contactName,
      email: email === '' ? null : normaliseEmail(email),
      mobile: cell('contactMobile') || null,
    };
  }
  return { row, name, creditCode, region, ...values, contact };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function importRow(
  tx: Tx,
  actor: Operator,
  row: ValidRow,
  options: EnterpriseImportOptions,
  result: EnterpriseImportResult,
): Promise<void> {
  const { now } = options;
  const actorId = actor?.personId ?? null;
  const profile = {
    name: row.name,
    region: row.region,
    ...(row.types ? { types: row.types } : {}),
    ...(row.industries ? { industries: row.industries } : {}),
    ...(row.ipcInterests ? { ipcInterests: row.ipcInterests } : {}),
    ...(row.keywords ? { keywords: row.keywords } : {}),
    ...(row.needs !== undefined ? { needs: row.needs } : {}),
  };
  const existing = await tx.enterprise.findUnique({ where: { creditCode: row.creditCode } });
  let enterprise: Enterprise;
  if (!existing) {
    enterprise = await tx.enterprise.create({
      data: {
        types: [],
        ipcInterests: [],
        keywords: [],
        ...profile,
        creditCode: row.creditCode,
        status: 'VERIFIED',
        verifiedAt: now,
        verifiedById: actorId,
        createdAt: now,
        updatedAt: now,
      },
    });
    result.created++;
    await audit(tx, {
      actorId,
      action: 'enterprise.imported',
      subjectType: 'Enterprise',
      subjectId: enterprise.id,
      details: { row: row.row, change: 'created', creditCode: row.creditCode },
    });
  } else {
    const changed = Object.keys(profile).filter(
      (key) => !same(profile[key as keyof typeof profile], existing[key as keyof Enterprise]),
    );
    const verifying = existing.status !== 'VERIFIED';
    if (changed.length === 0 && !verifying) {
      result.unchanged++;
      enterprise = existing;
    } else {
      enterprise = await tx.enterprise.update({
        where: { id: existing.id },
        data: {
          ...profile,
          ...(verifying ? { status: 'VERIFIED', verifiedAt: now, verifiedById: actorId } : {}),
          updatedAt: now,
        },
      });
      result.updated++;
      if (verifying) result.verified++;
      await audit(tx, {
        actorId,
        action: 'enterprise.imported',
        subjectType: 'Enterprise',
        subjectId: existing.id,
        details: {
          row: row.row,
          change: 'updated',
          changed,
          ...(verifying ? { verifiedFrom: existing.status } : {}),
        } as Prisma.InputJsonValue,
      });
    }
  }
  if (row.contact && options.invite !== false)
    await inviteContact(tx, actor, row, enterprise, options, result);
}

/** The row's contact invited as the enterprise's administrator, once (see the opening comment). */
async function inviteContact(
  tx: Tx,
  actor: Operator,
  row: ValidRow,
  enterprise: Enterprise,
  options: EnterpriseImportOptions,
  result: EnterpriseImportResult,
): Promise<void> {
  const contact = row.contact!;
  const hasAdmin = await tx.roleAssignment.findFirst({
    where: { enterpriseId: enterprise.id, role: 'ENTERPRISE_ADMIN' },
  });
  if (hasAdmin) return;
  const person = contact.email
    ? await tx.person.findFirst({ where: { email: { equals: contact.email, mode: 'insensitive' } } })
    : null;
  if (person) {
    const open = await tx.invite.findFirst({
      where: {
        personId: person.id,
        role: 'ENTERPRISE_ADMIN',
        enterpriseId: enterprise.id,
        usedAt: null,
        revokedAt: null,
        expiresAt: { gt: options.now },
      },
    });
    if (open) return;
  }
  try {
    const invitation = await inviteToRoleIn(
      tx,
      actor,
      {
        role: 'ENTERPRISE_ADMIN',
        enterpriseId: enterprise.id,
        invitee: person
          ? { personId: person.id }
          : { name: contact.name, email: contact.email, mobile: contact.mobile },
        ...(options.validDays ? { validDays: options.validDays } : {}),
      },
      options.now,
    );
    result.invitations.push({
      row: row.row,
      enterpriseId: enterprise.id,
      enterpriseName: enterprise.name,
      personName: invitation.personName,
      email: contact.email,
      token: invitation.token,
      expiresAt: invitation.expiresAt,
    });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    result.inviteProblems.push({ row: row.row, field: 'contactName', error: error.reason });
  }
}
