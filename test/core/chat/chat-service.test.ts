// The shared core end to end, through the same entry point every channel adapter uses, on both
// databases: real persistence, real questionnaires, real locales.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assessAction,
  bulkAction,
  bulkGroupAction,
  evaluateAction,
} from '../../../core/assessments/actions.ts';
import { bulkDefinition } from '../../../core/assessments/bulk.ts';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { questionAction } from '../../../core/chat/chat-actions.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { patentsAction } from '../../../core/inventory/actions.ts';
import { allQuestions, type Question } from '../../../core/questionnaire/definition.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { parseState } from '../../../core/questionnaire/state.ts';
import { decodeAction } from '../../support/actions.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

const selfAssessment = latestDefinition('self-assessment');
const evaluation = latestDefinition('enterprise-evaluation');

/** A valid typed answer for any question, as a person would type it. */
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
      return '120';
    case 'text':
      return '用于储能电站的电池管理';
    case 'date':
      return '2024-03-01';
    case 'yes_no':
      return '是';
  }
}

describe.each(DATABASE_KINDS)('chat service on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let chat: ChatService;

  const send = (userId: string, event: IncomingEvent, chatIsPrivate = true) =>
    chat.handle({ channel: 'TERMINAL', userId, chatIsPrivate, event });
  const press = (userId: string, action: string) => send(userId, { kind: 'action', action });
  const type = (userId: string, text: string) => send(userId, { kind: 'text', text });
  const allText = (messages: OutgoingMessage[]) => messages.map((m) => m.text).join('\n');
  const buttons = (messages: OutgoingMessage[]) => messages.flatMap((m) => m.buttons?.flat() ?? []);

  async function conversationSubject(personId: string) {
    const row = await db.prisma.conversation.findUniqueOrThrow({
      where: { personId_channel: { personId, channel: 'TERMINAL' } },
    });
    return row;
  }

  /** Answers whatever the engine asks until the review, by typing, like a person. */
  async function answerUntilReview(userId: string, personId: string, questions: Question[]) {
    for (let i = 0; i < 40; i++) {
      const conversation = await conversationSubject(personId);
      const row =
        conversation.flow === 'evaluation'
          ? await db.prisma.enterpriseEvaluation.findUniqueOrThrow({ where: { id: conversation.subjectId! } })
          : conversation.flow === 'bulk'
            ? await db.prisma.bulkAssessment.findUniqueOrThrow({ where: { id: conversation.subjectId! } })
            : await db.prisma.selfAssessment.findUniqueOrThrow({ where: { id: conversation.subjectId! } });
      const state = parseState(row.state);
      if (state.phase === 'review') return;
      const q = questions.find((x) => x.id === state.current)!;
      await type(userId, typedAnswer(q));
    }
    throw new Error('questionnaire did not reach the review');
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  });
  afterAll(() => db?.close());

  it('greets an unknown user with how to get an invitation, in their language', async () => {
    const replies = await chat.handle({
      channel: 'TERMINAL',
      userId: 'nobody',
      chatIsPrivate: true,
      event: { kind: 'command', command: 'start', args: '' },
      languageHint: 'en-GB',
    });
    expect(allText(replies)).toBe(t('en', 'chat:onboarding.unknown'));
  });

  it('shows nothing personal in a group chat', async () => {
    const replies = await send('inventor', { kind: 'command', command: 'start', args: '' }, false);
    expect(allText(replies)).toBe(t('zh-CN', 'chat:group.private_only'));
  });

  it("lists the inventor's own patents with their status", async () => {
    const replies = await press('inventor', patentsAction.to({ page: 0 }));
    expect(allText(replies)).toContain(t('zh-CN', 'chat:patents.mine_title', { total: 20 }));
    expect(allText(replies)).toContain(t('zh-CN', 'chat:status.NOT_STARTED'));
    // 8 per page: 8 patent buttons plus the navigation row
    expect(buttons(replies).filter((b) => decodeAction(b.action)?.type === 'patent')).toHaveLength(8);
  });

  it('completes a self-assessment, persisting each answer as it is accepted', async () => {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId, type: 'UTILITY_MODEL' },
    });
    const first = await press('inventor', assessAction.to({ patentId: patent.id }));
    expect(allText(first)).toContain(patent.title);
    expect(first.every((m) => m.confidential)).toBe(true);
    const assessment = await db.prisma.selfAssessment.findUniqueOrThrow({ where: { patentId: patent.id } });
    expect((await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } })).inventoryStatus).toBe(
      'IN_PROGRESS',
    );

    // A bad answer: the retry message, and nothing stored
    await type('inventor', '是'); // governmentFunded
    const before = await db.prisma.selfAssessmentAnswer.count({ where: { assessmentId: assessment.id } });
    expect(before).toBe(1);

    await answerUntilReview('inventor', demo.inventorPersonId, allQuestions(selfAssessment));
    const answers = await db.prisma.selfAssessmentAnswer.findMany({ where: { assessmentId: assessment.id } });
    expect(answers.length).toBeGreaterThan(8);
    // utility models are asked about a patent right evaluation report
    expect(answers.map((a) => a.questionId)).toContain('evaluationReport');

    const submitted = await press('inventor', questionAction.to({ input: { type: 'submit' } }));
    expect(submitted.some((m) => m.text.startsWith('✅'))).toBe(true);
    const done = await db.prisma.selfAssessment.findUniqueOrThrow({ where: { id: assessment.id } });
    expect(done.status).toBe('SUBMITTED');
    expect(done.submittedAt).toEqual(TEST_NOW);
    expect((await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } })).inventoryStatus).toBe(
      'SUBMITTED',
    );
    const audit = await db.prisma.auditLog.findMany({
      where: { subjectId: patent.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['self-assessment.started', 'self-assessment.submitted']);
    // the conversation is idle again: typing now gets the menu hint
    expect(allText(await type('inventor', '你好'))).toContain(t('zh-CN', 'chat:menu.type_hint'));
  });

  it('answers invalid input with the localized retry message and the same question', async () => {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId, inventoryStatus: 'NOT_STARTED' },
    });
    await press('inventor', assessAction.to({ patentId: patent.id }));
    const replies = await type('inventor', '也许吧');
    expect(replies[0]!.text).toContain(t('zh-CN', 'engine:error.yes_no'));
    expect(allText(replies)).toContain(t('zh-CN', 'self-assessment:q.governmentFunded.label'));
    const assessment = await db.prisma.selfAssessment.findUniqueOrThrow({ where: { patentId: patent.id } });
    expect(await db.prisma.selfAssessmentAnswer.count({ where: { assessmentId: assessment.id } })).toBe(0);
  });

  it('resumes at the same question after a restart (a new service on the same database)', async () => {
    await type('inventor', '否'); // answers governmentFunded of the open assessment
    const conversation = await conversationSubject(demo.inventorPersonId);
    const stateBefore = parseState(
      (await db.prisma.selfAssessment.findUniqueOrThrow({ where: { id: conversation.subjectId! } })).state,
    );
    const restarted = createChatService({
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      clock: testClock(),
    });
    const replies = await restarted.handle({
      channel: 'TERMINAL',
      userId: 'inventor',
      chatIsPrivate: true,
      event: { kind: 'command', command: 'start', args: '' },
    });
    const current = allQuestions(selfAssessment).find((q) => q.id === stateBefore.current)!;
    expect(allText(replies)).toContain(t('zh-CN', current.label));
  });

  it("refuses another inventor's patent and a forged action, creating nothing", async () => {
    const foreign = await db.prisma.patent.findFirstOrThrow({ where: { responsibleInventorId: null } });
    const replies = await press('inventor', assessAction.to({ patentId: foreign.id }));
    expect(allText(replies)).toContain(t('zh-CN', 'chat:refusal.not_your_patent'));
    expect(await db.prisma.selfAssessment.count({ where: { patentId: foreign.id } })).toBe(0);
    const forged = await press('inventor', 'sa:not-a-uuid');
    expect(allText(forged)).toContain(t('zh-CN', 'chat:error.stale_button'));
    const enterpriseTries = await press('enterprise', assessAction.to({ patentId: foreign.id }));
    expect(allText(enterpriseTries)).toContain(t('zh-CN', 'chat:refusal.not_your_patent'));
  });

  it('switches language and answers in English from then on', async () => {
    const replies = await send('enterprise', { kind: 'command', command: 'lang', args: 'en' });
    expect(allText(replies)).toContain(t('en', 'chat:lang.changed'));
    expect(allText(replies)).toContain(t('en', 'chat:menu.enterprise_summary'));
  });

  it('lets an enterprise evaluate a recommended patent and decline with structured reasons', async () => {
    // Enterprises are offered pool patents: the demo screened a few in.
    const list = await press('enterprise', patentsAction.to({ page: 0 }));
    const patentButton = buttons(list).find((b) => decodeAction(b.action)?.type === 'patent')!;
    const patentId = (decodeAction(patentButton.action) as { patentId: string }).patentId;
    const patent = await db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } });
    // recommended by the enterprise's fields (H01M, H02J) or keywords
    expect(patent.ipcCodes.some((c) => c.startsWith('H01M') || c.startsWith('H02J'))).toBe(true);

    await press('enterprise', evaluateAction.to({ patentId }));
    await type('enterprise', '3'); // industrialization prospects
    await type('enterprise', '2'); // scenario fit
    await type('enterprise', '1'); // improvement needs
    const conversation = await conversationSubject(
      (await db.prisma.enterpriseEvaluation.findFirstOrThrow()).evaluatorId,
    );
    let state = parseState(
      (await db.prisma.enterpriseEvaluation.findUniqueOrThrow({ where: { id: conversation.subjectId! } }))
        .state,
    );
    if (state.current === 'improvementDetail') await type('enterprise', '');
    // willingness to cooperate: tick "none" with buttons, then confirm
    await press(
      'enterprise',
      questionAction.to({ input: { type: 'toggle', questionId: 'cooperation', optionId: 'none' } }),
    );
    const reasons = await press(
      'enterprise',
      questionAction.to({ input: { type: 'confirm', questionId: 'cooperation' } }),
    );
    expect(allText(reasons)).toContain(t('en', 'evaluation:q.declineReasons.label'));
    await type('enterprise', '1, 5');
    state = parseState(
      (await db.prisma.enterpriseEvaluation.findUniqueOrThrow({ where: { id: conversation.subjectId! } }))
        .state,
    );
    expect(state.answers.declineReasons).toEqual(['tooEarly', 'outsideField']);
    await answerUntilReview('enterprise', conversation.personId, allQuestions(evaluation));
    await press('enterprise', questionAction.to({ input: { type: 'submit' } }));
    const saved = await db.prisma.enterpriseEvaluation.findUniqueOrThrow({
      where: { id: conversation.subjectId! },
      include: { answers: true },
    });
    expect(saved.status).toBe('SUBMITTED');
    expect(saved.answers.find((a) => a.questionId === 'cooperation')?.value).toEqual(['none']);
    expect(saved.answers.some((a) => a.questionId === 'expectedBudget')).toBe(false);
  });

  it('bulk mode: shared answers once for an IPC group, then each patent confirmed or overridden', async () => {
    const groups = await press('inventor', bulkAction.to());
    const h01m = buttons(groups).find((b) => b.action === bulkGroupAction.to({ key: 'H01M' }));
    expect(h01m).toBeDefined();
    const open = await db.prisma.patent.findMany({
      where: {
        responsibleInventorId: demo.inventorPersonId,
        inventoryStatus: { in: ['NOT_STARTED', 'IN_PROGRESS'] },
      },
    });
    const members = open.filter((p) => p.type !== 'DESIGN' && p.ipcCodes[0]?.startsWith('H01M'));
    expect(members.length).toBeGreaterThanOrEqual(2);

    const first = await press('inventor', h01m!.action);
    expect(allText(first)).toContain(t('zh-CN', 'chat:bulk.header', { count: members.length }));
    await answerUntilReview('inventor', demo.inventorPersonId, allQuestions(bulkDefinition(selfAssessment)));
    const afterShared = await press('inventor', questionAction.to({ input: { type: 'submit' } }));
    // nothing is submitted yet: the shared answers went into the drafts (one patent kept the
    // funding answer given earlier in this file)
    expect(allText(afterShared)).not.toContain(t('zh-CN', 'questionnaire-ui:submitted.text'));
    expect(allText(afterShared)).toContain(
      t('zh-CN', 'self-assessment:bulk.filled_kept', { count: members.length, kept: 1 }),
    );

    const bulk = await db.prisma.bulkAssessment.findFirstOrThrow({
      include: { members: { include: { answers: true } } },
    });
    expect(bulk.members).toHaveLength(members.length);
    const bulkState = parseState(bulk.state);
    const shared = Object.keys(bulkState.answers);
    expect(shared).toEqual(
      expect.arrayContaining(['governmentFunded', 'transformationIntention', 'contactConsent']),
    );
    for (const member of bulk.members) {
      expect(member.answers.map((a) => a.questionId).sort()).toEqual([...shared].sort());
    }

    // Each patent: per-patent questions, then the review where a shared answer may be overridden.
    for (let i = 0; i < members.length; i++) {
      await answerUntilReview('inventor', demo.inventorPersonId, allQuestions(selfAssessment));
      if (i === 0) {
        await press('inventor', questionAction.to({ input: { type: 'edit', questionId: 'contactConsent' } }));
        await type('inventor', '否');
      }
      await press('inventor', questionAction.to({ input: { type: 'submit' } }));
    }
    const submitted = await db.prisma.selfAssessment.findMany({
      where: { bulkId: bulk.id },
      include: { answers: true },
    });
    expect(submitted.every((s) => s.status === 'SUBMITTED')).toBe(true);
    const consent = submitted.map((s) => s.answers.find((a) => a.questionId === 'contactConsent')?.value);
    expect(consent.filter((v) => v === false)).toHaveLength(1);
    expect(consent.filter((v) => v === true)).toHaveLength(members.length - 1);
  });

  it('keeps one answer when the same button is pressed twice at once', async () => {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId, inventoryStatus: 'NOT_STARTED' },
    });
    await press('inventor', assessAction.to({ patentId: patent.id }));
    const yes = questionAction.to({
      input: { type: 'answer', questionId: 'governmentFunded', value: 'true' },
    });
    await Promise.all([press('inventor', yes), press('inventor', yes)]);
    const assessment = await db.prisma.selfAssessment.findUniqueOrThrow({ where: { patentId: patent.id } });
    const state = parseState(assessment.state);
    expect(state.answers).toEqual({ governmentFunded: true });
    expect(state.current).toBe('implementationStatus');
    // one write to show the first question, one for the answer; the duplicate wrote nothing
    expect(assessment.revision).toBe(2);
    expect(await db.prisma.selfAssessmentAnswer.count({ where: { assessmentId: assessment.id } })).toBe(1);
  });
});
