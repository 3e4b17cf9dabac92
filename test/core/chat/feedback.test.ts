// Inventors read the enterprises' evaluations of their patents; enterprises ask for an introduction.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackAction } from '../../../core/assessments/actions.ts';
import type { IncomingEvent } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { patentAction } from '../../../core/inventory/actions.ts';
import { interestAction } from '../../../core/roadshows/actions.ts';
import { decodeAction } from '../../support/actions.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('enterprise feedback and interest', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let patentId: string;

  const send = (userId: string, event: IncomingEvent) =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() }).handle({
      channel: 'TERMINAL',
      userId,
      chatIsPrivate: true,
      event,
    });
  const press = (userId: string, action: string) => send(userId, { kind: 'action', action });

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId, ipcCodes: { hasSome: ['H01M 10/0562'] } },
    });
    patentId = patent.id;
  });
  afterAll(() => db?.close());

  async function evaluate(consent: boolean) {
    const other = await db.prisma.enterprise.create({
      data: {
        name: consent ? '宁波锂能科技有限公司' : '某匿名企业',
        creditCode: consent ? 'C1' : 'C2',
        region: '330200',
      },
    });
    await db.prisma.enterpriseEvaluation.create({
      data: {
        patentId,
        enterpriseId: other.id,
        evaluatorId: demo.personas.enterprise,
        questionnaireId: 'enterprise-evaluation',
        questionnaireVersion: 1,
        status: 'SUBMITTED',
        submittedAt: TEST_NOW,
        state: {},
        answers: {
          create: [
            { questionId: 'industrializationProspects', value: 4 },
            { questionId: 'cooperation', value: ['licence'] },
            { questionId: 'contactConsent', value: consent },
          ],
        },
      },
    });
  }

  it('shows evaluations to the inventor, naming only enterprises that agreed', async () => {
    await evaluate(false);
    await evaluate(true);
    const view = await press('inventor', patentAction.to({ patentId }));
    const feedbackButton = view[0]!.buttons!.flat().find((b) => decodeAction(b.action)?.type === 'feedback');
    expect(feedbackButton?.label).toBe(t('zh-CN', 'chat:patent.feedback', { count: 2 }));
    const feedback = await press('inventor', feedbackButton!.action);
    const text = feedback[0]!.text;
    expect(feedback[0]!.confidential).toBe(true);
    expect(text).toContain('宁波锂能科技有限公司');
    expect(text).not.toContain('某匿名企业');
    expect(text).toContain(t('zh-CN', 'chat:feedback.anonymous'));
    expect(text).toContain('4 / 5');
  });

  it('refuses the feedback of a patent to anyone but its inventor', async () => {
    const replies = await press('enterprise', feedbackAction.to({ patentId }));
    expect(replies[0]!.text).toContain(t('zh-CN', 'chat:refusal.not_your_patent'));
  });

  it('lets enterprise staff ask for an introduction from a recommended patent, once', async () => {
    // Enterprises are offered patents of the resource pool.
    await db.prisma.patent.update({ where: { id: patentId }, data: { inventoryStatus: 'IN_POOL' } });
    const interest = interestAction.to({ patentId });
    expect((await press('enterprise', interest))[0]!.text).toBe(t('zh-CN', 'roadshow:interest.recorded'));
    expect((await press('enterprise', interest))[0]!.text).toBe(t('zh-CN', 'roadshow:interest.already'));
    expect(await db.prisma.introduction.count({ where: { patentId, roadshowId: null } })).toBe(1);
    const refused = await press('inventor', interest);
    expect(refused[0]!.text).toContain(t('zh-CN', 'roadshow:refusal.not_invited'));
  });
});
