// A self-assessment sent back: the inventor is told why, proactively and in the patent's view.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessAction } from '../../../core/assessments/actions.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { patentAction } from '../../../core/inventory/actions.ts';
import { decide } from '../../../core/screening/decide.ts';
import { screeningReturned } from '../../../core/screening/messages.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createWorld, submittedPatent, type World } from '../inventory/fixtures.ts';

describe('a returned self-assessment', () => {
  let db: TestDatabase;
  let world: World;
  let patentId: string;
  const comment = '应用场景请写具体的行业和产品。';

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    world = await createWorld(db.prisma);
    patentId = await submittedPatent(db.prisma, world, 990_001);
    await decide(db.prisma, world.collegeCoordinator, { patentId, outcome: 'RETURNED', comment }, TEST_NOW);
  });
  afterAll(() => db?.close());

  it('queues one notice to the respondent with the comment and a button to revise', async () => {
    const deliveries = await db.prisma.delivery.findMany({ where: { kind: 'screening.returned' } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.personId).toBe(world.inventor.personId);
    expect(deliveries[0]!.notBefore).toEqual(TEST_NOW);
    const message = await screeningReturned.renderStored(db.prisma, {
      locale: 'zh-CN',
      payload: deliveries[0]!.payload,
      personId: world.inventor.personId,
      now: TEST_NOW,
    });
    expect(message?.text).toContain(comment);
    expect(message?.confidential).toBe(true);
    expect(message?.buttons?.[0]?.[0]?.action).toBe(assessAction.to({ patentId }));
    // someone else's delivery payload renders nothing
    expect(
      await screeningReturned.renderStored(db.prisma, {
        locale: 'zh-CN',
        payload: deliveries[0]!.payload,
        personId: world.enterprise.personId,
        now: TEST_NOW,
      }),
    ).toBeNull();
  });

  it('shows the comment in the patent view of the inventor', async () => {
    const chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    const replies = await chat.handle({
      channel: 'TERMINAL',
      userId: world.userIds.zhangwei!,
      chatIsPrivate: true,
      event: { kind: 'action', action: patentAction.to({ patentId }) },
    });
    expect(replies[0]!.text).toContain(t('zh-CN', 'chat:patent.return_comment', { comment }));
  });
});
