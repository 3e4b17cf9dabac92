// The coordinator's corrections after an import, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../../core/errors.ts';
import { importPatents } from '../../../core/inventory/import.ts';
import { linkInventor, reassignResponsible } from '../../../core/inventory/reassign.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { appNo, CNIPA_HEADERS, cnipaRow, createWorld, csv, opener, utf8 } from './fixtures.ts';

describe.each(DATABASE_KINDS)('inventor corrections on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.close());

  it('links an ambiguous name to the chosen person, applies the rule, and allows reassignment', async () => {
    const world = await createWorld(db.prisma);
    const twin = await db.prisma.person.create({ data: { name: '张伟', email: `twin-${kind}@x.cn` } });
    await db.prisma.roleAssignment.create({
      data: { personId: twin.id, role: 'INVENTOR', institutionId: world.institutionId },
    });
    const summary = await importPatents(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      fileName: 'a.csv',
      open: opener(utf8(csv([CNIPA_HEADERS, cnipaRow(901)]))),
      locale: 'en',
      clock: testClock(),
    });
    expect(summary.ambiguous).toHaveLength(1);
    const patent = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100901) },
    });
    expect(patent.responsibleInventorId).toBeNull();

    await expect(linkInventor(db.prisma, world.inventor, patent.id, 1, twin.id)).rejects.toBeInstanceOf(
      Refusal,
    );
    await expect(
      linkInventor(db.prisma, world.otherCoordinator, patent.id, 1, twin.id),
    ).rejects.toBeInstanceOf(Refusal);
    const linked = await linkInventor(db.prisma, world.coordinator, patent.id, 1, twin.id);
    expect(linked.responsibleInventorId).toBe(twin.id);

    // An outsider cannot be made responsible; a colleague can.
    const outsider = await db.prisma.person.create({ data: { name: '外人' } });
    await expect(
      reassignResponsible(db.prisma, world.coordinator, patent.id, outsider.id),
    ).rejects.toBeInstanceOf(Refusal);
    await reassignResponsible(db.prisma, world.coordinator, patent.id, world.persons.wangfang!);
    const after = await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } });
    expect(after.responsibleInventorId).toBe(world.persons.wangfang);

    // A re-import keeps the coordinator's choices.
    const again = await importPatents(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      fileName: 'a.csv',
      open: opener(utf8(csv([CNIPA_HEADERS, cnipaRow(901)]))),
      locale: 'en',
      clock: testClock(),
    });
    expect(again).toMatchObject({ unchanged: 1, updated: 0 });
    expect(
      (await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } })).responsibleInventorId,
    ).toBe(world.persons.wangfang);
    expect(
      await db.prisma.auditLog.count({ where: { subjectId: patent.id, action: { startsWith: 'patent.' } } }),
    ).toBe(2);
  });
});
