// One row of a staff list, checked all at once (every reason of a row is reported): name, staff
// number, email, college (its code or name among the university's colleges), employment status,
// phone. Cells of columns the file does not have come back `undefined`: a re-import leaves those
// fields as they are, whereas an empty cell of a present column clears an optional field.
import { z } from 'zod';
import type { EmploymentStatus } from '../../prisma/generated/client.ts';
import { type Msg, msg } from '../i18n.ts';
import { type Cell, cellText } from '../inventory/cells.ts';
import { parseEmployment } from './employment.ts';
import type { StaffField } from './headers.ts';

export interface StaffIssue {
  field: StaffField | null;
  reason: Msg;
}

export interface College {
  id: string;
  name: string;
}

export interface StaffInput {
  name: string;
  staffNumber: string;
  employment: EmploymentStatus;
  /** Lower-cased; null: empty cell; undefined: no such column. */
  email: string | null | undefined;
  college: College | null | undefined;
  phone: string | null | undefined;
}

export type StaffRowResult = { ok: true; input: StaffInput } | { ok: false; issues: StaffIssue[] };

const LIMITS = { name: 100, staffNumber: 50, email: 254 } as const;
const email = z.email();
const phone = z.string().regex(/^\+?[\d -]{6,20}$/);

/** Colleges are found by code, Chinese or English name, ignoring spaces and case. */
export const collegeKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function validateStaffRow(
  raw: Partial<Record<StaffField, Cell>>,
  colleges: ReadonlyMap<string, College>,
): StaffRowResult {
  const issues: StaffIssue[] = [];
  const fail = (field: StaffField, key: string, params?: Record<string, string | number>) =>
    issues.push({ field, reason: msg(`staff:row.${key}`, params) });

  /** The cell's text; null when empty or unusable (reported); undefined when the column is absent. */
  const text = (field: StaffField): string | null | undefined => {
    if (!(field in raw)) return undefined;
    const cell = raw[field] ?? null;
    if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
      if (cell.kind === 'formula') fail(field, 'formula_without_value', { formula: cell.formula });
      else fail(field, 'cell_error', { error: cell.error });
      return null;
    }
    const value = cellText(cell).normalize('NFKC').replace(/\s+/g, ' ').trim();
    return value === '' ? null : value;
  };
  const required = (field: StaffField, max: number): string => {
    const value = text(field);
    if (value === null || value === undefined) {
      if (!issues.some((i) => i.field === field)) fail(field, `required.${field}`);
      return '';
    }
    if (value.length > max) fail(field, 'too_long', { max });
    return value;
  };

  const name = required('name', LIMITS.name);
  const staffNumber = required('staffNumber', LIMITS.staffNumber);

  let employment: EmploymentStatus = 'SERVING';
  const status = text('employment');
  if (status === null || status === undefined) {
    if (!issues.some((i) => i.field === 'employment')) fail('employment', 'required.employment');
  } else {
    const parsed = parseEmployment(status);
    if (parsed) employment = parsed;
    else fail('employment', 'status_unknown', { value: status });
  }

  let emailValue = text('email');
  if (emailValue) {
    emailValue = emailValue.toLowerCase();
    if (emailValue.length > LIMITS.email || !email.safeParse(emailValue).success)
      fail('email', 'email_invalid', { value: emailValue });
  }

  let college: College | null | undefined;
  const collegeText = text('college');
  if (collegeText !== undefined) {
    college = collegeText === null ? null : (colleges.get(collegeKey(collegeText)) ?? null);
    if (collegeText !== null && college === null) fail('college', 'college_unknown', { value: collegeText });
  }

  const phoneValue = text('phone');
  if (phoneValue && !phone.safeParse(phoneValue).success)
    fail('phone', 'phone_invalid', { value: phoneValue });

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    input: { name, staffNumber, employment, email: emailValue, college, phone: phoneValue },
  };
}
