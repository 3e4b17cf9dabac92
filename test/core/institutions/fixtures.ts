// Institutions for tests: valid unified social credit codes (check character computed), and an
// administrator and a coordinator to act as.
import type { Db } from '../../../core/db/database.ts';
import { creditCodeCheckCharacter } from '../../../core/identifiers/credit-code.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';

/** A public institution's code (12 = 机构编制), in a region, numbered: check character included. */
export function creditCode(n: number, region = '330000'): string {
  const first17 = `12${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** The same code with a wrong check character. */
export function badCreditCode(n: number): string {
  const good = creditCode(n);
  const wrong = good.endsWith('1') ? '2' : '1';
  return good.slice(0, 17) + wrong;
}

let people = 0;

export async function actorWithRole(
  db: Db,
  name: string,
  role: 'ADMIN' | 'UNIVERSITY_COORDINATOR',
  institutionId: string | null = null,
): Promise<Actor> {
  const person = await db.person.create({
    data: { name, email: `person${++people}@example.edu.cn`, roles: { create: { role, institutionId } } },
  });
  return (await loadActor(db, person.id))!;
}
