// Only verified enterprises receive match pushes and roadshow invitations: an enterprise registered
// in chat (pending) or rejected by the bureau is neither matched nor invited, whatever its profile;
// once verified, it is. On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerEnterprise,
  rejectEnterprise,
  verifyEnterprise,
} from '../../../core/enterprises/enterprises.ts';
import { runMatching } from '../../../core/matching/run.ts';
import { audienceFor } from '../../../core/roadshows/roadshows.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { buildMatchingWorld, type MatchingWorld } from '../matching/fixtures.ts';
import { creditCode, personWithRole, type Staff } from './fixtures.ts';

describe.each(DATABASE_KINDS)('verified enterprises only on %s', (kind) => {
  let db: TestDatabase;
  let world: MatchingWorld;
  let pendingId: string;
  let rejectedId: string;
  let pendingAdmin: Staff;
  let rejectedAdmin: Staff;

  /** The same needs as the world's verified enterprise: it would match the same patents. */
  const profile = () => ({
    creditCode: creditCode(),
    region: '330100',
    ipcInterests: ['H01M 10/05', 'G06N'],
    keywords: ['固态电解质', 'Battery'],
  });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    world = await buildMatchingWorld(db.prisma);
    pendingAdmin = await personWithRole(db.prisma, '待核验企业管理员', null);
    rejectedAdmin = await personWithRole(db.prisma, '被驳回企业管理员', null);
    pendingId = (
      await registerEnterprise(db.prisma, pendingAdmin, { name: '待核验电池公司', ...profile() }, TEST_NOW)
    ).enterprise.id;
    rejectedId = (
      await registerEnterprise(db.prisma, rejectedAdmin, { name: '被驳回电池公司', ...profile() }, TEST_NOW)
    ).enterprise.id;
    await rejectEnterprise(db.prisma, null, rejectedId, TEST_NOW);
  });
  afterAll(() => db?.close());

  const pushesTo = (enterpriseId: string) => db.prisma.matchPush.count({ where: { enterpriseId } });
  const deliveriesTo = (personId: string) =>
    db.prisma.delivery.count({ where: { personId, kind: { in: ['match.push', 'roadshow.invitation'] } } });

  it('a matching run pushes to the verified enterprise only', async () => {
    const run = await runMatching(db.prisma, { now: TEST_NOW });
    expect(run.enterprises).toBe(1);
    expect(await pushesTo(world.enterpriseId)).toBeGreaterThan(0);
    expect(await pushesTo(pendingId)).toBe(0);
    expect(await pushesTo(rejectedId)).toBe(0);
    expect(await deliveriesTo(pendingAdmin.personId)).toBe(0);
    expect(await deliveriesTo(rejectedAdmin.personId)).toBe(0);
  });

  it('a roadshow’s audience leaves out pending and rejected enterprises', async () => {
    const audience = await audienceFor(db.prisma, {
      audience: { enterpriseIpc: ['H01M'], regions: [], inventors: false },
      patentIds: [],
    });
    const invited = audience.map((a) => a.personId);
    expect(invited).toContain(world.staffZh);
    expect(invited).not.toContain(pendingAdmin.personId);
    expect(invited).not.toContain(rejectedAdmin.personId);
  });

  it('once verified, the enterprise is matched and invited like any other', async () => {
    await verifyEnterprise(db.prisma, null, pendingId, TEST_NOW);
    const run = await runMatching(db.prisma, { now: TEST_NOW });
    expect(run.enterprises).toBe(2);
    expect(await pushesTo(pendingId)).toBeGreaterThan(0);
    expect(
      await db.prisma.delivery.count({ where: { personId: pendingAdmin.personId, kind: 'match.push' } }),
    ).toBeGreaterThan(0);
    const audience = await audienceFor(db.prisma, {
      audience: { enterpriseIpc: ['H01M'], regions: [], inventors: false },
      patentIds: [],
    });
    expect(audience.map((a) => a.personId)).toContain(pendingAdmin.personId);
    expect(audience.map((a) => a.personId)).not.toContain(rejectedAdmin.personId);
    expect(await pushesTo(rejectedId)).toBe(0);
  });
});
