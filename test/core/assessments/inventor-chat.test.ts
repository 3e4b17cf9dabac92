// The inventor's side of the self-assessment through the chat service (issue 13, items 9, 12, 14,
// 15): short re-asks after a refused answer, bounded numbers, what a second "submit", /review and
// an unreadable message get, the read-only view of a submitted assessment with its screening
// outcome, the outcome notice, and bulk mode that fills drafts without overwriting them.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessAction, bulkAction, bulkGroupAction } from '../../../core/assessments/actions.ts';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { menuAction, questionAction } from '../../../core/chat/chat-actions.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { allQuestions, type Question } from '../../../core/questionnaire/definition.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { parseState } from '../../../core/questionnaire/state.ts';
import { decide } from '../../../core/screening/decide.ts';
import { screeningOutcome } from '../../../core/screening/messages.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { appNo, createWorld, type World } from '../inventory/fixtures.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const questions = allQuestions(latestDefinition('self-assessment'));
const question = (id: string) => questions.find((q) => q.id === id)!;

/** A valid typed answer: "transfer" as the intention, which asks for fee modes and a price. */
function typedAnswer(q: Question): string {
  switch (q.type) {
    case 'single_choice':
    case 'multi_choice':
      return '1';
    case 'scale':
      return '4';
    case 'trl':
      return '5';
    case 'number':
      return String(Math.min(120, q.max));
    case 'text':
      return '用于储能电站的电池管理';
    case 'date':
      return '2024-03-01';
    case 'yes_no':
      return '是';
  }
}

describe('the inventor in the chat', () => {
  let db: TestDatabase;
  let world: World;
  let chat: ChatService;
  let user: string;
  let serial = 770_000;

  const send = (event: IncomingEvent) =>
    chat.handle({ channel: 'TERMINAL', userId: user, chatIsPrivate: true, event });
  const press = (action: string) => send({ kind: 'action', action });
  const type = (text: string) => send({ kind: 'text', text });
  const allText = (messages: OutgoingMessage[]) => messages.map((m) => m.text).join('\n');
  const actions = (messages: OutgoingMessage[]) =>
    messages.flatMap((m) => m.buttons?.flat() ?? []).map((b) => b.action);

  async function patent(ipc: string): Promise<{ id: string; title: string }> {
    const n = ++serial;
    return db.prisma.patent.create({
      data: {
        applicationNumber: appNo(2017, 1, n),
        title: `一种电池热管理系统${n}`,
        type: 'INVENTION',
        ipcCodes: [ipc],
        applicationDate: new Date(Date.UTC(2017, 2, n % 28)),
        legalStatus: 'VALID',
        patentees: ['测试理工大学'],
        institutionId: world.institutionId,
        collegeId: world.collegeId,
        responsibleInventorId: world.inventor.personId,
        createdAt: TEST_NOW,
        updatedAt: TEST_NOW,
      },
      select: { id: true, title: true },
    });
  }

  /** The open questionnaire's state (the conversation's subject). */
  async function current() {
    const conversation = await db.prisma.conversation.findUniqueOrThrow({
      where: { personId_channel: { personId: world.inventor.personId, channel: 'TERMINAL' } },
    });
    const row =
      conversation.flow === 'bulk'
        ? await db.prisma.bulkAssessment.findUniqueOrThrow({ where: { id: conversation.subjectId! } })
        : await db.prisma.selfAssessment.findUniqueOrThrow({ where: { id: conversation.subjectId! } });
    return parseState(row.state);
  }

  /** Types answers like a person until `stop` is asked (or the review); returns the last replies. */
  async function answerUntil(stop: string | null, answers: Record<string, string> = {}) {
    let last: OutgoingMessage[] = [];
    for (let i = 0; i < 60; i++) {
      const state = await current();
      if (state.phase === 'review' || state.current === stop) return last;
      const q = question(state.current!);
      last = await type(answers[q.id] ?? typedAnswer(q));
    }
    throw new Error(`never reached ${stop ?? 'the review'} (at ${(await current()).current})`);
  }

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    world = await createWorld(db.prisma);
    user = world.userIds.zhangwei!;
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  });
  afterAll(() => db?.close());

  let submitted: { id: string; title: string };

  it('asks again briefly after a refused answer, and bounds numbers', async () => {
    submitted = await patent('G06F 17/00');
    await press(assessAction.to({ patentId: submitted.id }));
    const again = await type('也许吧');
    // one short message: the reason, the question's label and its buttons, not the 400+ characters
    expect(again).toHaveLength(1);
    expect(again[0]!.text).toContain(zh('engine:error.yes_no'));
    expect(again[0]!.text).toContain(zh('self-assessment:q.governmentFunded.label'));
    expect(again[0]!.text).not.toContain(zh('self-assessment:q.governmentFunded.help'));
    expect(again[0]!.text.length).toBeLessThan(80);
    expect(actions(again)).toContain(
      questionAction.to({ input: { type: 'answer', questionId: 'governmentFunded', value: 'true' } }),
    );

    await answerUntil('expectedPrice');
    // was accepted and shown as "100,000,000,000,000,000,000 万元"
    const huge = await type('99999999999999999999');
    expect(allText(huge)).toContain(zh('engine:error.number_max', { max: 1_000_000 }));
    const fine = await type('12.345');
    expect(allText(fine)).toContain(zh('engine:error.number_decimals', { decimals: 2 }));
    expect((await current()).answers.expectedPrice).toBeUndefined();
    await type('120.5');
    expect((await current()).answers.expectedPrice).toBe(120.5);
  });

  it('says a questionnaire is already submitted on a second tap, and that none is open on /review', async () => {
    await answerUntil(null);
    const submit = questionAction.to({ input: { type: 'submit' } });
    expect(allText(await press(submit))).toContain(zh('questionnaire-ui:submitted.text'));
    const second = await press(submit);
    expect(allText(second)).toContain(zh('questionnaire-ui:submitted.already'));
    expect(allText(second)).not.toContain(zh('chat:error.no_questionnaire'));
    expect(actions(second).length).toBeGreaterThan(0); // the menu

    const review = await send({ kind: 'command', command: 'review', args: '' });
    expect(review[0]!.text).toBe(zh('chat:error.no_questionnaire'));
    expect(allText(review)).toContain(zh('chat:menu.greeting', { name: '张伟' }));
  });

  it('shows a submitted self-assessment read-only with its screening outcome', async () => {
    const view = await press(assessAction.to({ patentId: submitted.id }));
    const text = allText(view);
    expect(text).not.toContain(zh('engine:notice.already_submitted'));
    expect(text).toContain(zh('self-assessment:view.heading'));
    expect(text).toContain(zh('self-assessment:q.governmentFunded.label'));
    expect(text).toContain('120.5');
    expect(text).toContain(zh('self-assessment:view.outcome', { status: zh('chat:status.SUBMITTED') }));
    expect(view.every((m) => m.confidential)).toBe(true);
    // no edit or submit buttons: only the way back to the menu
    expect(actions(view)).toEqual([menuAction.to()]);
  });

  it('tells the inventor, through the outbox, when a patent is screened out or enters the pool', async () => {
    const reason = '技术已有同类产品，转化前景有限。';
    await decide(
      db.prisma,
      world.collegeCoordinator,
      { patentId: submitted.id, outcome: 'SCREENED_OUT', comment: reason },
      TEST_NOW,
    );
    const [out] = await db.prisma.delivery.findMany({ where: { kind: 'screening.outcome' } });
    expect(out).toMatchObject({
      personId: world.inventor.personId,
      channel: 'TERMINAL',
      notBefore: TEST_NOW,
    });
    const content = { payload: out!.payload, personId: world.inventor.personId, now: TEST_NOW };
    const message = await screeningOutcome.renderStored(db.prisma, { ...content, locale: 'zh-CN' });
    expect(message?.text).toContain(submitted.title);
    expect(message?.text).toContain(zh('screening:notice.reason', { reason }));
    expect(message?.confidential).toBe(true);
    expect(message?.buttons?.[0]?.[0]?.action).toBe(assessAction.to({ patentId: submitted.id }));
    const english = await screeningOutcome.renderStored(db.prisma, { ...content, locale: 'en' });
    expect(english?.text).toContain('not admitted');
    // nobody else's
    const foreign = { ...content, personId: world.enterprise.personId, locale: 'zh-CN' as const };
    expect(await screeningOutcome.renderStored(db.prisma, foreign)).toBeNull();

    const view = allText(await press(assessAction.to({ patentId: submitted.id })));
    expect(view).toContain(zh('self-assessment:view.outcome', { status: zh('chat:status.SCREENED_OUT') }));
    expect(view).toContain(zh('self-assessment:view.reason', { reason }));

    // another patent through both levels into the pool
    const pooled = await patent('G06F 17/00');
    await press(assessAction.to({ patentId: pooled.id }));
    await answerUntil(null);
    await press(questionAction.to({ input: { type: 'submit' } }));
    const approve = { patentId: pooled.id, outcome: 'APPROVED' as const };
    await decide(db.prisma, world.collegeCoordinator, approve, TEST_NOW);
    expect(await db.prisma.delivery.count({ where: { kind: 'screening.outcome' } })).toBe(1);
    await decide(db.prisma, world.coordinator, approve, TEST_NOW);
    const notices = await db.prisma.delivery.findMany({ where: { kind: 'screening.outcome' } });
    expect(notices).toHaveLength(2);
    const inPool = await screeningOutcome.renderStored(db.prisma, {
      payload: notices.find((d) => d.id !== out!.id)!.payload,
      personId: world.inventor.personId,
      now: TEST_NOW,
      locale: 'zh-CN',
    });
    expect(inPool?.text).toBe(
      zh('screening:notice.in_pool', {
        title: pooled.title,
        number: (await db.prisma.patent.findUniqueOrThrow({ where: { id: pooled.id } })).applicationNumber,
      }),
    );
  });

  it('answers a sticker with a hint and the question again; with the menu when nothing is open', async () => {
    const idle = await send({ kind: 'unsupported', what: 'sticker' });
    expect(idle[0]!.text).toBe(zh('questionnaire-ui:input.unsupported'));
    expect(allText(idle)).toContain(zh('chat:menu.greeting', { name: '张伟' }));

    const open = await patent('G06F 17/00');
    await press(assessAction.to({ patentId: open.id }));
    const during = await send({ kind: 'unsupported', what: 'photo' });
    expect(during[0]!.text).toBe(zh('questionnaire-ui:input.unsupported'));
    expect(allText(during)).toContain(zh('self-assessment:q.governmentFunded.label'));
  });

  it('bulk mode fills only unanswered questions of the drafts and says what really happened', async () => {
    // one draft answered "否" for funding, a second "是" already, a third nothing yet
    const own = await patent('H01M 10/0562');
    await press(assessAction.to({ patentId: own.id }));
    await type('否');
    const agreeing = await patent('H01M 4/62');
    await press(assessAction.to({ patentId: agreeing.id }));
    await type('是');
    const fresh = await patent('H01M 10/052');
    await press(menuAction.to());

    const groups = await press(bulkAction.to());
    expect(actions(groups)).toContain(bulkGroupAction.to({ key: 'H01M' }));
    await press(bulkGroupAction.to({ key: 'H01M' }));
    await answerUntil(null, { governmentFunded: '是', transformationIntention: '2' });
    const after = await press(questionAction.to({ input: { type: 'submit' } }));
    const text = allText(after);
    // no patent was submitted, and the message says so
    expect(text).not.toContain(zh('questionnaire-ui:submitted.text'));
    expect(text).toContain(zh('self-assessment:bulk.filled_kept', { count: 3, kept: 1 }));
    expect(text).toContain(
      zh('self-assessment:bulk.kept_line', {
        title: own.title,
        questions: zh('self-assessment:q.governmentFunded.label'),
      }),
    );
    // no leftover menu button above the first patent's question
    const questionAt = after.findIndex((m) => m.slot === 'question');
    expect(questionAt).toBeGreaterThan(0);
    expect(after.slice(0, questionAt).flatMap((m) => m.buttons ?? [])).toEqual([]);
    expect(
      await db.prisma.selfAssessment.count({ where: { bulkId: { not: null }, status: 'SUBMITTED' } }),
    ).toBe(0);

    const answers = async (patentId: string) => {
      const row = await db.prisma.selfAssessment.findUniqueOrThrow({
        where: { patentId },
        include: { answers: true },
      });
      return Object.fromEntries(row.answers.map((a) => [a.questionId, a.value]));
    };
    expect(await answers(own.id)).toMatchObject({
      governmentFunded: false,
      transformationIntention: ['licence'],
    });
    expect(await answers(agreeing.id)).toMatchObject({ governmentFunded: true });
    expect(await answers(fresh.id)).toMatchObject({
      governmentFunded: true,
      transformationIntention: ['licence'],
    });

    // each patent's submission is one line, and the next patent's question follows without a menu
    await answerUntil(null);
    const first = await press(questionAction.to({ input: { type: 'submit' } }));
    expect(first[0]!.text).toMatch(/^✅ /);
    expect(allText(first)).not.toContain(zh('questionnaire-ui:submitted.text'));
    const nextAt = first.findIndex((m) => m.slot === 'question');
    expect(nextAt).toBeGreaterThan(0);
    expect(first.slice(0, nextAt).flatMap((m) => m.buttons ?? [])).toEqual([]);
  });
});
