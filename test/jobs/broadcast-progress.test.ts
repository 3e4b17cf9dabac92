// The coordinator's broadcast progress message, through the real Telegram channel port and telegraf
// against the Bot API stand-in: sent once, edited in place as invitations go out or fail, edited
// only when its text changes, and left alone once the broadcast is finished; and the same run by
// the "broadcast-progress" schedule on the real Redis.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { sendDelivery } from '../../core/delivery/send-delivery.ts';
import { type DemoSeedResult, seedDemo } from '../../core/demo/seed.ts';
import { type Actor, loadActor } from '../../core/people/actor.ts';
import { progressMessages, startBroadcast } from '../../core/roadshows/broadcast-progress.ts';
import { createRoadshow } from '../../core/roadshows/roadshows.ts';
import { refreshBroadcastProgress } from '../../jobs/broadcast-progress.ts';
import { openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { DELIVERY_RENDERERS } from '../../jobs/runtime.ts';
import { startScheduleWorker, upsertSchedules } from '../../jobs/schedulers.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../support/telegram-bot-api.ts';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const TOKEN = `${STAND_IN_BOT_INFO.id}:test-token_ABCdef123`;
const COORDINATOR_CHAT = 9201;
const MORNING = new Date('2026-12-01T02:00:00Z');

describe('broadcast progress on Telegram', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let api: TelegramBotApiStandIn;
  let coordinator: Actor;
  let port: TelegramChannel;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma);
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
    now: () => MORNING,
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
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      location: '东海理工大学科技园',
      patentIds: [patent.id],
      audience: { enterpriseIpc: ['H01M'], inventors: true },
    });
    await startBroadcast(db.prisma, coordinator, roadshow.id, 'TELEGRAM');
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
      refreshBroadcastProgress({ db: db.prisma, ports: { TELEGRAM: port }, logger, lastShown });

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
    expect(await finishedAt(roadshow.id)).not.toBeNull();

    const editsAtEnd = editsOf(messageId).length;
    expect(await refresh()).toEqual({ edited: 0, finished: 0 });
    expect(editsOf(messageId)).toHaveLength(editsAtEnd);
  });

  it('runs on the schedule queue and makes the final edit there', async () => {
    const { roadshow, invitations, messageId } = await broadcast('调度路演');
    await db.prisma.delivery.updateMany({
      where: { id: { in: invitations.map((d) => d.id) } },
      data: { status: 'SENT', sentAt: new Date() },
    });
    const prefix = `revive-test-${randomBytes(4).toString('hex')}`;
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queues = openDeliveryQueues(redis, prefix);
    const schedules = await upsertSchedules(redis, 'Asia/Shanghai', prefix);
    const worker = startScheduleWorker({
      db: db.prisma,
      queues,
      connection: redis,
      logger,
      prefix,
      ports: { TELEGRAM: port },
    });
    try {
      const deadline = Date.now() + 20_000;
      while (!(await finishedAt(roadshow.id)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await finishedAt(roadshow.id)).not.toBeNull();
      expect(editsOf(messageId).at(-1)).toContain('邀请已发送完毕：已发送 2，失败 0，未发送 0');
    } finally {
      await worker.close();
      for (const queue of [...Object.values(queues), schedules]) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
      redis.disconnect();
    }
  });
});
