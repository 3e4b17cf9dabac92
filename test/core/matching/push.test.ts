// The pushed patent as its recipients see it, and how their answers move the match along, on both
// databases, through the same chat entry point every adapter uses.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationHooks, openEvaluation } from '../../../core/assessments/evaluations.ts';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { patentAction, patentsAction } from '../../../core/inventory/actions.ts';
import { declineAction } from '../../../core/matching/actions.ts';
import { matchPush } from '../../../core/matching/messages.ts';
import { runMatching } from '../../../core/matching/run.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { interestAction } from '../../../core/roadshows/actions.ts';
import { decodeAction } from '../../support/actions.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { buildMatchingWorld, type MatchingWorld } from './fixtures.ts';

describe.each(DATABASE_KINDS)('match pushes on %s', (kind) => {
  let db: TestDatabase;
  let world: MatchingWorld;
  let chat: ChatService;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    world = await buildMatchingWorld(db.prisma);
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    await runMatching(db.prisma, { capPerEnterprise: 10, now: TEST_NOW });
  });
  afterAll(() => db?.close());

  const matchOf = (patentId: string) =>
    db.prisma.matchPush.findUniqueOrThrow({
      where: { patentId_enterpriseId: { patentId, enterpriseId: world.enterpriseId } },
    });
  const render = async (patentId: string, personId: string, locale: 'zh-CN' | 'en') =>
    matchPush.renderStored(db.prisma, {
      locale,
      personId,
      payload: { matchId: (await matchOf(patentId)).id },
      now: TEST_NOW,
    });
  const press = (userId: string, action: string) =>
    chat.handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, event: { kind: 'action', action } });
  const text = (messages: OutgoingMessage[]) => messages.map((m) => m.text).join('\n');
  const actions = (messages: OutgoingMessage[]) =>
    messages.flatMap((m) => m.buttons?.flat() ?? []).map((b) => decodeAction(b.action));

  it('shows the public data and the reasons in Chinese', async () => {
    const message = (await render(world.patents.electrolyte, world.staffZh, 'zh-CN'))!;
    const patent = await db.prisma.patent.findUniqueOrThrow({ where: { id: world.patents.electrolyte } });
    expect(message.text).toContain('为贵单位匹配到一件可转化专利');
    expect(message.text).toContain(patent.title);
    expect(message.text).toContain(patent.applicationNumber);
    expect(message.text).toContain('IPC 分类号：H01M 10/0562; H01M 4/62');
    expect(message.text).toContain('专利权人：之江理工大学');
    expect(message.text).toContain('• 主分类号 H01M 10/0562 在贵单位关注的分组 H01M 10/05 下（+60 分）');
    expect(message.text).toMatch(
      /• 关键词“固态电解质”：标题中有“固态电解质”；摘要中有“固态电解质”（\+[\d.]+ 分）/,
    );
    expect(message.text).toContain('• 专利权人与贵单位位于同一省份（+4 分）');
    // the abstract is cut short; nothing about the inventors
    expect(message.text).toContain('…');
    expect(message.text).not.toContain(patent.abstract!);
    expect(message.text).not.toContain('李发明');
    expect(actions([message])).toEqual([
      { type: 'patent', patentId: patent.id },
      { type: 'evaluate', patentId: patent.id },
      { type: 'interest', patentId: patent.id },
      { type: 'decline', patentId: patent.id },
    ]);
  });

  it('shows the reasons in English to an English-speaking colleague', async () => {
    const message = (await render(world.patents.cathode, world.staffEn, 'en'))!;
    expect(message.text).toContain('A patent available for transfer matches your enterprise');
    expect(message.text).toContain('Holder: Yanjing Institute of Technology');
    expect(message.text).toContain('• IPC H01M 4/13 shares subclass H01M with your field H01M 10/05 (+20)');
    expect(message.text).toMatch(/• keyword “Battery”: “battery” in the abstract \(\+[\d.]+\)/);
    expect(message.text).not.toContain('province');
  });

  it('is not shown to someone outside the enterprise', async () => {
    expect(await render(world.patents.electrolyte, world.outsider, 'zh-CN')).toBeNull();
  });

  it('lists pushed matches first, best first, with their reasons', async () => {
    const list = text(await press(world.staffZhUserId, patentsAction.to({ page: 0 })));
    const lines = list.split('\n');
    expect(lines[1]).toContain('1. ⭐ 一种硫化物固态电解质及其制备方法');
    expect(lines[3]).toContain('主分类号 H01M 10/0562 在贵单位关注的分组 H01M 10/05 下');
    expect(lines[4]).toContain('2. ⭐ Electrolyte additive for high-voltage cells');
  });

  it('becomes VIEWED when the patent is opened, and the page says why it was pushed', async () => {
    const replies = await press(
      world.staffZhUserId,
      patentAction.to({ patentId: world.patents.electrolyte }),
    );
    expect(text(replies)).toContain('推荐理由');
    expect(actions(replies)).toContainEqual({ type: 'decline', patentId: world.patents.electrolyte });
    expect((await matchOf(world.patents.electrolyte)).status).toBe('VIEWED');
  });

  it('becomes DECLINED with a one-tap reason, audited, and the push is then obsolete', async () => {
    const patentId = world.patents.additive;
    const choose = await press(world.staffZhUserId, declineAction.to({ patentId }));
    expect(actions(choose)).toContainEqual({ type: 'decline', patentId, reason: 'outsideField' });
    const done = await press(world.staffZhUserId, declineAction.to({ patentId, reason: 'outsideField' }));
    expect(text(done)).toContain('不属于我们的业务领域');
    expect((await matchOf(patentId)).status).toBe('DECLINED');
    const entry = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'match.declined' } });
    expect(entry).toMatchObject({ subjectId: patentId, actorId: world.staffZh });
    expect(entry.details).toMatchObject({ reason: 'outsideField' });
    const again = await press(world.staffZhUserId, declineAction.to({ patentId, reason: 'tooEarly' }));
    expect(text(again)).toContain('已经答复过');
    expect(await render(patentId, world.staffZh, 'zh-CN')).toBeNull();
    // no longer put forward at the top of the list
    const list = text(await press(world.staffZhUserId, patentsAction.to({ page: 0 })));
    expect(list).not.toContain('⭐ Electrolyte additive');
  });

  it('becomes INTERESTED when interest is expressed', async () => {
    await press(world.staffZhUserId, interestAction.to({ patentId: world.patents.cathode }));
    expect((await matchOf(world.patents.cathode)).status).toBe('INTERESTED');
  });

  it('becomes EVALUATED on a submitted evaluation, which does not undo interest', async () => {
    const actor = (await loadActor(db.prisma, world.staffZh))!;
    const patentId = world.patents.network;
    const evaluation = await openEvaluation(db.prisma, actor, patentId);
    await evaluationHooks(actor).onSubmitted!(db.prisma, evaluation, { cooperation: ['licence'] }, TEST_NOW);
    expect((await matchOf(patentId)).status).toBe('EVALUATED');
    expect(await render(patentId, world.staffZh, 'zh-CN')).toBeNull();
    await press(world.staffZhUserId, interestAction.to({ patentId }));
    await evaluationHooks(actor).onSubmitted!(db.prisma, evaluation, { cooperation: ['licence'] }, TEST_NOW);
    expect((await matchOf(patentId)).status).toBe('INTERESTED');
  });

  it('refuses to decline for someone outside the enterprise', async () => {
    const outsider = await db.prisma.channelIdentity.findFirstOrThrow({
      where: { personId: world.outsider },
    });
    const replies = await press(
      outsider.externalId,
      declineAction.to({ patentId: world.patents.electrolyte }),
    );
    expect(text(replies)).toContain('⛔');
    expect((await matchOf(world.patents.electrolyte)).status).toBe('VIEWED');
  });

  it('is obsolete once the patent leaves the pool', async () => {
    expect(await render(world.patents.electrolyte, world.staffZh, 'zh-CN')).not.toBeNull();
    await db.prisma.patent.update({
      where: { id: world.patents.electrolyte },
      data: { inventoryStatus: 'SCREENED_OUT' },
    });
    expect(await render(world.patents.electrolyte, world.staffZh, 'zh-CN')).toBeNull();
  });
});
