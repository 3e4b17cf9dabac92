import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalChannel } from '../../../bots/terminal/terminal-channel.ts';
import { runTerminalChat, type TerminalChatEnd } from '../../../bots/terminal/terminal-chat.ts';
import { deliverDueAtTerminal } from '../../../bots/terminal/terminal-outbox.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { type Database, openDatabase } from '../../../core/db/database.ts';
import { DEMO_POOLED_PATENTS } from '../../../core/demo/demo-data.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { waitFor } from '../../support/wait-for.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const label = (questionId: string) => zh(`self-assessment:q.${questionId}.label`);
const ui = (key: string, params?: Record<string, string | number>) => zh(`questionnaire-ui:${key}`, params);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PROMPT_AT_LINE_START = /(?:^|\n)> /g;

/** One terminal session driven like a person would: read the screen, type a line, read the next. */
class Session {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  readonly done: Promise<TerminalChatEnd>;
  /** What was printed before the latest prompt. */
  last = '';
  private text = '';
  private promptsSeen = 0;
  private screenStart = 0;
  private finished = false;
  private wake: (() => void) | null = null;

  constructor(chat: ChatService, persona: string, makeChannel?: (output: PassThrough) => TerminalChannel) {
    this.output.setEncoding('utf8');
    this.output.on('data', (chunk: string) => {
      this.text += chunk;
      this.wake?.();
    });
    this.done = runTerminalChat({
      chat,
      persona,
      input: this.input,
      output: this.output,
      locale: 'zh-CN',
      ...(makeChannel ? { channel: makeChannel(this.output) } : {}),
    });
    void this.done.finally(() => {
      this.finished = true;
      this.wake?.();
    });
  }

  /** Waits for the next prompt and returns what was printed since the previous one. */
  async screen(): Promise<string> {
    for (;;) {
      const prompts = [...this.text.matchAll(PROMPT_AT_LINE_START)].map((m) => m.index + m[0].length - 2);
      const next = prompts[this.promptsSeen];
      if (next !== undefined) {
        this.promptsSeen++;
        this.last = this.text.slice(this.screenStart, next);
        this.screenStart = next + 2;
        return this.last;
      }
      if (this.finished) {
        this.last = this.text.slice(this.screenStart);
        this.screenStart = this.text.length;
        return this.last;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  type(line: string): Promise<string> {
    this.input.write(`${line}\n`);
    return this.screen();
  }

  /** The key printed for a button on the current screen: an exact label, or a label's beginning. */
  keyFor(button: string | RegExp): string {
    const pattern = typeof button === 'string' ? `${escapeRegExp(button)}(?=   |\\n|$)` : button.source;
    const match = new RegExp(`\\[([a-z]+)\\] ${pattern}`).exec(this.last);
    if (!match) throw new Error(`no button ${String(button)} on screen:\n${this.last}`);
    return match[1]!;
  }

  press(button: string | RegExp): Promise<string> {
    return this.type(this.keyFor(button));
  }

  /** Ctrl-D: ends the input and returns what was printed last. */
  async end(): Promise<{ end: TerminalChatEnd; rest: string }> {
    this.input.end();
    const end = await this.done;
    return { end, rest: this.text.slice(this.screenStart) };
  }
}

describe('runTerminalChat', () => {
  let db: Database;
  let seed: DemoSeedResult;
  let chat: ChatService;

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: null });
    seed = await seedDemo(db.prisma, { now: TEST_NOW });
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  });
  afterAll(async () => {
    await db?.close();
  });

  const firstListedPatent = () =>
    db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: seed.inventorPersonId },
      orderBy: [{ applicationDate: 'asc' }, { applicationNumber: 'asc' }],
    });

  const savedAnswers = async (patentId: string) => {
    const assessment = await db.prisma.selfAssessment.findUniqueOrThrow({
      where: { patentId },
      include: { answers: true },
    });
    return {
      assessment,
      answers: Object.fromEntries(assessment.answers.map((a) => [a.questionId, a.value])),
    };
  };

  it('lets an inventor stop half-way, resume at the same question, and submit', async () => {
    const patent = await firstListedPatent();
    expect(patent.type).toBe('INVENTION');

    const first = new Session(chat, 'inventor');
    expect(await first.screen()).toContain(zh('chat:menu.greeting', { name: '张伟' }));
    expect(first.last).toMatch(/\[a\] 📋 /);
    await first.press(zh('chat:menu.my_patents'));
    expect(first.last).toContain(zh('chat:patents.mine_title', { total: 20 }));
    await first.press(/1\. /);
    expect(first.last).toContain(patent.applicationNumber);
    await first.press(zh('chat:patent.start_assessment'));
    expect(first.last).toContain(`📄 ${patent.title}`);
    expect(first.last).toContain(label('governmentFunded'));

    await first.press(ui('answer.yes'));
    expect(first.last).toContain(label('implementationStatus'));
    // Typed option numbers are answers, not keys: keys are letters.
    await first.type('1');
    expect(first.last).toContain(label('trl'));

    // A bad answer: the localized retry message, then the same question again.
    await first.type('12');
    expect(first.last).toContain(`⚠️ ${zh('engine:error.trl_range', { max: 9 })}`);
    expect(first.last).toContain(label('trl'));
    expect(first.last.indexOf(zh('engine:error.trl_range', { max: 9 }))).toBeLessThan(
      first.last.indexOf(label('trl')),
    );

    await first.type('4');
    expect(first.last).toContain(label('valueGrade'));
    await first.press(zh('self-assessment:q.valueGrade.option.fairlyGood.label'));
    expect(first.last).toContain(label('applicationScenarios'));
    await first.press(zh('self-assessment:q.applicationScenarios.option.newMaterials.label'));
    expect(first.last).toContain(
      `✅ ${zh('self-assessment:q.applicationScenarios.option.newMaterials.label')}`,
    );
    await first.press(ui('button.done'));
    expect(first.last).toContain(label('scenarioDescription'));

    // Ctrl-D in the middle of the questionnaire.
    const stopped = await first.end();
    expect(stopped.end).toBe('eof');
    expect(stopped.rest).toContain(zh('terminal:chat.goodbye'));

    const { assessment, answers } = await savedAnswers(patent.id);
    expect(assessment.status).toBe('DRAFT');
    expect(answers).toEqual({
      governmentFunded: true,
      implementationStatus: ['notImplemented'],
      trl: 4,
      valueGrade: 'fairlyGood',
      applicationScenarios: ['newMaterials'],
    });

    // `npm start` again: the first thing shown is the question it stopped at, not the menu.
    const second = new Session(chat, 'inventor');
    const resumed = await second.screen();
    expect(resumed.startsWith(`📄 ${patent.title}\n`)).toBe(true);
    expect(resumed).toContain(label('scenarioDescription'));
    expect(resumed).not.toContain(zh('chat:menu.greeting', { name: '张伟' }));

    // An empty line skips the optional question.
    await second.type('');
    expect(second.last).toContain(label('industrializationProspects'));
    await second.type('4');
    expect(second.last).toContain(label('transformationIntention'));
    await second.type('1,2');
    expect(second.last).toContain(label('licenceType'));
    await second.press(zh('self-assessment:q.licenceType.option.sole.label'));
    expect(second.last).toContain(label('openLicence'));
    await second.type('1');
    expect(second.last).toContain(label('feeModes'));
    await second.type('1,3');
    expect(second.last).toContain(label('expectedPrice'));
    await second.type('50');
    // Willing to declare an open licence: its terms, on a page of their own.
    expect(second.last).toContain(label('openLicenceFeeMode'));
    await second.press(zh('self-assessment:q.openLicenceFeeMode.option.free.label'));
    expect(second.last).toContain(label('openLicenceTermYears'));
    await second.type('');
    expect(second.last).toContain(label('contactConsent'));
    // "y" is never a key, so it reaches core as the answer "yes".
    await second.type('y');
    expect(second.last).toContain(label('remarks'));
    await second.type('');
    expect(second.last).toContain(ui('review.heading'));
    expect(second.last).toContain(ui('review.hint_complete'));

    await second.press(ui('button.submit'));
    expect(second.last).toContain(ui('submitted.text').split('\n')[0]!);
    // willing to declare an open licence: what happens to the declaration next
    expect(second.last).toContain(zh('open-licence:declared'));
    await second.type('/quit');
    expect(await second.done).toBe('quit');

    const submitted = await savedAnswers(patent.id);
    expect(submitted.assessment.status).toBe('SUBMITTED');
    expect(submitted.answers).toMatchObject({
      industrializationProspects: 4,
      transformationIntention: ['transfer', 'licence'],
      licenceType: 'sole',
      openLicence: 'yes',
      feeModes: ['upfrontPlusRoyalty', 'lumpSum'],
      expectedPrice: 50,
      openLicenceFeeMode: 'free',
      contactConsent: true,
    });
    expect(submitted.answers).not.toHaveProperty('scenarioDescription');
    expect(submitted.answers).not.toHaveProperty('remarks');
    const after = await db.prisma.patent.findUniqueOrThrow({ where: { id: patent.id } });
    expect(after.inventoryStatus).toBe('SUBMITTED');
  });

  it('lets an enterprise list recommended patents and start an evaluation', async () => {
    // Enterprises are offered pool patents: the demo screened a few in.
    const session = new Session(chat, 'enterprise');
    expect(await session.screen()).toContain(zh('chat:menu.greeting', { name: '陈静' }));
    await session.press(zh('chat:menu.recommended'));
    expect(session.last).toContain(
      zh('chat:patents.recommended_title', { total: DEMO_POOLED_PATENTS.length }),
    );
    await session.press(/1\. /);
    await session.press(zh('chat:patent.evaluate'));
    expect(session.last).toContain(zh('evaluation:q.industrializationProspects.label'));
    await session.type('5');
    expect(session.last).toContain(zh('evaluation:q.scenarioFit.label'));
    await session.type('/quit');
    expect(await session.done).toBe('quit');

    const evaluations = await db.prisma.enterpriseEvaluation.findMany({ include: { answers: true } });
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]!.answers.map((a) => [a.questionId, a.value])).toEqual([
      ['industrializationProspects', 5],
    ]);
  });

  it('translates commands, ignores an empty line outside a text question, and sends other text to core', async () => {
    const session = new Session(chat, 'bureau');
    expect(await session.screen()).toContain(zh('enterprises:menu.pending'));
    // Just Enter at the menu: nothing is sent, the prompt comes back.
    expect(await session.type('')).toBe('\n');
    await session.type('hello');
    expect(session.last).toContain(zh('chat:menu.type_hint'));
    await session.type('/nonsense');
    expect(session.last).toContain(zh('chat:error.unknown_command', { command: 'nonsense' }));
    await session.type('/lang en');
    expect(session.last).toContain(t('en', 'chat:lang.changed'));
    expect(session.last).toContain(t('en', 'chat:menu.greeting', { name: '赵磊' }));
    await session.type('/lang zh-CN');
    expect(session.last).toContain(zh('chat:lang.changed'));
    // A letter that is no key on screen is plain text.
    await session.type('q');
    expect(session.last).toContain(zh('chat:menu.type_hint'));
    await session.type('/EXIT');
    expect(await session.done).toBe('quit');
  });

  it("answers /help with the sections of the persona's own roles only", async () => {
    const sections = {
      inventor: 'chat:help.inventor',
      enterprise: 'chat:help.enterprise_admin',
      coordinator: 'chat:help.coordinator',
      'college-coordinator': 'chat:help.college_coordinator',
      bureau: 'chat:help.bureau',
      admin: 'chat:help.admin',
      expert: 'chat:help.expert',
    } as const;
    const all = [...new Set(Object.values(sections))];
    for (const [persona, own] of Object.entries(sections)) {
      const session = new Session(chat, persona);
      await session.screen();
      await session.type('/help');
      expect(session.last, persona).toContain(zh(own).slice(0, 24));
      expect(session.last, persona).toContain(zh('chat:help.commands').slice(0, 24));
      for (const other of all.filter((key) => key !== own))
        expect(session.last, `${persona} must not read ${other}`).not.toContain(zh(other).slice(0, 24));
      await session.type('/quit');
      await session.done;
    }
  });

  it('shows what the outbox holds for the persona at the keyboard, and only theirs', async () => {
    // The seed screened patents into the pool: their inventor was told so through the outbox.
    const pending = (personId: string) =>
      db.prisma.delivery.count({ where: { personId, channel: 'TERMINAL', status: 'PENDING' } });
    expect(await pending(seed.personas.inventor)).toBeGreaterThan(0);
    const othersBefore = await pending(seed.personas.coordinator);
    const output = new PassThrough();
    output.setEncoding('utf8');
    let printed = '';
    output.on('data', (chunk: string) => {
      printed += chunk;
    });
    const channel = new TerminalChannel({ output, color: false });
    channel.persona = 'inventor';
    const outbox = { db: db.prisma, clock: testClock(), logger: pino({ level: 'silent' }), channel };
    const settled = await deliverDueAtTerminal({ ...outbox, persona: 'inventor' });
    expect(settled).toBeGreaterThan(0);
    expect(await pending(seed.personas.inventor)).toBe(0);
    for (const { applicationNumber } of DEMO_POOLED_PATENTS) expect(printed).toContain(applicationNumber);
    expect(printed).toContain(zh('screening:notice.view'));
    // nothing for anyone else, and nothing twice
    expect(await pending(seed.personas.coordinator)).toBe(othersBefore);
    expect(await deliverDueAtTerminal({ ...outbox, persona: 'inventor' })).toBe(0);
  });

  it('shows a proactive message mid-session, prompts again, and its keys can be typed', async () => {
    let channel!: TerminalChannel;
    const session = new Session(chat, 'bureau', (output) => {
      channel = new TerminalChannel({ output, color: false });
      return channel;
    });
    await session.screen();
    await channel.send(
      { channel: 'TERMINAL', userId: 'bureau' },
      { text: '提醒：本月盘点进度已更新。', buttons: [[{ label: '❓ 帮助', action: 'h' }]] },
    );
    expect(await session.screen()).toContain('提醒：本月盘点进度已更新。\n\n[a] ❓ 帮助');
    await session.press('❓ 帮助');
    expect(session.last).toContain(zh('chat:help.bureau').slice(0, 30));
    const { end } = await session.end();
    expect(end).toBe('eof');
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => {
      text += chunk;
    });
    const done = runTerminalChat({
      chat,
      persona: 'bureau',
      input,
      output,
      locale: 'en',
      signal: controller.signal,
    });
    // Aborted while it waits for a line (the menu shown, the prompt out).
    await waitFor(() => /(?:^|\n)> /.test(text), { message: 'the chat prompts for a line' });
    controller.abort();
    expect(await done).toBe('aborted');
    expect(text).toContain(t('en', 'terminal:chat.goodbye'));
  });
});

describe('TerminalChannel', () => {
  const message = {
    text: '提醒：请在月底前完成自评。',
    buttons: [[{ label: '❓ 帮助', action: 'h' }]],
  };

  it('prints proactive messages for the persona at the keyboard with keys that can be typed', async () => {
    const output = new PassThrough();
    const channel = new TerminalChannel({ output, color: false });
    channel.persona = 'inventor';
    const first = await channel.send({ channel: 'TERMINAL', userId: 'inventor' }, message);
    const second = await channel.send({ channel: 'TERMINAL', userId: 'inventor' }, message);
    expect(first.messageId).not.toBe(second.messageId);
    const printed = String(output.read());
    expect(printed).toContain('提醒：请在月底前完成自评。\n\n[a] ❓ 帮助\n');
    expect(channel.actionFor('a')).toBe('h');
    expect(channel.actionFor(' A ')).toBe('h');
  });

  it('shows messages for other personas without keys, so nobody acts in their name', async () => {
    const output = new PassThrough();
    const channel = new TerminalChannel({ output, color: false, locale: 'en' });
    channel.persona = 'inventor';
    await channel.send({ channel: 'TERMINAL', userId: 'coordinator' }, message);
    const printed = String(output.read());
    expect(printed).toContain(t('en', 'terminal:chat.message_for', { persona: 'coordinator' }));
    expect(printed).toContain('[❓ 帮助]');
    expect(channel.actionFor('a')).toBeUndefined();
  });

  it('refuses other channels', async () => {
    const channel = new TerminalChannel({ output: new PassThrough() });
    await expect(channel.send({ channel: 'SLACK', userId: 'T1:U1' }, message)).rejects.toThrow(/SLACK/);
  });
});
