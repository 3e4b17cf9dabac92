// The persons of an institution, looked up by name to link the inventor names printed on patents:
// its staff directory (core/staff: the list its coordinator imported, with each person's employment
// there) and, as before the directory existed, anyone with a role there or in one of its colleges.
// Names are not identities: two persons with the same name are reported to the coordinator instead
// of guessed, unless the patent's college settles it (exactly one of them on that college's staff).
import type { EmploymentStatus } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';

export interface DirectoryPerson {
  id: string;
  name: string;
  email: string | null;
  /** At this institution: its staff record's status when it has one, else the person's. */
  employment: EmploymentStatus;
  /** From the staff directory, when the person is in it. */
  staffNumber?: string | null;
  collegeId?: string | null;
}

export type NameMatch =
  | { kind: 'unique'; person: DirectoryPerson }
  | { kind: 'ambiguous'; candidates: DirectoryPerson[] }
  | { kind: 'none' };

/** Chinese names are compared without spaces ("张 伟" = "张伟"), Latin names case-insensitively. */
export const normaliseName = (name: string) =>
  name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
// Names repeat on every patent of their inventor: each is normalised once (bounded cache).
const keys = new Map<string, string>();
const key = (name: string) => {
  let k = keys.get(name);
  if (k === undefined) {
    const n = normaliseName(name);
    k = /[\u3400-\u9fff]/.test(n) ? n.replace(/ /g, '') : n;
    if (keys.size >= 8192) keys.clear();
    keys.set(name, k);
  }
  return k;
};

export class PeopleDirectory {
  private readonly byName = new Map<string, DirectoryPerson[]>();
  private readonly byId = new Map<string, DirectoryPerson>();

  constructor(people: DirectoryPerson[]) {
    for (const p of people) this.add(p);
  }

  /** `institutionIds`: the institution and its colleges. */
  static async load(db: Db, institutionIds: string[]): Promise<PeopleDirectory> {
    const inScope = { institutionId: { in: institutionIds } };
    const people = await db.person.findMany({
      where: { OR: [{ roles: { some: inScope } }, { staffRecords: { some: inScope } }] },
      select: {
        id: true,
        name: true,
        email: true,
        employment: true,
        staffRecords: {
          where: inScope,
          select: { employment: true, staffNumber: true, collegeId: true },
          orderBy: { staffNumber: 'asc' },
          take: 1,
        },
      },
      orderBy: { id: 'asc' },
    });
    return new PeopleDirectory(
      people.map(({ staffRecords: [record], ...person }) => ({
        ...person,
        employment: record?.employment ?? person.employment,
        staffNumber: record?.staffNumber ?? null,
        collegeId: record?.collegeId ?? null,
      })),
    );
  }

  add(person: DirectoryPerson): void {
    if (this.byId.has(person.id)) return;
    this.byId.set(person.id, person);
    const list = this.byName.get(key(person.name)) ?? [];
    list.push(person);
    this.byName.set(key(person.name), list);
  }

  get(id: string): DirectoryPerson | undefined {
    return this.byId.get(id);
  }

  /**
   * The person of this name. With the patent's college, a name shared by several persons is settled
   * when exactly one of them is on that college's staff list.
   */
  match(name: string, collegeId: string | null = null): NameMatch {
    const found = this.byName.get(key(name)) ?? [];
    if (found.length === 1) return { kind: 'unique', person: found[0]! };
    if (found.length > 1) {
      const ofCollege = collegeId === null ? [] : found.filter((p) => p.collegeId === collegeId);
      if (ofCollege.length === 1) return { kind: 'unique', person: ofCollege[0]! };
      return { kind: 'ambiguous', candidates: found };
    }
    return { kind: 'none' };
  }
}
