// A coordinator records a deal in the chat: authorized by role and institution, audited, the
// inventor told through the outbox, the deal counted in the digest's funnel.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { chooseDealAction } from '../../../core/deals/chat.ts';
import { recordDeal } from '../../../core/deals/deals.ts';
import { dealRecorded } from '../../../core/deals/messages.ts';
import { digestFigures } from '../../../core/digest/figures.ts';
import { t } from '../../../core/i18n.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { testClock } from '../../support/clock.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { type Fixture, PROVINCE, seedFixture } from '../digest/fixture.ts';

const NOW = new Date('2024-06-03T02:00:00Z');

describe.each(DATABASE_KINDS)('deals on %s', (kind) => {
  let db: TestDatabase;
  let fx: Fixture;
  let dataDir: string;
  let dataDirHandle: TemporaryDataDir | undefined;
  beforeAll(async () => {
    dataDirHandle = await temporaryDataDir('revive-deals-');
    dataDir = dataDirHandle.path;
    db = await createTestDatabase(kind);
    fx = await seedFixture(db.prisma);
    await db.prisma.channelIdentity.create({
      data: { personId: fx.inventor, channel: 'TERMINAL', externalId: 'fx-inventor', address: 'fx-inventor' },
    });
  });
  afterAll(async () => {
    await dataDirHandle?.restore();
    await db?.close();
  });

  const send = (userId: string, args: string) =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock(NOW) }).handle({
      channel: 'TERMINAL',
      userId,
      chatIsPrivate: true,
      event: { kind: 'command', command: 'deal', args },
    });

  it('records a licence from the chat, audits it and tells the inventor', async () => {
    const patent = await db.prisma.patent.findUniqueOrThrow({ where: { id: fx.patents.a1 } });
    const choose = await send('fx-coord', patent.applicationNumber);
    expect(choose[0]!.buttons!.flat().map((b) => b.label)).toContain(t('zh-CN', 'deals:type.open'));
    // The same choice from the patent's view (a button carrying the patent's id).
    const viaButton = await createChatService({
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      clock: testClock(NOW),
    }).handle({
      channel: 'TERMINAL',
      userId: 'fx-coord',
      chatIsPrivate: true,
      event: { kind: 'action', action: chooseDealAction.to({ patentId: patent.id }) },
    });
    expect(viaButton[0]!.text).toBe(choose[0]!.text);
    const replies = await send('fx-coord', `${patent.applicationNumber} 独占许可 50.5 2024-05-01`);
    expect(replies[0]!.text).toBe(
      t('zh-CN', 'deals:recorded', { title: patent.title, type: t('zh-CN', 'deals:type.exclusive') }),
    );
    const deal = await db.prisma.transformationRecord.findFirstOrThrow({ where: { patentId: patent.id } });
    expect(deal).toMatchObject({ kind: 'LICENCE', licenceType: 'exclusive', recordedById: fx.coordinator });
    expect(deal.amountWanYuan?.toString()).toBe('50.5');
    expect(await db.prisma.auditLog.count({ where: { action: 'deal.recorded', subjectId: patent.id } })).toBe(
      1,
    );
    const delivery = await db.prisma.delivery.findFirstOrThrow({ where: { kind: 'deal.recorded' } });
    expect(delivery.personId).toBe(fx.inventor);
    const notice = await dealRecorded.renderStored(db.prisma, {
      locale: 'zh-CN',
      payload: delivery.payload,
      personId: fx.inventor,
      now: NOW,
    });
    expect(notice!.text).toContain('独占许可');
    expect(notice!.text).toContain('50.5 万元');
    // A second press of the same terms is the same deal.
    await send('fx-coord', `${patent.applicationNumber} 独占许可 50.5 2024-05-01`);
    expect(await db.prisma.transformationRecord.count({ where: { patentId: patent.id } })).toBe(1);
    const f = await digestFigures(db.prisma, { kind: 'province', province: PROVINCE }, { now: NOW });
    expect(f.totals.deals).toBe(3);
    expect(f.totals.funnel.deal).toBe(3);
  });

  it('refuses the bureau, another institution and a future contract date', async () => {
    const patent = await db.prisma.patent.findUniqueOrThrow({ where: { id: fx.patents.c0 } });
    const refusal = t('zh-CN', 'deals:refusal.not_allowed');
    expect((await send('fx-bureau', `${patent.applicationNumber} transfer`))[0]!.text).toContain(refusal);
    expect((await send('fx-coord', `${patent.applicationNumber} transfer`))[0]!.text).toContain(refusal);
    const own = await db.prisma.patent.findUniqueOrThrow({ where: { id: fx.patents.a2 } });
    expect((await send('fx-coord', `${own.applicationNumber} transfer 2030-01-01`))[0]!.text).toContain(
      t('zh-CN', 'deals:refusal.future_date'),
    );
    expect(await db.prisma.transformationRecord.count({ where: { patentId: own.id } })).toBe(0);
  });

  it('keeps the contract file in a private directory under DATA_DIR', async () => {
    const actor = await loadActor(db.prisma, fx.coordinator);
    const result = await recordDeal(
      db.prisma,
      actor!,
      { patentId: fx.patents.a2, type: 'transfer' },
      { now: NOW, contract: { fileName: '../合同.pdf', bytes: Buffer.from('%PDF-1.4') } },
    );
    const deal = await db.prisma.transformationRecord.findUniqueOrThrow({ where: { id: result.id } });
    expect(deal.contractFile).toMatch(/^contracts\/deal-[^/]+\/合同\.pdf$/);
    expect((await readFile(path.join(dataDir, deal.contractFile!))).toString()).toBe('%PDF-1.4');
  });
});
