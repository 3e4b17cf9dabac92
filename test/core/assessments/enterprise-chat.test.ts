// The enterprise's side of the demo through the chat service (issue 13, item 16): the patents the
// seed screened into the pool are recommended at once; an evaluation ends with the enterprise's own
// confirmation, is marked in the list and on the patent, and reads back read-only when tapped again;
// registering interest leaves the way on to the patent, the list and the menu.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAction } from '../../../core/assessments/actions.ts';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { menuAction, questionAction } from '../../../core/chat/chat-actions.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { DEMO_POOLED_PATENTS } from '../../../core/demo/demo-data.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { patentAction, patentsAction } from '../../../core/inventory/actions.ts';
import { allQuestions } from '../../../core/questionnaire/definition.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { parseState } from '../../../core/questionnaire/state.ts';
import { interestAction } from '../../../core/roadshows/actions.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const questions = allQuestions(latestDefinition('enterprise-evaluation'));

describe('the enterprise in the chat', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let chat: ChatService;

  const send = (event: IncomingEvent, userId = 'enterprise') =>
    chat.handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, event });
  const press = (action: string, userId?: string) => send({ kind: 'action', action }, userId);
  const type = (text: string, userId?: string) => send({ kind: 'text', text }, userId);

  /** Types an answer to each question of the patent's evaluation until its review. */
  async function answerUntilReview(patentId: string, userId?: string) {
    for (let i = 0; i < 20; i++) {
      const evaluation = await db.prisma.enterpriseEvaluation.findFirstOrThrow({ where: { patentId } });
      const state = parseState(evaluation.state);
      if (state.phase === 'review') return;
      const q = questions.find((x) => x.id === state.current)!;
      // a scale, the first option, the consent to be contacted; optional text left empty
      await type(
        q.type === 'scale' ? '4' : q.type === 'yes_no' ? '是' : q.type === 'text' ? '' : '1',
        userId,
      );
    }
    throw new Error('the evaluation never reached its review');
  }
  const allText = (messages: OutgoingMessage[]) => messages.map((m) => m.text).join('\n');
  const actions = (messages: OutgoingMessage[]) =>
    messages.flatMap((m) => m.buttons?.flat() ?? []).map((b) => b.action);
  const labels = (messages: OutgoingMessage[]) =>
    messages.flatMap((m) => m.buttons?.flat() ?? []).map((b) => b.label);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  });
  afterAll(() => db?.close());

  let patent: { id: string; title: string; applicationNumber: string };

  it('is recommended the patents the demo screened into the pool', async () => {
    const list = await press(patentsAction.to({ page: 0 }));
    expect(allText(list)).toContain(
      zh('chat:patents.recommended_title', { total: DEMO_POOLED_PATENTS.length }),
    );
    for (const { applicationNumber } of DEMO_POOLED_PATENTS)
      expect(allText(list)).toContain(applicationNumber);
    expect(allText(list)).not.toContain(zh('chat:patents.evaluated'));
    patent = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: DEMO_POOLED_PATENTS[0]!.applicationNumber },
    });
    const detail = await press(patentAction.to({ patentId: patent.id }));
    expect(labels(detail)).toContain(zh('chat:patent.evaluate'));
  });

  it('evaluates a patent and is thanked in its own words, with the way on', async () => {
    await press(evaluateAction.to({ patentId: patent.id }));
    await answerUntilReview(patent.id);
    const done = await press(questionAction.to({ input: { type: 'submit' } }));
    const text = allText(done);
    expect(text).toContain(zh('evaluation:done.named'));
    expect(text).toContain(zh('evaluation:done.interest'));
    // not the inventor's "the office will review it…"
    expect(text).not.toContain(zh('questionnaire-ui:submitted.text'));
    expect(actions(done)).toEqual(
      expect.arrayContaining([
        interestAction.to({ patentId: patent.id }),
        patentAction.to({ patentId: patent.id }),
        patentsAction.to({ page: 0 }),
        menuAction.to(),
      ]),
    );
    expect(done.every((m) => m.confidential)).toBe(true);
  });

  it('marks the evaluated patent in the list and on its page', async () => {
    const list = await press(patentsAction.to({ page: 0 }));
    const line = allText(list)
      .split('\n')
      .find((l) => l.includes(patent.applicationNumber))!;
    expect(line).toContain(zh('chat:patents.evaluated'));
    expect(allText(list).split(zh('chat:patents.evaluated'))).toHaveLength(2);

    const detail = await press(patentAction.to({ patentId: patent.id }));
    expect(allText(detail)).toContain(zh('chat:patent.evaluated_on', { date: '2026-12-01' }));
    expect(labels(detail)).toContain(zh('chat:patent.view_evaluation'));
    expect(labels(detail)).not.toContain(zh('chat:patent.evaluate'));
  });

  it('reads its evaluation back, read-only, when it taps it again', async () => {
    const view = await press(evaluateAction.to({ patentId: patent.id }));
    const text = allText(view);
    expect(text).toContain(zh('evaluation:view.heading'));
    expect(text).toContain(zh('evaluation:view.by', { name: '陈静', date: '2026-12-01' }));
    expect(text).toContain(zh('evaluation:q.industrializationProspects.label'));
    expect(text).toContain(zh('evaluation:view.hint'));
    expect(text).not.toContain(zh('engine:notice.already_submitted'));
    expect(actions(view)).toContain(interestAction.to({ patentId: patent.id }));
    expect(actions(view).some((a) => a.startsWith('q:'))).toBe(false);
    expect(view.every((m) => m.confidential)).toBe(true);
    // nothing was reopened
    const evaluation = await db.prisma.enterpriseEvaluation.findFirstOrThrow({
      where: { patentId: patent.id },
    });
    expect(evaluation.status).toBe('SUBMITTED');
    const conversation = await db.prisma.conversation.findUniqueOrThrow({
      where: { personId_channel: { personId: demo.personas.enterprise, channel: 'TERMINAL' } },
    });
    expect(conversation.flow).not.toBe('evaluation');
  });

  it('reads an evaluation a colleague submitted meanwhile instead of answering on', async () => {
    const other = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: DEMO_POOLED_PATENTS[1]!.applicationNumber },
    });
    await press(evaluateAction.to({ patentId: other.id }));
    await db.prisma.person.create({
      data: {
        name: '林涛',
        roles: { create: { role: 'ENTERPRISE_STAFF', enterpriseId: demo.enterpriseId } },
        identities: { create: { channel: 'TERMINAL', externalId: 'colleague' } },
      },
    });
    await press(evaluateAction.to({ patentId: other.id }), 'colleague');
    await answerUntilReview(other.id, 'colleague');
    await press(questionAction.to({ input: { type: 'submit' } }), 'colleague');

    const replies = await type('4');
    expect(allText(replies)).toContain(zh('evaluation:view.heading'));
    expect(allText(replies)).not.toContain(zh('engine:notice.already_submitted'));
    expect(allText(await type('你好'))).toContain(zh('chat:menu.type_hint'));
  });

  it('registers interest and offers the patent, the list and the menu', async () => {
    const first = await press(interestAction.to({ patentId: patent.id }));
    expect(allText(first)).toBe(zh('roadshow:interest.recorded'));
    const again = await press(interestAction.to({ patentId: patent.id }));
    expect(allText(again)).toBe(zh('roadshow:interest.already'));
    for (const replies of [first, again]) {
      expect(actions(replies)).toEqual([
        patentAction.to({ patentId: patent.id }),
        patentsAction.to({ page: 0 }),
        menuAction.to(),
      ]);
    }
  });
});
