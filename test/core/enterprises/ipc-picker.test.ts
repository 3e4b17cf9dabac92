// The IPC picker at the registration's and /profile's IPC question, through the chat service on the
// terminal channel: browse section → class → subclass and tick, search by a word and tick, "Done"
// answers the question with the ticked codes (listed with their titles); in zh-CN and in English;
// on a platform with forms a word stands for the one subclass it matches.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { enterpriseIpcAction } from '../../../core/enterprises/actions.ts';
import { enterpriseRegistrationDraft } from '../../../core/enterprises/chat-state.ts';
import { registerEnterprise } from '../../../core/enterprises/enterprises.ts';
import { enterpriseRegistrationV1 } from '../../../core/enterprises/questionnaire.ts';
import { t } from '../../../core/i18n.ts';
import { initialState } from '../../../core/questionnaire/state.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { creditCode, personWithRole } from './fixtures.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const en = (key: string, params?: Record<string, string | number>) => t('en', key, params);
const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n---\n');
const buttons = (replies: OutgoingMessage[]) => replies.flatMap((r) => (r.buttons ?? []).flat());
const actions = (replies: OutgoingMessage[]) => buttons(replies).map((b) => b.action);
const labelOf = (replies: OutgoingMessage[], action: string) =>
  buttons(replies).find((b) => b.action === action)?.label;

const ROOT = 'eni:v:b..0';

describe('the IPC picker in chat', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(() => db?.close());

  const chat = () =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  const as = (userId: string, languageHint = 'zh-CN') => {
    const send = (event: Parameters<ReturnType<typeof chat>['handle']>[0]['event']) =>
      chat().handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, languageHint, event });
    return {
      command: (command: string, args = '') => send({ kind: 'command', command, args }),
      text: (text: string) => send({ kind: 'text', text }),
      press: (action: string) => send({ kind: 'action', action }),
    };
  };

  /** A newcomer registering, answered up to the IPC question. */
  async function atIpcQuestion(userId: string) {
    const user = as(userId);
    await user.command('start', 'register');
    await user.text('王经理');
    await user.text('杭州储能科技有限公司');
    await user.text(creditCode());
    await user.text('杭州');
    await user.press('q:ok:types');
    const replies = await user.text('6');
    expect(texts(replies)).toContain(zh('enterprises:q.ipcInterests.label'));
    return { user, replies };
  }

  it('browses section → class → subclass, ticks, pages, goes back, and "Done" answers with titles', async () => {
    const { user, replies: question } = await atIpcQuestion('picker-browse');
    expect(actions(question)).toContain(ROOT);
    expect(labelOf(question, ROOT)).toBe(zh('enterprises:ipc.browse'));

    let replies = await user.press(ROOT);
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.heading_root'));
    expect(replies[0]!.text).toContain('H · 电学');
    expect(actions(replies)).toEqual(
      expect.arrayContaining(['eni:v:b.A.0', 'eni:v:b.H.0', 'eni:q', 'eni:d']),
    );

    // Section B has more than ten classes: pages, and back from a class lands on its page.
    replies = await user.press('eni:v:b.B.0');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.page', { page: 1, pages: 4 }));
    expect(actions(replies)).toContain('eni:v:b.B.1');
    replies = await user.press('eni:v:b.B.2');
    expect(actions(replies)).toContain('eni:v:b.B.1');
    expect(actions(replies)).toContain('eni:v:b.B60.0');
    replies = await user.press('eni:v:b.B60.0');
    expect(actions(replies)).toContain('eni:v:b.B.2');

    replies = await user.press('eni:v:b.H.0');
    expect(replies[0]!.text).toContain('H01 · 电气元件');
    replies = await user.press('eni:v:b.H01.0');
    expect(replies[0]!.text).toContain('H01M · 用于直接转变化学能为电能的方法或装置，例如电池组');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.picked_none'));
    const tick = enterpriseIpcAction.to({
      op: 'toggle',
      code: 'H01M',
      view: { kind: 'browse', code: 'H01', page: 0 },
    });
    expect(tick).toBe('eni:t:H01M:b.H01.0');
    expect(labelOf(replies, tick)).toMatch(/^➕ H01M /);
    replies = await user.press(tick);
    expect(labelOf(replies, tick)).toMatch(/^✅ H01M /);
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.picked', { count: 1, codes: 'H01M' }));
    expect(replies[0]!.slot).toBe('question');
    // Ticked twice is unticked; a third time ticked again.
    replies = await user.press(tick);
    expect(labelOf(replies, tick)).toMatch(/^➕ H01M /);
    replies = await user.press(tick);
    replies = await user.press('eni:v:b.H02.0');
    replies = await user.press('eni:t:H02J:b.H02.0');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.picked', { count: 2, codes: 'H01M、H02J' }));
    // Back climbs a level.
    expect(actions(replies)).toContain('eni:v:b.H.0');

    replies = await user.press('eni:d');
    const done = replies[0]!.text;
    expect(done).toContain(zh('enterprises:ipc.chosen'));
    expect(done).toContain('• H01M · 用于直接转变化学能为电能的方法或装置，例如电池组');
    expect(done).toContain('• H02J · 电力网络；供电或配电的电路装置或系统；电能存储系统');
    expect(done).toContain(zh('enterprises:q.keywords.label'));

    // The picker is closed: its buttons now only show where the registration is.
    replies = await user.press(tick);
    expect(replies[0]!.text).toBe(zh('chat:error.stale_button'));
    expect(texts(replies)).toContain(zh('enterprises:q.keywords.label'));

    await user.text('储能');
    replies = await user.command('skip');
    expect(texts(replies)).toContain('H01M, H02J');
    replies = await user.press('q:submit');
    expect(replies[0]!.text).toContain(
      zh('enterprises:register.submitted', { name: '杭州储能科技有限公司' }),
    );
    const enterprise = await db.prisma.enterprise.findFirstOrThrow({
      where: { name: '杭州储能科技有限公司' },
    });
    expect(enterprise.ipcInterests).toEqual(['H01M', 'H02J']);
  });

  it('searches by a word, keeps codes typed with it, and opens a class typed as a code', async () => {
    const { user } = await atIpcQuestion('picker-search');
    let replies = await user.text('h04l, 计算模型');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.search_heading', { query: '计算模型' }));
    expect(replies[0]!.text).toContain('G06N · 基于特定计算模型的计算机系统');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.picked', { count: 1, codes: 'H04L' }));
    expect(actions(replies)).toContain('eni:t:G06N:s');
    replies = await user.press('eni:t:G06N:s');
    expect(labelOf(replies, 'eni:t:G06N:s')).toMatch(/^✅ G06N /);

    // Nothing matches: said, with the way out.
    replies = await user.text('量子纠缠蜂蜜');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.search_none', { query: '量子纠缠蜂蜜' }));
    // A class typed alone opens it; a code typed while picking joins the list.
    replies = await user.text('H01');
    expect(replies[0]!.text).toContain('H01M ·');
    replies = await user.text('H01M');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.added', { codes: 'H01M' }));
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.picked', { count: 3, codes: 'H04L、G06N、H01M' }));
    // A symbol that is not one is refused as before, and the list stays.
    replies = await user.text('Z9');
    expect(texts(replies)).toContain(zh('enterprises:error.ipc', { code: 'Z9' }));
    // Clear empties the list; "Done" with nothing chosen skips the question.
    replies = await user.press('eni:c:l');
    expect(replies[0]!.text).toContain(zh('enterprises:ipc.picked_none'));
    replies = await user.press('eni:t:H04L:s');
    replies = await user.press('eni:d');
    expect(replies[0]!.text).toContain('• H04L · 数字信息的传输，例如电报通信');
    const draft = await db.prisma.conversation.findFirstOrThrow({
      where: { person: { identities: { some: { externalId: 'picker-search' } } } },
    });
    const state = (draft.data as { state: { draft: { state: { answers: Record<string, unknown> } } } }).state;
    expect(state.draft.state.answers.ipcInterests).toBe('H04L');
  });

  it('in English, /profile: searches "battery", adds to the saved fields, and saves', async () => {
    const admin = await personWithRole(db.prisma, 'Ms Lin', null);
    await db.prisma.person.update({ where: { id: admin.personId }, data: { locale: 'en' } });
    const { enterprise } = await registerEnterprise(
      db.prisma,
      admin,
      { name: 'Ningbo Cells Ltd.', creditCode: creditCode(), region: '330200', ipcInterests: 'G06N 3/04' },
      TEST_NOW,
    );
    const user = as(admin.userId, 'en');
    let replies = await user.press('enw:p');
    expect(actions(replies)).toContain('q:e:ipcInterests');
    replies = await user.press('q:e:ipcInterests');
    expect(texts(replies)).toContain(en('enterprises:q.ipcInterests.label'));
    expect(labelOf(replies, ROOT)).toBe(en('enterprises:ipc.browse'));

    replies = await user.text('battery');
    expect(replies[0]!.text).toContain(en('enterprises:ipc.search_heading', { query: 'battery' }));
    expect(replies[0]!.text).toContain('H01M · Processes or means, e.g. batteries, for the direct');
    // The saved answer is where the list starts.
    expect(replies[0]!.text).toContain(en('enterprises:ipc.picked', { count: 1, codes: 'G06N 3/04' }));
    replies = await user.press('eni:t:H01M:s');
    replies = await user.press('eni:d');
    expect(replies[0]!.text).toContain(en('enterprises:ipc.chosen'));
    expect(replies[0]!.text).toContain(
      '• G06N 3/04 · Computing arrangements based on specific computational models (G06N)',
    );
    expect(texts(replies)).toContain(en('questionnaire-ui:review.heading'));
    replies = await user.press('q:submit');
    expect(replies[0]!.text).toContain(en('enterprises:profile.saved', { count: 1 }));
    expect(
      (await db.prisma.enterprise.findUniqueOrThrow({ where: { id: enterprise.id } })).ipcInterests,
    ).toEqual(['G06N 3/04', 'H01M']);
  });

  it('on a platform with forms, a word is the subclass it alone matches; otherwise the candidates', async () => {
    const userId = 'picker-slack';
    const send = (event: Parameters<ReturnType<typeof chat>['handle']>[0]['event']) =>
      chat().handle({
        channel: 'SLACK',
        userId,
        chatIsPrivate: true,
        supportsForms: true,
        languageHint: 'en',
        event,
      });
    await send({ kind: 'command', command: 'start', args: 'register' });
    await send({ kind: 'form', formId: 'er:registrant', values: { personName: 'Chen Jing' } });
    const code = creditCode();
    await send({
      kind: 'form',
      formId: 'er:identity',
      values: { name: 'Ningbo Words Ltd.', creditCode: code, region: '宁波' },
    });
    let replies = await send({ kind: 'form', formId: 'er:business', values: { types: [], industries: [] } });
    const field = replies.find((r) => r.form)!.form!.fields.find((f) => f.id === 'ipcInterests')!;
    expect(field.help).toBe(en('enterprises:q.ipcInterests.help'));

    replies = await send({
      kind: 'form',
      formId: 'er:needs',
      values: { ipcInterests: 'computer, H04L', keywords: '', needs: '' },
    });
    const error = replies.find((r) => r.form)!.form!.errors!.ipcInterests!;
    expect(error).toContain('“computer” matches several IPC subclasses');
    expect(error).toContain('G06C');
    expect(error).toContain('G06G');
    replies = await send({
      kind: 'form',
      formId: 'er:needs',
      values: { ipcInterests: 'battery, H04L', keywords: '', needs: '' },
    });
    expect(texts(replies)).toContain(en('questionnaire-ui:review.heading'));
    expect(texts(replies)).toContain('H01M, H04L');
  });

  it('keeps drafts stored before the picker, and its button ids are short', () => {
    const state = initialState(enterpriseRegistrationV1.id, enterpriseRegistrationV1.version);
    const old = enterpriseRegistrationDraft.parse(JSON.parse(JSON.stringify({ state })));
    expect(old.ipc).toBeUndefined();
    expect(enterpriseRegistrationDraft.parse({ state, ipc: { picked: ['H01M'] } }).ipc).toEqual({
      picked: ['H01M'],
    });
    const longest = enterpriseIpcAction.to({
      op: 'toggle',
      code: 'H01M',
      view: { kind: 'browse', code: 'H01', page: 999 },
    });
    expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(64);
    expect(enterpriseIpcAction.decode(longest)).toEqual({
      op: 'toggle',
      code: 'H01M',
      view: { kind: 'browse', code: 'H01', page: 999 },
    });
    expect(enterpriseIpcAction.decode('eni:t:H01:s')).toBeNull();
    expect(enterpriseIpcAction.decode('eni:v:b.Z9.0')).toBeNull();
  });
});
