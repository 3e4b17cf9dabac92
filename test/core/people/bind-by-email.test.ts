// Binding a platform account to a Person by a confirmed email, on both databases.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_INVENTOR } from '../../../core/demo/demo-data.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { bindByEmail } from '../../../core/people/bind-by-email.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('bind by email on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const account = (externalId: string) => ({ channel: 'SLACK' as const, externalId });

  it('binds by email whatever its case, with the address, and audits it', async () => {
    const result = await bindByEmail(db.prisma, account('T1:U1'), async () => ({
      email: ` ${DEMO_INVENTOR.email.toUpperCase()} `,
      address: 'D1',
    }));
    expect(result).toEqual({ outcome: 'BOUND', personId: demo.inventorPersonId });
    const identity = await db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'SLACK', externalId: 'T1:U1' } },
    });
    expect(identity.address).toBe('D1');
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'identity.bound-by-email' } });
    expect(audit).toMatchObject({ actorId: demo.inventorPersonId, subjectId: demo.inventorPersonId });
  });

  it('does not look anything up for a known account', async () => {
    const lookup = vi.fn();
    const result = await bindByEmail(db.prisma, account('T1:U1'), lookup);
    expect(result.outcome).toBe('KNOWN');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('does not add a second account on the same channel to a person silently', async () => {
    const result = await bindByEmail(db.prisma, account('T2:U9'), async () => ({
      email: DEMO_INVENTOR.email,
      address: 'D9',
    }));
    expect(result).toEqual({ outcome: 'TAKEN', personId: demo.inventorPersonId });
    expect(await db.prisma.channelIdentity.count({ where: { externalId: 'T2:U9' } })).toBe(0);
  });

  it('binds nobody without a confirmed email or without a match', async () => {
    expect((await bindByEmail(db.prisma, account('T1:U2'), async () => null)).outcome).toBe('NO_MATCH');
    expect(
      (await bindByEmail(db.prisma, account('T1:U3'), async () => ({ email: null, address: null }))).outcome,
    ).toBe('NO_MATCH');
    expect(
      (
        await bindByEmail(db.prisma, account('T1:U4'), async () => ({
          email: 'nobody@example.org',
          address: 'D4',
        }))
      ).outcome,
    ).toBe('NO_MATCH');
    expect(
      await db.prisma.channelIdentity.count({ where: { externalId: { in: ['T1:U2', 'T1:U3', 'T1:U4'] } } }),
    ).toBe(0);
  });
});
