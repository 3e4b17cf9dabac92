import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimUpdate,
  forgetOldProcessedUpdates,
  PROCESSED_UPDATE_RETENTION_MS,
} from '../../../core/intake/processed-updates.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

const ago = (ms: number) => new Date(TEST_NOW.getTime() - ms);

describe.each(DATABASE_KINDS)('claims of chat updates on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.close());

  it('claims an update once, and forgets only claims older than the redelivery window', async () => {
    expect(
      await claimUpdate(db.prisma, 'telegram:1', '100', ago(PROCESSED_UPDATE_RETENTION_MS + 60_000)),
    ).toBe(true);
    expect(
      await claimUpdate(db.prisma, 'telegram:1', '101', ago(PROCESSED_UPDATE_RETENTION_MS - 60_000)),
    ).toBe(true);
    expect(await claimUpdate(db.prisma, 'slack:T1', 'Ev1', TEST_NOW)).toBe(true);
    expect(await claimUpdate(db.prisma, 'slack:T1', 'Ev1', TEST_NOW)).toBe(false);

    expect(await forgetOldProcessedUpdates(db.prisma, TEST_NOW)).toBe(1);
    const kept = await db.prisma.processedUpdate.findMany({ orderBy: { key: 'asc' } });
    expect(kept.map((row) => row.key)).toEqual(['101', 'Ev1']);
    // A redelivery inside the window is still recognised.
    expect(await claimUpdate(db.prisma, 'telegram:1', '101', TEST_NOW)).toBe(false);
  });
});
