// What an import would change on an existing patent, field by field, in values a person can read
// ("H01M 10/0562; H01M 4/62", "2017-06-01"): the import report and the audit log show these.

import { formatCalendarDate } from '../time-format.ts';
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export type Comparable = string | string[] | Date | null;

function show(value: Comparable): string {
  if (value === null) return '';
  // Only calendar dates (filing, grant) are compared here.
  if (value instanceof Date) return formatCalendarDate(value);
  if (Array.isArray(value)) return value.join('; ');
  return value;
}

/** Equal as shown, without building the text (a re-import compares every field of every row). */
function same(b: Comparable, a: Comparable): boolean {
  if (b === a) return true;
  if (b instanceof Date && a instanceof Date) return b.getTime() === a.getTime();
  if (Array.isArray(b) && Array.isArray(a)) {
    if (b.length === 0 && a.length === 0) return true;
    if (b.length === a.length && b.every((x, i) => x === a[i])) return true;
  }
  return show(b) === show(a);
}

export function diffFields(
  before: Record<string, Comparable>,
  after: Record<string, Comparable>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    const [bv, av] = [before[field] ?? null, after[field] ?? null];
    if (same(bv, av)) continue;
    const [b, a] = [show(bv), show(av)];
    if (b !== a) changes.push({ field, before: b, after: a });
  }
  return changes;
}
