// A roadshow broadcast on Slack, through the same job layer as Telegram, against the Web API stand-in:
// the invitations go as batches through the shared send rate, each chat.postMessage waiting for its
// slot at the moment of its request (Slack: about one message a second per channel, the app's rate
// overall), the coordinator's progress message posted first and edited in place with chat.update at
// Slack's own (much lower) rate for that method, final only after the last invitation. Checked from
// the requests' arrival times at the stand-in.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBroadcastAudience } from '../../bench/broadcast/audience.ts';
import { createDeliveryClient, DELIVERY_EVENT, SlackChannel } from '../../bots/slack/slack-channel.ts';
import { deliveryBatchRenderers } from '../../core/delivery/kinds.ts';
import { DELIVERY_KINDS, DELIVERY_RENDERERS } from '../../core/delivery-kinds.ts';
import { loadActor } from '../../core/people/actor.ts';
import { startBroadcast } from '../../core/roadshows/broadcast-progress.ts';
import { refreshBroadcastProgress } from '../../jobs/broadcast-progress.ts';
import { openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { startDeliveryWorker } from '../../jobs/delivery-worker.ts';
import { relayDueDeliveries } from '../../jobs/outbox-relay.ts';
import { createSendRateLimiter } from '../../jobs/rate-limiter.ts';
import { testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis, type TestRedis } from '../support/redis.ts';
import { type SlackWebApiStandIn, startSlackWebApi } from '../support/slack-web-api.ts';
import { waitFor } from '../support/wait-for.ts';

const RECIPIENTS = 40;
/** chat.postMessage per second for the app: the broadcast lasts about two seconds. */
const RATE = 20;
/** chat.update per second (Slack's Tier 3 is 50 a minute; faster here to keep the test short). */
const EDIT_RATE = 2;
const logger = pino({ level: 'silent' });
const clock = testClock();

interface Request {
  method: 'chat.postMessage' | 'chat.update';
  channel: string;
  text: string;
  key?: string;
  at: number;
}

describe('a roadshow broadcast on Slack', () => {
  let db: TestDatabase;
  let api: SlackWebApiStandIn;
  let redis: TestRedis;
  const requests: Request[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    api = await startSlackWebApi();
    redis = openTestRedis();
    let ts = 0;
    api.answer('chat.postMessage', (body) => {
      requests.push({
        method: 'chat.postMessage',
        channel: String(body.channel),
        text: String(body.text),
        key: body.metadata?.event_type === DELIVERY_EVENT ? body.metadata.event_payload?.key : undefined,
        at: performance.now(),
      });
      return { ok: true, channel: body.channel, ts: `1700000000.${String(++ts).padStart(6, '0')}` };
    });
    api.answer('chat.update', (body) => {
      requests.push({
        method: 'chat.update',
        channel: String(body.channel),
        text: String(body.text),
        at: performance.now(),
      });
      return { ok: true, channel: body.channel, ts: body.ts };
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  it('posts the progress first, paces every request, edits it in place until the last invitation', async () => {
    const audience = await seedBroadcastAudience(db.prisma, {
      recipients: RECIPIENTS,
      firstChatId: 650_000_000,
      ipc: 'Y05S',
      now: clock.now(),
    });
    // Everyone, the coordinator included, on Slack: their DM with the bot is "D<chat>".
    const people = [
      ...audience.chatOf.entries(),
      [audience.coordinatorId, audience.coordinatorChat] as const,
    ];
    for (const [personId, chat] of people) {
      await db.prisma.channelIdentity.updateMany({
        where: { personId, channel: 'TELEGRAM' },
        data: { channel: 'SLACK', externalId: `T0TEAM:U${chat}`, address: `D${chat}` },
      });
    }
    const coordinatorDm = `D${audience.coordinatorChat}`;
    const queues = openDeliveryQueues(redis.redis, redis.prefix);
    const limiter = createSendRateLimiter(
      redis.redis,
      { perSecond: { SLACK: RATE }, editPerSecond: { SLACK: EDIT_RATE } },
      redis.prefix,
    );
    const port = new SlackChannel(createDeliveryClient('xoxb-test', api.apiUrl, logger), logger);
    const worker = startDeliveryWorker({
      db: db.prisma,
      channel: 'SLACK',
      port,
      renderers: DELIVERY_RENDERERS,
      batchRenderers: deliveryBatchRenderers(DELIVERY_KINDS),
      connection: redis.redis,
      redis: redis.redis,
      queues,
      logger,
      prefix: redis.prefix,
      clock,
      limiter,
    });
    let running = true;
    const loop = async (every: number, pass: () => Promise<unknown>) => {
      while (running) {
        await pass();
        await new Promise((resolve) => setTimeout(resolve, every));
      }
    };
    const loops = [
      loop(20, () => relayDueDeliveries(db.prisma, queues, { now: clock.now() })),
      loop(50, () =>
        refreshBroadcastProgress({
          db: db.prisma,
          ports: { SLACK: port },
          logger,
          lastShown: new Map(),
          limiter,
          now: clock.now(),
        }),
      ),
    ];
    try {
      const coordinator = (await loadActor(db.prisma, audience.coordinatorId))!;
      await startBroadcast(db.prisma, coordinator, audience.roadshowId, 'SLACK', clock.now());
      await waitFor(
        async () =>
          (await db.prisma.roadshow.findUniqueOrThrow({ where: { id: audience.roadshowId } }))
            .broadcastFinishedAt,
        { timeoutMs: 30_000, message: 'the broadcast finished' },
      );
    } finally {
      running = false;
      await Promise.all(loops);
      await redis.cleanup(worker, ...Object.values(queues));
    }

    const posts = requests.filter((r) => r.method === 'chat.postMessage');
    const invitations = posts.filter((r) => r.channel !== coordinatorDm);
    // Each recipient once, into their DM, with the key that finds it again after a crash.
    expect(new Set(invitations.map((r) => r.channel)).size).toBe(RECIPIENTS);
    expect(invitations).toHaveLength(RECIPIENTS);
    expect(invitations.every((r) => r.key?.startsWith(`roadshow:${audience.roadshowId}:person:`))).toBe(true);
    // 1. The progress message first.
    expect(posts[0]!.channel).toBe(coordinatorDm);
    // 2. The app's rate at the moment of the requests: slots 1/RATE apart, so the posts span at
    //    least that many intervals (less a quarter of a second: a stalled event loop on a loaded
    //    machine lets a few late ones go together).
    expect(posts.at(-1)!.at - posts[0]!.at).toBeGreaterThanOrEqual(((posts.length - 1) * 1000) / RATE - 250);
    // 3. Into the coordinator's DM, posts and edits a second apart; edits at chat.update's rate.
    const intoCoordinator = requests.filter((r) => r.channel === coordinatorDm);
    for (let i = 1; i < intoCoordinator.length; i += 1)
      expect(intoCoordinator[i]!.at - intoCoordinator[i - 1]!.at).toBeGreaterThanOrEqual(990);
    const edits = intoCoordinator.filter((r) => r.method === 'chat.update');
    // 4. Edited while invitations went out; "finished" only after the last one, counting all.
    const last = invitations.at(-1)!.at;
    expect(edits.some((e) => e.at > invitations[0]!.at && e.at < last)).toBe(true);
    for (const e of edits) if (e.text.includes('邀请已发送完毕')) expect(e.at).toBeGreaterThan(last);
    expect(edits.at(-1)!.text).toContain(`邀请已发送完毕：已发送 ${RECIPIENTS}，失败 0，未发送 0`);
  });
});
