// A coordinator creates and broadcasts a roadshow on Telegram, end to end through the real bot and
// the Bot API stand-in, on both databases: the wizard's questions with their checks (past time, bad
// link, capacity 0, neither place nor link), a restart half-way, picking and filtering the featured
// patents, the preview with the invitation as invitees will see it and the audience count, and a
// double-tapped confirmation that creates one roadshow and invites each person once. Inventors and
// another institution's coordinator are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionAction } from '../../../core/chat/chat-actions.ts';
import { t } from '../../../core/i18n.ts';
import { createInvite } from '../../../core/invites/invites.ts';
import {
  roadshowConfirmAction,
  roadshowPickAction,
  roadshowStepAction,
} from '../../../core/roadshows/actions.ts';
import { roadshowInvitation } from '../../../core/roadshows/messages.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { callbackUpdate, Harness, textUpdate } from './harness.ts';

const COORDINATOR = 616_000_001;
const INVENTOR = 616_000_002;
const ENTERPRISE = 616_000_003;
const OTHER_COORDINATOR = 616_000_004;
const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const q = (id: string) => zh(`roadshow:create.q.${id}.label`);

describe.each(DATABASE_KINDS)('creating a roadshow on Telegram on %s', (kind) => {
  let h: Harness;
  let pooled: { id: string; title: string; ipcCodes: string[] }[];

  /**
   * Posts an update; returns the last message it sent or edited, as shown now, and `all`: the
   * texts of everything it sent or edited (an error line before the question asked again).
   */
  const post = async (userId: number, update: object) => {
    const before = h.api.calls.length;
    expect(await h.post(update)).toBe(200);
    const output = h.outputSince(userId, before);
    // An edit that changed nothing ("message is not modified") has no result: it names its message.
    const lastId = Number(output.at(-1)?.result?.message_id ?? output.at(-1)?.body.message_id);
    const shown = h.shown(userId).find((m) => m.messageId === lastId);
    if (!shown) throw new Error('the update got no reply');
    return { ...shown, all: output.map((c) => String(c.body.text)).join('\n') };
  };
  const say = (userId: number, text: string) => post(userId, textUpdate(userId, text));
  /** Presses the button carrying exactly this action in the chat (it must have been shown). */
  const press = (userId: number, action: string) =>
    post(userId, callbackUpdate(userId, action, h.messageWithButton(userId, action).message.messageId));
  const engine = (action: string) => action;
  const submit = engine(questionAction.to({ input: { type: 'submit' } }));

  /** Answers every question with valid values (place only, inventors invited) up to the patents. */
  async function answerQuestions(userId: number, title: string) {
    await say(userId, '/roadshow');
    await say(userId, title);
    await say(userId, '2099-12-10 14:00');
    await say(userId, '/skip'); // end
    await say(userId, '东海理工大学科技园 A 座报告厅');
    await say(userId, '/skip'); // link
    await say(userId, '/skip'); // capacity
    await say(userId, '/skip'); // IPC: the featured patents' subclasses
    await say(userId, '/skip'); // regions
    await press(
      userId,
      engine(questionAction.to({ input: { type: 'answer', questionId: 'inventors', value: 'true' } })),
    );
    return press(userId, submit);
  }

  beforeAll(async () => {
    h = await Harness.start(kind);
    const { prisma } = h.db;
    // Ten patents in the pool: the few the demo screened in, then the first others by number.
    const institutionId = h.demo.institutionId;
    const inPool = { institutionId, inventoryStatus: 'IN_POOL' as const };
    const others = await prisma.patent.findMany({
      where: { institutionId, inventoryStatus: { not: 'IN_POOL' } },
      orderBy: { applicationNumber: 'asc' },
      take: 10 - (await prisma.patent.count({ where: inPool })),
    });
    await prisma.patent.updateMany({
      where: { id: { in: others.map((p) => p.id) } },
      data: { inventoryStatus: 'IN_POOL' },
    });
    pooled = await prisma.patent.findMany({ where: inPool, orderBy: { applicationNumber: 'asc' } });
    expect(pooled).toHaveLength(10);
    await h.bind(COORDINATOR, h.demo.personas.coordinator, 'UNIVERSITY_COORDINATOR', {
      institutionId: h.demo.institutionId,
    });
    await h.bind(INVENTOR, h.demo.inventorPersonId, 'INVENTOR', { institutionId: h.demo.institutionId });
    await h.bind(ENTERPRISE, h.demo.personas.enterprise, 'ENTERPRISE_STAFF', {
      enterpriseId: h.demo.enterpriseId,
    });
    const other = await prisma.institution.create({
      data: { code: 'OTHER-U', nameZh: '西山农业大学', kind: 'UNIVERSITY', province: '320000' },
    });
    const person = await prisma.person.create({ data: { name: '周敏', email: 'zhou.min@other.example.cn' } });
    const { token } = await createInvite(prisma, {
      personId: person.id,
      role: 'UNIVERSITY_COORDINATOR',
      institutionId: other.id,
      now: h.clock.now(),
    });
    await prisma.patent.create({
      data: {
        applicationNumber: '202310000001.2',
        title: '一种节水灌溉装置',
        type: 'UTILITY_MODEL',
        ipcCodes: ['A01G 25/02'],
        applicationDate: new Date('2023-01-01'),
        legalStatus: 'VALID',
        institutionId: other.id,
        inventoryStatus: 'IN_POOL',
      },
    });
    expect(await h.post(textUpdate(OTHER_COORDINATOR, `/start ${token}`))).toBe(200);
  });
  afterAll(() => h?.close());

  it('refuses inventors, and offers the wizard in the coordinator menu', async () => {
    const refused = await say(INVENTOR, '/roadshow');
    expect(refused.text).toContain(zh('roadshow:refusal.coordinator_only'));
    const menu = await say(COORDINATOR, '/menu');
    expect(menu.buttons.map((b) => b.callback_data)).toContain(roadshowStepAction.to({ step: 'new' }));
  });

  it('asks the questions, refuses bad answers, and resumes after a restart', async () => {
    const first = await press(COORDINATOR, roadshowStepAction.to({ step: 'new' }));
    expect(first.text).toContain(q('title'));
    expect((await say(COORDINATOR, '新能源材料专利路演')).text).toContain(q('startsAt'));

    await h.startBot(); // a new bot instance: the draft is in the database
    expect((await say(COORDINATOR, '/start')).text).toContain(q('startsAt'));

    const past = await say(COORDINATOR, '2020-01-01 10:00');
    expect(past.all).toContain(zh('roadshow:create.error.time_past'));
    expect(past.text).toContain(q('startsAt'));
    const vague = await say(COORDINATOR, '下周四下午');
    expect(vague.all).toContain(zh('roadshow:create.error.time_format'));
    expect(vague.text).toContain(q('startsAt'));
    expect((await say(COORDINATOR, '2099-12-10 14:00')).text).toContain(q('endsAt'));
    // An end before the start is refused as it is typed, not only at the final submit.
    const early = await say(COORDINATOR, '2099-12-10 13:00');
    expect(early.all).toContain(zh('roadshow:create.error.end_before_start'));
    expect(early.text).toContain(q('endsAt'));
    expect((await say(COORDINATOR, '2099-12-10 16:30')).text).toContain(q('location'));
    expect((await say(COORDINATOR, '/skip')).text).toContain(q('onlineUrl'));
    const ftp = await say(COORDINATOR, 'ftp://files.example.cn/roadshow');
    expect(ftp.all).toContain(zh('roadshow:create.error.url'));
    expect(ftp.text).toContain(q('onlineUrl'));
    expect((await say(COORDINATOR, '/skip')).text).toContain(q('capacity'));
    const none = await say(COORDINATOR, '0');
    expect(none.all).toContain(zh('engine:error.number_min', { min: 1 }));
    expect(none.text).toContain(q('capacity'));
    expect((await say(COORDINATOR, '120')).text).toContain(q('enterpriseIpc'));
    expect((await say(COORDINATOR, '/skip')).text).toContain(q('regions'));
    expect((await say(COORDINATOR, '/skip')).text).toContain(q('inventors'));
    const review = await press(
      COORDINATOR,
      engine(questionAction.to({ input: { type: 'answer', questionId: 'inventors', value: 'true' } })),
    );
    expect(review.text).toContain('新能源材料专利路演');

    // Neither a place nor a link: back to the place, with the reason.
    const again = await press(COORDINATOR, submit);
    expect(again.text).toContain(q('location'));
    expect(again.all).toContain(zh('roadshow:create.error.place_or_link'));
    await say(COORDINATOR, '东海理工大学科技园 A 座报告厅');
    const pick = await press(COORDINATOR, submit);
    expect(pick.text).toContain(zh('roadshow:create.patents.heading', { picked: 0, pool: 10 }));
    expect(pick.text).toContain(zh('roadshow:create.patents.more', { count: 2 }));
  });

  it('filters the patents by typed words, previews the invitation and its audience', async () => {
    const battery = pooled.find((p) => p.ipcCodes.some((c) => c.startsWith('H01M')))!;
    const filtered = await say(COORDINATOR, 'H01M');
    expect(filtered.text).toContain(zh('roadshow:create.patents.filter', { filter: 'H01M' }));
    expect(filtered.text).toContain(battery.title);
    const expectedMatches = pooled.filter((p) => p.ipcCodes.some((c) => c.startsWith('H01M')));
    expect(filtered.buttons.filter((b) => b.callback_data.startsWith('rp:'))).toHaveLength(
      Math.min(8, expectedMatches.length),
    );
    const nothingYet = await press(COORDINATOR, roadshowStepAction.to({ step: 'patentsDone' }));
    expect(nothingYet.all).toContain(zh('roadshow:create.error.no_patents'));
    expect(nothingYet.buttons.some((b) => b.callback_data.startsWith('rp:'))).toBe(true);

    const ticked = await press(COORDINATOR, roadshowPickAction.to({ patentId: battery.id }));
    expect(ticked.text).toContain(zh('roadshow:create.patents.heading', { picked: 1, pool: 10 }));
    const preview = await press(COORDINATOR, roadshowStepAction.to({ step: 'patentsDone' }));
    expect(preview.text).toContain(zh('roadshow:message.invitation'));
    // The preview shows the whole time, the end included.
    expect(preview.text).toContain('2099年12月10日 14:00 – 16:30');
    expect(preview.text).toContain(battery.title);
    // the enterprise follows H01M, the battery patent's subclass; the demo inventor is its inventor
    expect(preview.text).toContain(
      zh('roadshow:create.preview.audience', { total: 2, enterprise: 1, inventors: 1 }),
    );
  });

  it('creates one roadshow and invites each person once when confirm is tapped twice', async () => {
    const { action, message } = h.messageWithButton(COORDINATOR, 'rk:');
    const roadshowId = action.slice(3);
    const statuses = await Promise.all([
      h.post(callbackUpdate(COORDINATOR, action, message.messageId)),
      h.post(callbackUpdate(COORDINATOR, action, message.messageId)),
    ]);
    expect(statuses).toEqual([200, 200]);
    const { prisma } = h.db;
    expect(await prisma.roadshow.count({ where: { title: '新能源材料专利路演' } })).toBe(1);
    const roadshow = await prisma.roadshow.findUniqueOrThrow({ where: { id: roadshowId } });
    expect(roadshow).toMatchObject({
      status: 'PUBLISHED',
      capacity: 120,
      location: '东海理工大学科技园 A 座报告厅',
    });
    expect(await prisma.invitation.count({ where: { roadshowId } })).toBe(2);
    const invitations = {
      kind: 'roadshow.invitation',
      idempotencyKey: { startsWith: `roadshow:${roadshowId}:` },
    };
    expect(await prisma.delivery.count({ where: invitations })).toBe(2);
    expect(await prisma.delivery.count({ where: { kind: 'roadshow.progress' } })).toBe(1);
    const texts = h.shown(COORDINATOR).map((m) => m.text);
    expect(
      texts.some((text) =>
        text.includes(zh('roadshow:create.published', { title: roadshow.title, count: 2 })),
      ),
    ).toBe(true);

    // What the preview showed is what the enterprise receives.
    const preview = h.shown(COORDINATOR).find((m) => m.buttons.some((b) => b.callback_data === action))!;
    const invitation = await roadshowInvitation.renderStored(prisma, {
      locale: 'zh-CN',
      payload: { roadshowId },
      personId: h.demo.personas.enterprise,
      now: h.clock.now(),
    });
    expect(preview.text).toContain(invitation!.text);

    // A later tap on the old preview only says it is done.
    const late = await press(COORDINATOR, action);
    expect(late.text).toBe(zh('roadshow:create.already_published', { title: roadshow.title }));
    expect(await prisma.invitation.count({ where: { roadshowId } })).toBe(2);
  });

  it('keeps another institution’s coordinator to their own institution’s patents', async () => {
    const pick = await answerQuestions(OTHER_COORDINATOR, '节水农业专利路演');
    expect(pick.text).toContain(zh('roadshow:create.patents.heading', { picked: 0, pool: 1 }));
    const forged = roadshowPickAction.to({ patentId: pooled[0]!.id });
    const refused = await post(OTHER_COORDINATOR, callbackUpdate(OTHER_COORDINATOR, forged, pick.messageId));
    expect(refused.all).toContain(zh('roadshow:refusal.foreign_patent'));
    const ourRoadshow = await h.db.prisma.roadshow.findFirstOrThrow({
      where: { title: '新能源材料专利路演' },
    });
    const confirm = roadshowConfirmAction.to({ roadshowId: ourRoadshow.id });
    const stale = await post(OTHER_COORDINATOR, callbackUpdate(OTHER_COORDINATOR, confirm, pick.messageId));
    expect(stale.text).toBe(zh('roadshow:create.no_draft'));
    expect(await h.db.prisma.invitation.count({ where: { roadshowId: ourRoadshow.id } })).toBe(2);
  });
});
