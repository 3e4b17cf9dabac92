// The outbox and the delivery worker against a real database and a real Redis, sending through the
// terminal channel (a real ChannelPort whose output we can read).
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DELIVERY_EVENT, SlackChannel } from '../../bots/slack/slack-channel.ts';
import { TerminalChannel } from '../../bots/terminal/terminal-channel.ts';
import { selfAssessmentNudge } from '../../core/assessments/messages.ts';
import { defineDeliveryKind } from '../../core/delivery/kinds.ts';
import { enqueueDelivery, retryDeadDelivery } from '../../core/delivery/outbox.ts';
import { sendDelivery, UNCERTAIN_ERROR } from '../../core/delivery/send-delivery.ts';
import { type DemoSeedResult, seedDemo } from '../../core/demo/seed.ts';
import { t } from '../../core/i18n.ts';
import { openDeliveryQueues } from '../../jobs/delivery-queues.ts';
import { startDeliveryWorker } from '../../jobs/delivery-worker.ts';
import { relayDueDeliveries, STALE_SENDING_MS } from '../../jobs/outbox-relay.ts';
import { TEST_NOW, testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis } from '../support/redis.ts';
import { type SlackWebApiStandIn, startSlackWebApi } from '../support/slack-web-api.ts';

// 10:00 in Shanghai: outside quiet hours
const MORNING = TEST_NOW;

describe('delivery outbox', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let output: PassThrough;
  let printed: string;
  let terminal: TerminalChannel;
  let slackApi: SlackWebApiStandIn;
  let slack: SlackChannel;
  const renderers = { [selfAssessmentNudge.kind]: selfAssessmentNudge.renderStored };
  /** A reminder kind of no feature: muted before anything would render it. */
  const otherReminder = defineDeliveryKind({
    kind: 'reminder.other',
    payload: z.object({ patentId: z.uuid() }),
    render: async () => null,
  });

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: MORNING });
    output = new PassThrough();
    printed = '';
    output.on('data', (chunk) => {
      printed += chunk.toString();
    });
    terminal = new TerminalChannel({ output, color: false });
    slackApi = await startSlackWebApi();
    const client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: slackApi.apiUrl,
      retryConfig: { retries: 0 },
    });
    slack = new SlackChannel(client, pino({ level: 'silent' }));
    await db.prisma.channelIdentity.create({
      data: {
        personId: demo.inventorPersonId,
        channel: 'SLACK',
        externalId: 'T0TEAM:U0INV',
        address: 'D0INV',
      },
    });
  });
  afterAll(async () => {
    await slackApi?.close();
    await db?.close();
  });

  async function patentsOfInventor() {
    return db.prisma.patent.findMany({
      where: { responsibleInventorId: demo.inventorPersonId },
      orderBy: { applicationNumber: 'asc' },
    });
  }

  const nudge = (patentId: string, key = `nudge:${patentId}:${randomBytes(4).toString('hex')}`) =>
    enqueueDelivery(
      db.prisma,
      selfAssessmentNudge.delivery({
        idempotencyKey: key,
        personId: demo.inventorPersonId,
        channel: 'TERMINAL',
        payload: { patentId },
        notBefore: MORNING,
      }),
    );

  const deps = (now = MORNING) => ({
    db: db.prisma,
    ports: { TERMINAL: terminal },
    renderers,
    clock: testClock(now),
    weeklyReminderCap: 100,
  });

  /** Deliveries earlier tests left PENDING and due are not part of what a Redis test sends. */
  const setAsideLeftovers = () =>
    db.prisma.delivery.updateMany({ where: { status: 'PENDING' }, data: { status: 'SKIPPED' } });

  it('creates a delivery once per idempotency key', async () => {
    const [patent] = await patentsOfInventor();
    const first = await nudge(patent!.id, 'nudge:once');
    const second = await nudge(patent!.id, 'nudge:once');
    expect(first.outcome).toBe('CREATED');
    expect(second).toEqual({ outcome: 'EXISTS', id: first.id });
  });

  it('sends once, records the message id, and never sends the same delivery again', async () => {
    const [patent] = await patentsOfInventor();
    const { id } = await nudge(patent!.id);
    printed = '';
    const sent = await sendDelivery(deps(), id);
    expect(sent.outcome).toBe('SENT');
    expect(printed).toContain(patent!.title);
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(row.providerMessageId).toBe(sent.outcome === 'SENT' ? sent.providerMessageId : null);
    printed = '';
    expect(await sendDelivery(deps(), id)).toEqual({ outcome: 'ALREADY_DONE' });
    expect(printed).toBe('');
  });

  it('defers to the end of quiet hours in the person’s time zone', async () => {
    const [patent] = await patentsOfInventor();
    const { id } = await nudge(patent!.id);
    // 23:30 in Shanghai
    const late = new Date('2026-12-01T15:30:00Z');
    const result = await sendDelivery(deps(late), id);
    expect(result).toEqual({
      outcome: 'DEFERRED',
      until: new Date('2026-12-02T00:00:00Z'),
      reason: 'quiet-hours',
    });
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).notBefore).toEqual(
      new Date('2026-12-02T00:00:00Z'),
    );
  });

  it('skips a muted kind and an obsolete nudge (already submitted)', async () => {
    const [, patent, submitted] = await patentsOfInventor();
    await db.prisma.reminderMute.create({
      data: { personId: demo.inventorPersonId, kind: 'reminder.other' },
    });
    const muted = await enqueueDelivery(
      db.prisma,
      otherReminder.delivery({
        idempotencyKey: 'muted-1',
        personId: demo.inventorPersonId,
        channel: 'TERMINAL',
        payload: { patentId: patent!.id },
        notBefore: MORNING,
      }),
    );
    expect(await sendDelivery(deps(), muted.id)).toEqual({ outcome: 'SKIPPED', reason: 'muted' });

    await db.prisma.selfAssessment.create({
      data: {
        patentId: submitted!.id,
        respondentId: demo.inventorPersonId,
        questionnaireId: 'self-assessment',
        questionnaireVersion: 1,
        status: 'SUBMITTED',
        state: {},
      },
    });
    const obsolete = await nudge(submitted!.id);
    expect(await sendDelivery(deps(), obsolete.id)).toEqual({ outcome: 'SKIPPED', reason: 'obsolete' });
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: obsolete.id } })).status).toBe(
      'SKIPPED',
    );
  });

  it('keeps reminders under the weekly cap', async () => {
    const [patent] = await patentsOfInventor();
    const { id } = await nudge(patent!.id);
    const capped = await sendDelivery({ ...deps(), weeklyReminderCap: 1 }, id);
    expect(capped.outcome).toBe('DEFERRED');
    if (capped.outcome === 'DEFERRED') expect(capped.reason).toBe('weekly-cap');
  });

  it('does not resend a delivery interrupted mid-send; it becomes a dead letter an admin can retry', async () => {
    const [patent] = await patentsOfInventor();
    const { id } = await nudge(patent!.id);
    await db.prisma.delivery.update({ where: { id }, data: { status: 'SENDING', attempts: 1 } });
    printed = '';
    expect(await sendDelivery(deps(), id)).toEqual({ outcome: 'UNCERTAIN' });
    expect(printed).toBe('');
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).status).toBe('DEAD');
    expect(await retryDeadDelivery(db.prisma, id, MORNING)).toBe(true);
    expect((await sendDelivery(deps(), id)).outcome).toBe('SENT');
  });

  describe('a Slack send interrupted by a crash (after the claim, before recording)', () => {
    const slackNudge = async (patentId: string) => {
      const key = `slack-nudge:${patentId}:${randomBytes(4).toString('hex')}`;
      const { id } = await enqueueDelivery(
        db.prisma,
        selfAssessmentNudge.delivery({
          idempotencyKey: key,
          personId: demo.inventorPersonId,
          channel: 'SLACK',
          payload: { patentId },
          notBefore: MORNING,
        }),
      );
      return { id, key };
    };
    const slackDeps = () => ({ ...deps(), ports: { SLACK: slack } });
    const claim = (id: string) =>
      db.prisma.delivery.update({ where: { id }, data: { status: 'SENDING', attempts: 1 } });

    it('is found on Slack by its key: recorded SENT with that message, not posted again', async () => {
      const [patent] = await patentsOfInventor();
      const { id, key } = await slackNudge(patent!.id);
      await claim(id);
      // The sender that died had got this far: the message is in the DM, the row still SENDING.
      const posted = await slack.send(
        { channel: 'SLACK', userId: 'T0TEAM:U0INV', address: 'D0INV' },
        { text: 'invitation' },
        { deliveryKey: key },
      );
      slackApi.reset();
      expect(await sendDelivery(slackDeps(), id)).toEqual({
        outcome: 'SENT',
        providerMessageId: posted.messageId,
        reconciled: true,
      });
      expect(slackApi.calls('chat.postMessage')).toHaveLength(0);
      expect(slackApi.calls('conversations.history')[0]?.body).toMatchObject({
        channel: 'D0INV',
        include_all_metadata: 'true',
      });
      expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: 'SENT',
        providerMessageId: posted.messageId,
      });
      expect(await sendDelivery(slackDeps(), id)).toEqual({ outcome: 'ALREADY_DONE' });
    });

    it('is not found on Slack: sent now, once, carrying its key', async () => {
      const [patent] = await patentsOfInventor();
      const { id, key } = await slackNudge(patent!.id);
      // another delivery's message in the same DM is not mistaken for this one
      await slack.send(
        { channel: 'SLACK', userId: 'T0TEAM:U0INV', address: 'D0INV' },
        { text: 'something else' },
        { deliveryKey: `${key}:other` },
      );
      await claim(id);
      slackApi.reset();
      const result = await sendDelivery(slackDeps(), id);
      expect(result).toMatchObject({ outcome: 'SENT' });
      expect(result).not.toHaveProperty('reconciled');
      const posts = slackApi.calls('chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.body.metadata).toEqual({ event_type: DELIVERY_EVENT, event_payload: { key } });
      expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: 'SENT',
        attempts: 2,
      });
    });
  });

  it('settles a row left SENDING whose job is gone too (machine restarted): the relay queues it again', async () => {
    const clock = testClock(MORNING);
    const { prefix, redis, cleanup } = openTestRedis();
    const queues = openDeliveryQueues(redis, prefix);
    await setAsideLeftovers();
    const [patent] = await patentsOfInventor();
    const { id } = await nudge(patent!.id);
    // Claimed (as sendDelivery does, stamping the claim with its clock), then the machine went down
    // for longer than any send takes.
    await db.prisma.delivery.update({ where: { id }, data: { status: 'SENDING', updatedAt: clock.now() } });
    clock.advance(STALE_SENDING_MS + 60_000);
    // a claim younger than that may still have a live sender: left alone
    const { id: recent } = await nudge(patent!.id);
    await db.prisma.delivery.update({
      where: { id: recent },
      data: { status: 'SENDING', updatedAt: clock.now() },
    });
    const worker = startDeliveryWorker({
      db: db.prisma,
      channel: 'TERMINAL',
      port: terminal,
      renderers,
      connection: redis,
      redis,
      queues,
      logger: pino({ level: 'silent' }),
      prefix,
      clock,
    });
    try {
      printed = '';
      // Nothing else is due: only the stale claim is queued, the recent one is left alone.
      expect(await relayDueDeliveries(db.prisma, queues, { now: clock.now() })).toBe(1);
      await expect
        .poll(async () => (await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).status, {
          timeout: 20_000,
          interval: 50,
        })
        .not.toBe('SENDING');
      expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: 'DEAD',
        lastError: UNCERTAIN_ERROR,
      });
      expect(printed).toBe('');
      expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: recent } })).status).toBe('SENDING');
    } finally {
      await db.prisma.delivery.update({ where: { id: recent }, data: { status: 'SKIPPED' } });
      await cleanup(worker, ...Object.values(queues));
    }
  });

  it('fails permanently without an identity on the channel', async () => {
    const [patent] = await patentsOfInventor();
    const { id } = await enqueueDelivery(
      db.prisma,
      selfAssessmentNudge.delivery({
        idempotencyKey: 'no-telegram',
        personId: demo.inventorPersonId,
        channel: 'TELEGRAM',
        payload: { patentId: patent!.id },
        notBefore: MORNING,
      }),
    );
    const result = await sendDelivery({ ...deps(), ports: { TELEGRAM: terminal } }, id);
    expect(result).toEqual({ outcome: 'FAILED', reason: 'no TELEGRAM identity' });
  });

  it('delivers a broadcast through Redis exactly once per recipient, even when relayed twice', async () => {
    const { prefix, redis, cleanup } = openTestRedis();
    const queues = openDeliveryQueues(redis, prefix);
    const patents = await patentsOfInventor();
    // leftovers of earlier tests (deferred ones) are not part of this broadcast
    await setAsideLeftovers();
    const ids: string[] = [];
    for (const patent of patents) ids.push((await nudge(patent.id, `broadcast:${patent.id}`)).id);
    printed = '';
    const worker = startDeliveryWorker({
      db: db.prisma,
      channel: 'TERMINAL',
      port: terminal,
      renderers,
      connection: redis,
      redis,
      queues,
      logger: pino({ level: 'silent' }),
      prefix,
      clock: testClock(MORNING),
      weeklyReminderCap: 1000,
    });
    try {
      // Two relay passes (two instances, or a restart) queue each delivery only once.
      await relayDueDeliveries(db.prisma, queues, { now: MORNING });
      await relayDueDeliveries(db.prisma, queues, { now: MORNING });
      // Settled: neither waiting nor in the middle of its send (a SENDING row is about to be SENT).
      const settled = () =>
        db.prisma.delivery.count({ where: { id: { in: ids }, status: { notIn: ['PENDING', 'SENDING'] } } });
      await expect.poll(settled, { timeout: 20_000, interval: 50 }).toBe(ids.length);
      const rows = await db.prisma.delivery.findMany({ where: { id: { in: ids } } });
      const sent = rows.filter((r) => r.status === 'SENT');
      // the patents whose self-assessment is already submitted (the demo's, an earlier test's) are
      // skipped as obsolete; every other one is sent
      const obsolete = rows.filter((r) => r.status === 'SKIPPED' && r.lastError === 'obsolete');
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.length + obsolete.length).toBe(ids.length);
      for (const patent of patents) {
        const times = printed.split(`《${patent.title}》`).length - 1;
        expect(times).toBeLessThanOrEqual(1);
      }
      expect(printed.split(t('zh-CN', 'delivery:nudge.continue')).length - 1).toBe(sent.length);
    } finally {
      await cleanup(worker, ...Object.values(queues));
    }
  });
});
