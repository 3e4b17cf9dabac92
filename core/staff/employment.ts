// Employment status as staff lists write it: 在职 / 学生 / 退休 / 离职 or serving / student / retired /
// left (any case), and the usual variants of each.
import type { EmploymentStatus } from '../../prisma/generated/client.ts';

export const EMPLOYMENT_STATUSES = [
  'SERVING',
  'STUDENT',
  'RETIRED',
  'LEFT',
] as const satisfies readonly EmploymentStatus[];

const WORDS: Record<EmploymentStatus, string[]> = {
  SERVING: ['在职', '在岗', '在编', '在职在岗', 'serving', 'employed', 'active', 'staff'],
  STUDENT: ['学生', '在读', '在校生', '研究生', '博士生', '硕士生', '本科生', 'student'],
  RETIRED: ['退休', '已退休', '离退休', 'retired'],
  LEFT: ['离职', '已离职', '调离', '离校', '离岗', 'left', 'gone', 'former'],
};

const LOOKUP = new Map<string, EmploymentStatus>();
for (const status of EMPLOYMENT_STATUSES) for (const word of WORDS[status]) LOOKUP.set(word, status);

/** The status a cell names, or null when it names none. */
export function parseEmployment(raw: string): EmploymentStatus | null {
  return LOOKUP.get(raw.normalize('NFKC').replace(/\s+/g, '').toLowerCase()) ?? null;
}
