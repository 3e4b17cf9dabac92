// The persons of an institution (anyone with a role there or in one of its colleges), looked up by
// name to link the inventor names printed on patents. Names are not identities: two persons with
// the same name are reported to the coordinator instead of guessed.
import type { EmploymentStatus } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';

export interface DirectoryPerson {
  id: string;
  name: string;
  email: string | null;
  employment: EmploymentStatus;
}

export type NameMatch =
  | { kind: 'unique'; person: DirectoryPerson }
  | { kind: 'ambiguous'; candidates: DirectoryPerson[] }
  | { kind: 'none' };

/** Chinese names are compared without spaces ("张 伟" = "张伟"), Latin names case-insensitively. */
export const normaliseName = (name: string) =>
  name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const key = (name: string) => {
  const n = normaliseName(name);
  return /[\u3400-\u9fff]/.test(n) ? n.replace(/ /g, '') : n;
};

export class PeopleDirectory {
  private readonly byName = new Map<string, DirectoryPerson[]>();
  private readonly byId = new Map<string, DirectoryPerson>();

  constructor(people: DirectoryPerson[]) {
    for (const p of people) this.add(p);
  }

  static async load(db: Db, institutionIds: string[]): Promise<PeopleDirectory> {
    const people = await db.person.findMany({
      where: { roles: { some: { institutionId: { in: institutionIds } } } },
      select: { id: true, name: true, email: true, employment: true },
    });
    return new PeopleDirectory(people);
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

  match(name: string): NameMatch {
    const found = this.byName.get(key(name)) ?? [];
    if (found.length === 1) return { kind: 'unique', person: found[0]! };
    if (found.length > 1) return { kind: 'ambiguous', candidates: found };
    return { kind: 'none' };
  }
}
