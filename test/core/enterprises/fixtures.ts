// People and codes for enterprise tests: valid unified social credit codes, bureau officers of
// Zhejiang (330000) and Beijing (110000) and a platform administrator, each with a terminal account.
import type { Db } from '../../../core/db/database.ts';
import { creditCodeCheckCharacter } from '../../../core/identifiers/credit-code.ts';
import type { Role } from '../../../prisma/generated/client.ts';

let counter = 0;

/** A valid unified social credit code, different on every call ("91330100MA" + 7 digits + check). */
export function creditCode(prefix = '91330100MA'): string {
  counter += 1;
  const first17 =
    `${prefix}${String((Date.now() % 1_000) + counter * 1_000).padStart(17 - prefix.length, '0')}`.slice(
      0,
      17,
    );
  return first17 + creditCodeCheckCharacter(first17);
}

/** The same code with a wrong check character. */
export function withWrongCheck(code: string): string {
  const last = code[17] === '0' ? '1' : '0';
  return code.slice(0, 17) + last;
}

export interface Staff {
  personId: string;
  /** The terminal user id. */
  userId: string;
}

export async function personWithRole(
  db: Db,
  key: string,
  role: Role | null,
  scope: { province?: string; enterpriseId?: string } = {},
): Promise<Staff> {
  const userId = `${key}-${Date.now().toString(36)}-${++counter}`;
  const person = await db.person.create({
    data: {
      name: key,
      email: `${userId}@example.cn`,
      ...(role ? { roles: { create: { role, ...scope } } } : {}),
      identities: { create: { channel: 'TERMINAL', externalId: userId, address: userId } },
    },
  });
  return { personId: person.id, userId };
}

export interface Officials {
  zhejiang: Staff;
  beijing: Staff;
  admin: Staff;
}

export async function officials(db: Db): Promise<Officials> {
  return {
    zhejiang: await personWithRole(db, '浙江局', 'BUREAU_OFFICER', { province: '330000' }),
    beijing: await personWithRole(db, '北京局', 'BUREAU_OFFICER', { province: '110000' }),
    admin: await personWithRole(db, '管理员', 'ADMIN'),
  };
}
