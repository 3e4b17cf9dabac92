// An institution's staff directory as its coordinator reads it: by staff number, optionally only
// the staff of one employment status (who left, who retired).
import type { EmploymentStatus } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { authorize, type Operator } from '../people/authorize.ts';

export interface StaffListEntry {
  staffNumber: string;
  name: string;
  email: string | null;
  phone: string | null;
  college: string | null;
  employment: EmploymentStatus;
  personId: string;
}

export async function listStaff(
  db: Db,
  actor: Operator,
  institutionId: string,
  filter: { employment?: EmploymentStatus } = {},
): Promise<StaffListEntry[]> {
  const institution = await db.institution.findUnique({ where: { id: institutionId }, select: { id: true } });
  authorize(actor, 'staff.list', institution ? { institutionId: institution.id } : null, institutionId);
  const records = await db.staffRecord.findMany({
    where: { institutionId, ...(filter.employment ? { employment: filter.employment } : {}) },
    include: { person: { select: { name: true } }, college: { select: { nameZh: true } } },
    orderBy: { staffNumber: 'asc' },
  });
  return records.map((r) => ({
    staffNumber: r.staffNumber,
    name: r.person.name,
    email: r.email,
    phone: r.phone,
    college: r.college?.nameZh ?? null,
    employment: r.employment,
    personId: r.personId,
  }));
}
