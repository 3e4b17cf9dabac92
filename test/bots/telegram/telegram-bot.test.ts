// The Telegram bot end to end, on both databases: updates posted to the real webhook handler, telegraf
// unmodified, core deciding everything, replies read back from the Bot API stand-in.

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../../bots/telegram/commands.ts';
import { MAX_TEXT_LENGTH } from '../../../bots/telegram/render.ts';
import { TelegramChannel } from '../../../bots/telegram/telegram-channel.ts';
import { ChannelPermanentFailure, ChannelRateLimited } from '../../../core/channel/errors.ts';
import { chatCommandNames } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { allQuestions, type Question } from '../../../core/questionnaire/definition.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { parseState } from '../../../core/questionnaire/state.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { callbackUpdate, Harness, newUpdateId, SECRET, textUpdate } from './harness.ts';

const INVENTOR = 424_242_001;
const ENTERPRISE = 424_242_002;
const STRANGER = 424_242_003;
const GROUP = -1_001_234_567;

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const en = (key: string, params?: Record<string, string | number>) => t('en', key, params);

/** A valid typed answer for a question without answer buttons, as a person would type it. */
function typedAnswer(q: Question): string {
  switch (q.type) {
    case 'number':
      return '120';
    case 'date':
      return '2024-03-01';
    case 'text':
      return '用于储能电站的电池管理';
    default:
      return '1';
  }
}

describe.each(DATABASE_KINDS)('Telegram bot on %s', (kind) => {
  let h: Harness;
  const selfAssessment = allQuestions(latestDefinition('self-assessment'));
  const evaluation = allQuestions(latestDefinition('enterprise-evaluation'));

  const tap = async (userId: number, data: string, messageId: number) =>
    expect(await h.post(callbackUpdate(userId, data, messageId))).toBe(200);
  const type = async (userId: number, text: string) =>
    expect(await h.post(textUpdate(userId, text))).toBe(200);
  /** Taps the latest button in the chat whose action starts with `prefix`. */
  const press = async (userId: number, prefix: string) => {
    const { message, action } = h.messageWithButton(userId, prefix);
    await tap(userId, action, message.messageId);
    return { message, action };
  };

  async function currentState(personId: string) {
    const conversation = await h.db.prisma.conversation.findUniqueOrThrow({
      where: { personId_channel: { personId, channel: 'TELEGRAM' } },
    });
    const row =
      conversation.flow === 'evaluation'
        ? await h.db.prisma.enterpriseEvaluation.findUniqueOrThrow({ where: { id: conversation.subjectId! } })
        : await h.db.prisma.selfAssessment.findUniqueOrThrow({ where: { id: conversation.subjectId! } });
    return { conversation, state: parseState(row.state) };
  }

  /**
   * Answers until the review like a person: buttons where the question has answer buttons (which
   * edits the question message in place), typing otherwise. Returns how many answers were edits.
   */
  async function answerUntilReview(userId: number, personId: string, questions: Question[]) {
    let editedInPlace = 0;
    for (let i = 0; i < 60; i++) {
      const { state } = await currentState(personId);
      if (state.phase === 'review') return editedInPlace;
      const q = questions.find((x) => x.id === state.current)!;
      const before = h.api.calls.length;
      if (q.type === 'multi_choice') {
        const { message } = await press(userId, `q:t:${q.id}:`);
        await tap(userId, `q:ok:${q.id}`, message.messageId);
      } else if (
        q.type === 'single_choice' ||
        q.type === 'yes_no' ||
        q.type === 'scale' ||
        q.type === 'trl'
      ) {
        const { message } = await press(userId, `q:a:${q.id}:`);
        const out = h.outputSince(userId, before);
        if (out.some((c) => c.method === 'editMessageText' && c.body.message_id === message.messageId))
          editedInPlace++;
      } else {
        await type(userId, typedAnswer(q));
      }
    }
    throw new Error('questionnaire did not reach the review');
  }

  beforeAll(async () => {
    h = await Harness.start(kind);
  });
  afterAll(() => h?.close());

  it('registers the command menu in Chinese and English (and a default)', async () => {
    await registerCommands(h.bot.telegram);
    const calls = h.api.callsOf('setMyCommands');
    const byLanguage = new Map(calls.map((c) => [c.body.language_code ?? '', c.body.commands]));
    expect([...byLanguage.keys()].sort()).toEqual(['', 'en', 'zh']);
    expect(byLanguage.get('zh')).toContainEqual({
      command: 'lang',
      description: zh('telegram:commands.lang'),
    });
    expect(byLanguage.get('en')).toContainEqual({
      command: 'help',
      description: en('telegram:commands.help'),
    });
    expect(byLanguage.get('')).toEqual(byLanguage.get('zh'));
    // every command offered is one the chat handles (a bureau officer finds /progress there)
    for (const { command } of byLanguage.get('zh') as { command: string }[])
      expect(chatCommandNames()).toContain(command);
    expect((byLanguage.get('zh') as { command: string }[]).map((c) => c.command)).toContain('progress');
  });

  it('tells an unknown person how to get an invitation, in their language', async () => {
    await h.post(textUpdate(STRANGER, '/start', { languageCode: 'en-US' }));
    const [reply] = h.shown(STRANGER);
    expect(reply!.text).toBe(en('chat:onboarding.unknown'));
  });

  it('rejects a wrong or missing secret token with 403 and processes nothing', async () => {
    const before = h.api.calls.length;
    const update = textUpdate(STRANGER, '/help');
    expect(await h.post(update, 'wrong-secret')).toBe(403);
    expect(await h.post(update, null)).toBe(403);
    expect(await h.post(update, `${SECRET}x`)).toBe(403);
    expect(h.api.calls.length).toBe(before);
    expect(await h.db.prisma.processedUpdate.count({ where: { key: String(update.update_id) } })).toBe(0);
  });

  it('binds the inventor with /start <invite token> and shows the menu', async () => {
    await h.bind(INVENTOR, h.demo.inventorPersonId, 'INVENTOR', { institutionId: h.demo.institutionId });
    const identity = await h.db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'TELEGRAM', externalId: String(INVENTOR) } },
    });
    expect(identity.personId).toBe(h.demo.inventorPersonId);
    expect(identity.address).toBe(String(INVENTOR));
    expect(h.messageWithButton(INVENTOR, 'pl:').message.text).toContain('张伟');
  });

  it('runs a full self-assessment, editing the question message in place', async () => {
    await press(INVENTOR, 'pl:');
    const patentButton = h.messageWithButton(INVENTOR, 'p:');
    await tap(INVENTOR, patentButton.action, patentButton.message.messageId);
    const { message: patentMessage } = await press(INVENTOR, 'sa:');
    const patentId = h.messageWithButton(INVENTOR, 'sa:').action.slice(3);
    const patent = await h.db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } });
    expect(patentMessage.text).toContain(patent.title);

    const question = h.messageWithButton(INVENTOR, 'q:');
    expect(question.message.protected).toBe(true);
    const edited = await answerUntilReview(INVENTOR, h.demo.inventorPersonId, selfAssessment);
    expect(edited).toBeGreaterThan(0);
    // every message that carried assessment data was protected from forwarding, none used markup
    const outputs = h.api.outputTo(INVENTOR);
    expect(outputs.every((c) => c.body.parse_mode === undefined)).toBe(true);
    expect(
      h.shown(INVENTOR).filter((m) => m.buttons.some((b) => b.callback_data.startsWith('q:'))),
    ).not.toHaveLength(0);
    expect(
      h
        .shown(INVENTOR)
        .filter((m) => m.buttons.some((b) => b.callback_data.startsWith('q:')))
        .every((m) => m.protected),
    ).toBe(true);
    // the question slot is one message that was edited many times, not one message per question
    const questionMessages = h.shown(INVENTOR).filter((m) => m.edits > 0);
    expect(questionMessages.length).toBeGreaterThan(0);

    await press(INVENTOR, 'q:submit');
    const assessment = await h.db.prisma.selfAssessment.findUniqueOrThrow({ where: { patentId } });
    expect(assessment.status).toBe('SUBMITTED');
    expect(
      await h.db.prisma.selfAssessmentAnswer.count({ where: { assessmentId: assessment.id } }),
    ).toBeGreaterThan(8);
  });

  it('answers every button press with answerCallbackQuery', () => {
    const callbacks = h.api.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(callbacks.length).toBeGreaterThan(10);
  });

  it('resumes at the same question after a restart, still editing the same message', async () => {
    const patent = await h.db.prisma.patent.findFirstOrThrow({
      where: {
        responsibleInventorId: h.demo.inventorPersonId,
        inventoryStatus: 'NOT_STARTED',
        type: 'INVENTION',
      },
    });
    await type(INVENTOR, '/menu');
    await press(INVENTOR, 'pl:');
    // the patent's own button, whatever page it is on: core re-checks the id in any case
    const list = h.messageWithButton(INVENTOR, 'p:');
    await tap(INVENTOR, `sa:${patent.id}`, list.message.messageId);
    const { message } = await press(INVENTOR, 'q:a:governmentFunded:');
    const { state: before } = await currentState(h.demo.inventorPersonId);
    const current = selfAssessment.find((q) => q.id === before.current)!;
    expect(['single_choice', 'multi_choice', 'yes_no', 'scale', 'trl']).toContain(current.type);

    await h.startBot(); // a new telegraf, a new chat service, the same database
    // a button on the question message shown before the restart still edits that message in place
    const shownBefore = h.shown(INVENTOR).find((m) => m.messageId === message.messageId)!;
    // an answer, or a tick on a multiple-choice question: either re-renders the question
    const answerButton = shownBefore.buttons.find((b) => /^q:[at]:/.test(b.callback_data))!;
    expect(answerButton.callback_data).toContain(`:${current.id}:`);
    const at = h.api.calls.length;
    await tap(INVENTOR, answerButton.callback_data, message.messageId);
    const out = h.outputSince(INVENTOR, at);
    expect(out.map((c) => [c.method, c.body.message_id])).toEqual([['editMessageText', message.messageId]]);

    await h.startBot();
    const { state: now } = await currentState(h.demo.inventorPersonId);
    const since = h.api.calls.length;
    await type(INVENTOR, '/start');
    const label = zh(selfAssessment.find((q) => q.id === now.current)!.label);
    const resumed = h.outputSince(INVENTOR, since);
    expect(resumed.map((c) => c.body.text).join('\n')).toContain(label);
  });

  it('sends a new question message when the old one can no longer be edited', async () => {
    const latest = h.messageWithButton(INVENTOR, 'q:');
    h.api.forgetMessage(latest.message.messageId); // deleted by the person
    const at = h.api.calls.length;
    await tap(INVENTOR, 'q:review', latest.message.messageId);
    const out = h.outputSince(INVENTOR, at);
    expect(out.map((c) => c.method)).toEqual(['editMessageText', 'sendMessage']);
    // the same press again: "message is not modified" is not an error and sends nothing new
    const review = h.messageWithButton(INVENTOR, 'q:');
    const again = h.api.calls.length;
    await tap(INVENTOR, 'q:review', review.message.messageId);
    expect(h.outputSince(INVENTOR, again).map((c) => c.method)).toEqual(['editMessageText']);
  });

  it('has no second effect when an update is delivered twice: after a restart, on another instance', async () => {
    const update = textUpdate(INVENTOR, '/menu');
    const before = h.api.outputTo(INVENTOR).length;
    expect(await h.post(update)).toBe(200);
    expect(await h.post(update)).toBe(200);
    await h.startBot();
    expect(await h.post(update)).toBe(200);
    expect(h.api.outputTo(INVENTOR).length).toBe(before + 1);
    // two instances receiving the same update at the same moment: one of them handles it
    const other = await h.secondInstance();
    try {
      const both = textUpdate(INVENTOR, '/menu');
      const count = h.api.outputTo(INVENTOR).length;
      expect(await Promise.all([h.post(both), other.post(both), h.post(both), other.post(both)])).toEqual([
        200, 200, 200, 200,
      ]);
      expect(h.api.outputTo(INVENTOR).length).toBe(count + 1);
    } finally {
      await other.close();
    }
    // a button press delivered twice: the second delivery reaches neither core nor Telegram
    const review = h.messageWithButton(INVENTOR, 'q:e:governmentFunded');
    await tap(INVENTOR, review.action, review.message.messageId);
    const answer = callbackUpdate(INVENTOR, 'q:a:governmentFunded:true', review.message.messageId);
    expect(await h.post(answer)).toBe(200);
    const calls = h.api.calls.length;
    const revision = (await currentState(h.demo.inventorPersonId)).state;
    expect(await h.post(answer)).toBe(200);
    expect(h.api.calls.length).toBe(calls);
    expect((await currentState(h.demo.inventorPersonId)).state).toEqual(revision);
  });

  it('refuses forged callback ids without revealing data or creating anything', async () => {
    const foreign = await h.db.prisma.patent.findFirstOrThrow({ where: { responsibleInventorId: null } });
    const at = h.api.calls.length;
    const menu = h.messageWithButton(INVENTOR, 'pl:');
    await tap(INVENTOR, `sa:${foreign.id}`, menu.message.messageId);
    await tap(INVENTOR, `p:${foreign.id}`, menu.message.messageId);
    await tap(INVENTOR, 'sa:not-a-uuid', menu.message.messageId);
    const text = h
      .outputSince(INVENTOR, at)
      .map((c) => c.body.text)
      .join('\n');
    expect(text).toContain(zh('chat:refusal.not_your_patent'));
    expect(text).toContain(zh('chat:error.stale_button'));
    expect(text).not.toContain(foreign.title);
    expect(await h.db.prisma.selfAssessment.count({ where: { patentId: foreign.id } })).toBe(0);
  });

  it('shows nothing of an assessment in a group chat', async () => {
    const at = h.api.calls.length;
    await h.post(textUpdate(INVENTOR, '/start', { groupId: GROUP }));
    await h.post(textUpdate(INVENTOR, '/review@revive_test_bot', { groupId: GROUP }));
    await h.post(textUpdate(INVENTOR, '是', { groupId: GROUP }));
    await h.post(callbackUpdate(INVENTOR, 'q:review', 77, { groupId: GROUP }));
    const toGroup = h.outputSince(GROUP, at);
    expect(toGroup.length).toBeGreaterThan(0);
    for (const call of toGroup) {
      expect(call.body.text).toBe(zh('chat:group.private_only'));
      expect(call.body.reply_markup).toBeUndefined();
    }
    // nothing went anywhere else either
    expect(
      h.api.calls.slice(at).filter((c) => c.method === 'sendMessage' && c.body.chat_id !== GROUP),
    ).toEqual([]);
    // a command meant for another bot in the group is not ours
    const other = h.api.calls.length;
    await h.post(textUpdate(INVENTOR, '/menu@some_other_bot', { groupId: GROUP }));
    expect(h.api.calls.length).toBe(other);
  });

  it('answers a sticker, photo or location with a hint and the question again; ignores them in groups', async () => {
    const sticker = (chat: object) => ({
      update_id: newUpdateId(),
      message: {
        message_id: 9_000_001,
        date: Math.floor(Date.now() / 1000),
        from: { id: INVENTOR, is_bot: false, first_name: 'Zhang', language_code: 'zh-hans' },
        chat,
        sticker: {
          file_id: 'sticker-1',
          file_unique_id: 'us1',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: '👍',
        },
      },
    });
    const at = h.api.calls.length;
    expect(await h.post(sticker({ id: INVENTOR, type: 'private', first_name: 'Zhang' }))).toBe(200);
    const out = h.outputSince(INVENTOR, at);
    expect(out[0]?.body.text).toBe(zh('questionnaire-ui:input.unsupported'));
    // then where the person stands (the open question, or the menu), with its buttons
    expect(out[1]?.body.reply_markup?.inline_keyboard.length).toBeGreaterThan(0);
    const located = h.api.calls.length;
    const location = textUpdate(INVENTOR, 'x');
    const { text: _text, ...withoutText } = location.message;
    expect(
      await h.post({
        ...location,
        message: { ...withoutText, location: { latitude: 30.27, longitude: 120.15 } },
      }),
    ).toBe(200);
    expect(h.outputSince(INVENTOR, located)[0]?.body.text).toBe(zh('questionnaire-ui:input.unsupported'));
    // in a group a sticker is nobody's answer: nothing is sent
    const quiet = h.api.calls.length;
    expect(await h.post(sticker({ id: GROUP, type: 'group', title: 'Transfer office' }))).toBe(200);
    expect(h.api.calls.length).toBe(quiet);
  });

  it('lets an enterprise evaluate a recommended patent, in English after /lang en', async () => {
    // Enterprises are offered pool patents: the demo screened a few in.
    await h.bind(ENTERPRISE, h.demo.personas.enterprise, 'ENTERPRISE_STAFF', {
      enterpriseId: h.demo.enterpriseId,
    });
    const at = h.api.calls.length;
    await type(ENTERPRISE, '/lang en');
    const switched = h
      .outputSince(ENTERPRISE, at)
      .map((c) => c.body.text)
      .join('\n');
    expect(switched).toContain(en('chat:lang.changed'));
    expect(switched).toContain(en('chat:menu.enterprise_summary'));

    await press(ENTERPRISE, 'pl:');
    await press(ENTERPRISE, 'p:');
    await press(ENTERPRISE, 'ev:');
    expect(h.messageWithButton(ENTERPRISE, 'q:').message.text).toContain(
      en('evaluation:q.industrializationProspects.label'),
    );
    await answerUntilReview(ENTERPRISE, h.demo.personas.enterprise, evaluation);
    await press(ENTERPRISE, 'q:submit');
    const saved = await h.db.prisma.enterpriseEvaluation.findFirstOrThrow({
      where: { evaluatorId: h.demo.personas.enterprise },
    });
    expect(saved.status).toBe('SUBMITTED');
    // and the inventor's chat stayed in Chinese
    expect(h.shown(INVENTOR).at(-1)!.text).not.toContain(en('chat:menu.back_to_menu'));
  });

  it('splits a long message at line breaks, buttons on the last part, through the channel port', async () => {
    const channel = new TelegramChannel(h.bot.telegram, h.db.prisma, pino({ level: 'silent' }), h.clock);
    const line = '第一部分：存量专利盘活——发明人自评与企业评价的汇总说明。'.repeat(3);
    const text = Array.from({ length: 200 }, (_, i) => `${i + 1}. ${line}`).join('\n');
    const at = h.api.calls.length;
    const { messageId } = await channel.send(
      { channel: 'TELEGRAM', userId: String(INVENTOR), address: String(INVENTOR) },
      { text, buttons: [[{ label: 'OK', action: 'm' }]], confidential: true },
    );
    const parts = h.outputSince(INVENTOR, at);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.body.text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
      expect(part.body.text).toMatch(/^\d+\. /); // every part starts at a line
      expect(part.body.protect_content).toBe(true);
    }
    expect(parts.map((p) => p.body.text).join('\n')).toBe(text);
    expect(parts.slice(0, -1).every((p) => p.body.reply_markup === undefined)).toBe(true);
    expect(parts.at(-1)!.body.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'OK', callback_data: 'm' }]],
    });
    expect(messageId).toBe(String(parts.at(-1)!.result.message_id));
    await expect(
      channel.send({ channel: 'TELEGRAM', userId: String(INVENTOR), address: String(GROUP) }, { text: 'x' }),
    ).rejects.toThrow(/private chats only/);
  });

  it('sends proactive messages through the channel port: a later tap edits them in place', async () => {
    const channel = new TelegramChannel(h.bot.telegram, h.db.prisma, pino({ level: 'silent' }), h.clock);
    const to = { channel: 'TELEGRAM' as const, userId: String(INVENTOR), address: String(INVENTOR) };
    const { messageId } = await channel.send(to, {
      text: '提醒：您还有未完成的自评。',
      slot: 'menu',
      buttons: [[{ label: '菜单', action: 'm' }]],
    });
    const at = h.api.calls.length;
    await tap(INVENTOR, 'm', Number(messageId));
    const out = h.outputSince(INVENTOR, at);
    expect(out.map((c) => [c.method, c.body.message_id])).toEqual([['editMessageText', Number(messageId)]]);
  });

  it("reports Telegram's refusals to the job layer in its terms", async () => {
    const channel = new TelegramChannel(h.bot.telegram, h.db.prisma, pino({ level: 'silent' }), h.clock);
    const to = { channel: 'TELEGRAM' as const, userId: String(INVENTOR), address: String(INVENTOR) };
    h.api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    const limited = await channel.send(to, { text: 'x' }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(ChannelRateLimited);
    expect((limited as ChannelRateLimited).retryAfterMs).toBe(7000);
    h.api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(channel.send(to, { text: 'x' })).rejects.toBeInstanceOf(ChannelPermanentFailure);
    await expect(
      channel.send({ ...to, address: String(GROUP) }, { text: 'x', confidential: true }),
    ).rejects.toBeInstanceOf(ChannelPermanentFailure);
  });
});
