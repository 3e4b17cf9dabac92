// The coordinator's broadcast progress message, through the real Telegram channel port and telegraf
// against the Bot API stand-in: sent once, edited in place as invitations go out or fail, edited
// only when its text changes, and left alone once the broadcast is finished; and the same run by
// the "broadcast-progress" schedule on the real Redis.
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { sendDelivery } from '../../core/delivery/send-delivery.ts';
import { DELIVERY_RENDERERS } from '../../core/delivery-kinds.ts';
import { type DemoSeedResult, seedDemo } from '../../core/demo/seed.ts';
import { type Actor, loadActor } from '../../core/people/actor.ts';
import { progressMessages, startBroadcast } from '../../core/roadshows/broadcast-progress.ts';
import { broadcastProgress } from '../../core/roadshows/progress-message.ts';
import { createRoadshow } from '../../core/roadshows/roadshows.ts';
import { refreshBroadcastProgress } from '../../jobs/broadcast-progress.ts';
import { openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { startDeliveryWorker } from '../../jobs/delivery-worker.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { startScheduleWorker, upsertSchedules } from '../../jobs/schedulers.ts';
import { TEST_NOW, testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis } from '../support/redis.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../support/telegram-bot-api.ts';

const TOKEN = `${STAND_IN_BOT_INFO.id}:test-token_ABCdef123`;
const COORDINATOR_CHAT = 9201;
// 10:00 in Shanghai: outside quiet hours
const MORNING = TEST_NOW;

describe('broadcast progress on Telegram', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let api: TelegramBotApiStandIn;
  let coordinator: Actor;
  let port: TelegramChannel;
  const logger = pino({ level: 'silent' });
  // Stands still: the program (sends, refreshes, the schedule worker) decides by it alone.
  const clock = testClock(MORNING);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: MORNING });
    api = await startTelegramBotApi();
    coordinator = (await loadActor(db.prisma, demo.personas.coordinator))!;
    const chats = [
      [demo.personas.coordinator, COORDINATOR_CHAT],
      [demo.personas.enterprise, 9202],
      [demo.inventorPersonId, 9203],
    ] as const;
    for (const [personId, chat] of chats) {
      await db.prisma.channelIdentity.create({
        data: { personId, channel: 'TELEGRAM', externalId: String(chat), address: String(chat) },
      });
    }
    port = new TelegramChannel(
      new Telegram(TOKEN, { apiRoot: api.url, webhookReply: false }),
      db.prisma,
      logger,
      clock,
    );
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  const deps = () => ({
    db: db.prisma,
    ports: { TELEGRAM: port },
    renderers: DELIVERY_RENDERERS,
    clock,
  });

  /** A published roadshow for the demo enterprise and inventor, and its sent progress message. */
  async function broadcast(title: string) {
    const patents = await db.prisma.patent.findMany({
      where: { responsibleInventorId: demo.inventorPersonId },
      orderBy: { applicationNumber: 'asc' },
    });
    const patent = patents.find((p) => p.ipcCodes.some((code) => code.startsWith('H01M')))!;
    const roadshow = await createRoadshow(db.prisma, coordinator, {
      institutionId: demo.institutionId,
      title,
      startsAt: new Date(MORNING.getTime() + 7 * 86_400_000),
      location: '东海理工大学科技园',
      patentIds: [patent.id],
      audience: { enterpriseIpc: ['H01M'], inventors: true },
    });
    await startBroadcast(db.prisma, coordinator, roadshow.id, 'TELEGRAM', MORNING);
    const [progress] = await progressMessages(db.prisma, roadshow.id);
    expect(await sendDelivery(deps(), progress!.id)).toMatchObject({ outcome: 'SENT' });
    const invitations = await db.prisma.delivery.findMany({
      where: { kind: 'roadshow.invitation', idempotencyKey: { startsWith: `roadshow:${roadshow.id}:` } },
    });
    const sent = await db.prisma.delivery.findUniqueOrThrow({ where: { id: progress!.id } });
    return { roadshow, invitations, messageId: Number(sent.providerMessageId) };
  }

  const editsOf = (messageId: number) =>
    api
      .callsOf('editMessageText')
      .filter((c) => Number(c.body.message_id) === messageId && Number(c.body.chat_id) === COORDINATOR_CHAT)
      .map((c) => String(c.body.text));
  const finishedAt = async (id: string) =>
    (await db.prisma.roadshow.findUniqueOrThrow({ where: { id } })).broadcastFinishedAt;

  it('edits the progress message in place as invitations go out, and stops when none remain', async () => {
    const { roadshow, invitations, messageId } = await broadcast('储能专利路演');
    const first = api.callsOf('sendMessage').find((c) => c.result?.message_id === messageId)!;
    expect(first.body.text).toContain('邀请发送中：已发送 0，失败 0，剩余 2');
    const lastShown = new Map<string, string>();
    const refresh = () =>
      refreshBroadcastProgress({ db: db.prisma, ports: { TELEGRAM: port }, logger, lastShown, now: MORNING });

    const [toEnterprise, toInventor] = [
      invitations.find((d) => d.personId === demo.personas.enterprise)!,
      invitations.find((d) => d.personId === demo.inventorPersonId)!,
    ];
    expect(await sendDelivery(deps(), toEnterprise.id)).toMatchObject({ outcome: 'SENT' });
    await refresh();
    expect(editsOf(messageId).at(-1)).toContain('邀请发送中：已发送 1，失败 0，剩余 1');
    expect(await finishedAt(roadshow.id)).toBeNull();

    // Nothing changed: no call to Telegram.
    const editsBefore = editsOf(messageId).length;
    expect(await refresh()).toEqual({ edited: 0, finished: 0 });
    expect(editsOf(messageId)).toHaveLength(editsBefore);

    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await sendDelivery(deps(), toInventor.id)).toMatchObject({ outcome: 'FAILED' });
    expect(await refresh()).toEqual({ edited: 1, finished: 1 });
    expect(editsOf(messageId).at(-1)).toContain('邀请已发送完毕：已发送 1，失败 1，未发送 0');
    expect(await finishedAt(roadshow.id)).toEqual(MORNING);

    const editsAtEnd = editsOf(messageId).length;
    expect(await refresh()).toEqual({ edited: 0, finished: 0 });
    expect(editsOf(messageId)).toHaveLength(editsAtEnd);
  });

  it('is never finished before every invitation is in the outbox', async () => {
    const { roadshow, messageId } = await broadcast('未写完的路演');
    // As between publishing (the roadshow PUBLISHED) and the last invitation written: nothing
    // remains to send, yet nothing says the broadcast is over.
    await db.prisma.delivery.updateMany({
      where: { kind: 'roadshow.invitation', idempotencyKey: { startsWith: `roadshow:${roadshow.id}:` } },
      data: { status: 'PENDING' },
    });
    await db.prisma.roadshow.update({ where: { id: roadshow.id }, data: { broadcastQueuedAt: null } });
    await db.prisma.delivery.deleteMany({
      where: { kind: 'roadshow.invitation', idempotencyKey: { startsWith: `roadshow:${roadshow.id}:` } },
    });
    expect(await broadcastProgress(db.prisma, roadshow.id)).toMatchObject({ remaining: 0, finished: false });
    const refresh = () =>
      refreshBroadcastProgress({ db: db.prisma, ports: { TELEGRAM: port }, logger, now: MORNING });
    expect(await refresh()).toEqual({ edited: 0, finished: 0 });
    expect(await finishedAt(roadshow.id)).toBeNull();
    // Once it is all written (and sent), the next run finishes it.
    await db.prisma.roadshow.update({ where: { id: roadshow.id }, data: { broadcastQueuedAt: MORNING } });
    expect(await refresh()).toEqual({ edited: 1, finished: 1 });
    expect(editsOf(messageId).at(-1)).toContain('邀请已发送完毕：已发送 0，失败 0，未发送 0');
  });

  it('goes out ahead of the invitations, and each edit waits for its slot of the send rate', async () => {
    const { prefix, redis, cleanup } = openTestRedis();
    const queues = openDeliveryQueues(redis, prefix);
    const patents = await db.prisma.patent.findMany({
      where: { responsibleInventorId: demo.inventorPersonId },
      orderBy: { applicationNumber: 'asc' },
    });
    const patent = patents.find((p) => p.ipcCodes.some((code) => code.startsWith('H01M')))!;
    const roadshow = await createRoadshow(db.prisma, coordinator, {
      institutionId: demo.institutionId,
      title: '排队路演',
      startsAt: new Date(MORNING.getTime() + 7 * 86_400_000),
      location: '东海理工大学科技园',
      patentIds: [patent.id],
      audience: { enterpriseIpc: ['H01M'], inventors: true },
    });
    // Earlier rows of other tests are not part of this broadcast.
    await db.prisma.delivery.updateMany({ where: { status: 'PENDING' }, data: { status: 'SKIPPED' } });
    await startBroadcast(db.prisma, coordinator, roadshow.id, 'TELEGRAM', MORNING);
    const sendsBefore = api.callsOf('sendMessage').length;
    await relayDueDeliveries(db.prisma, queues, { now: MORNING });
    // One at a time, in queue order: the coordinator's progress message first.
    const worker = startDeliveryWorker({
      db: db.prisma,
      channel: 'TELEGRAM',
      port,
      renderers: DELIVERY_RENDERERS,
      connection: redis,
      redis,
      queues,
      logger,
      prefix,
      clock,
      concurrency: 1,
    });
    try {
      await expect
        .poll(() => api.callsOf('sendMessage').length - sendsBefore, { timeout: 20_000, interval: 20 })
        .toBe(3);
    } finally {
      await cleanup(worker, ...Object.values(queues));
    }
    const sends = api.callsOf('sendMessage').slice(sendsBefore);
    expect(Number(sends[0]!.body.chat_id)).toBe(COORDINATOR_CHAT);

    const acquired: string[] = [];
    const limiter = {
      acquire: async (channel: string) => {
        acquired.push(channel);
      },
      reserve: async (channel: string, _tier: string, count: number) => {
        acquired.push(channel);
        return new Array<number>(count).fill(0);
      },
      holdChats: async (channel: string, chats: readonly string[], inMs: readonly number[]) => {
        acquired.push(...chats.map((chat, i) => `hold ${channel} ${chat} in ${inMs[i]} ms`));
      },
      pause: async () => undefined,
      takeChats: async (channel: string, chats: readonly string[]) => {
        acquired.push(...chats.map((chat) => `${channel} ${chat}`));
        return chats.map(() => 0);
      },
    };
    expect(
      await refreshBroadcastProgress({
        db: db.prisma,
        ports: { TELEGRAM: port },
        logger,
        limiter,
        now: MORNING,
      }),
    ).toMatchObject({ edited: 1 });
    // The chat's one-a-second slot, then the bot's rate; the chat's spacing counts from the edit.
    expect(acquired).toEqual([
      `TELEGRAM ${COORDINATOR_CHAT}`,
      'TELEGRAM',
      `hold TELEGRAM ${COORDINATOR_CHAT} in 0 ms`,
      `hold TELEGRAM ${COORDINATOR_CHAT} in 0 ms`,
    ]);
  });

  it('runs on the schedule queue and makes the final edit there', async () => {
    const { roadshow, invitations, messageId } = await broadcast('调度路演');
    await db.prisma.delivery.updateMany({
      where: { id: { in: invitations.map((d) => d.id) } },
      data: { status: 'SENT', sentAt: MORNING },
    });
    const { prefix, redis, cleanup } = openTestRedis();
    const queues = openDeliveryQueues(redis, prefix);
    const schedules = await upsertSchedules(redis, 'Asia/Shanghai', prefix);
    const worker = startScheduleWorker({
      db: db.prisma,
      queues,
      connection: redis,
      logger,
      clock,
      timeZone: 'Asia/Shanghai',
      prefix,
      ports: { TELEGRAM: port },
    });
    try {
      await expect.poll(() => finishedAt(roadshow.id), { timeout: 20_000, interval: 50 }).not.toBeNull();
      // finished by the schedule worker's clock
      expect(await finishedAt(roadshow.id)).toEqual(MORNING);
      expect(editsOf(messageId).at(-1)).toContain('邀请已发送完毕：已发送 2，失败 0，未发送 0');
    } finally {
      await cleanup(worker, ...Object.values(queues), schedules);
    }
  });
});
