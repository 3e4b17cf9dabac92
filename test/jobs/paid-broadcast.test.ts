// Telegram's paid broadcast: off unless the operator allows it for a roadshow (audited) and the
// configuration sets a daily cap in Stars; then that roadshow's invitations go with
// allow_paid_broadcast, at the paid rate, until the day's cap is spent, and the rest at the free one.
// Through the real Telegram port against the Bot API stand-in.
import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../bots/telegram/telegram-channel.ts';
import { enqueueDeliveries } from '../../core/delivery/outbox.ts';
import { sendDeliveries } from '../../core/delivery/send-delivery.ts';
import { DELIVERY_RENDERERS } from '../../core/delivery-kinds.ts';
import { t } from '../../core/i18n.ts';
import { roadshowInvitation } from '../../core/roadshows/messages.ts';
import { paidBroadcastPolicy } from '../../jobs/paid-broadcast.ts';
import { createSendRateLimiter } from '../../jobs/rate-limiter.ts';
import { jobsPaidBroadcast } from '../../scripts/jobs/commands.ts';
import { TEST_NOW, testClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { openTestRedis } from '../support/redis.ts';
import {
  STAND_IN_BOT_INFO,
  startTelegramBotApi,
  type TelegramBotApiStandIn,
} from '../support/telegram-bot-api.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);

describe('paid broadcast', () => {
  let db: TestDatabase;
  let api: TelegramBotApiStandIn;
  const redis = openTestRedis();
  const clock = testClock();
  let roadshowId: string;
  const people: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    api = await startTelegramBotApi();
    const institution = await db.prisma.institution.create({
      data: { code: 'PB-U1', nameZh: '付费大学', kind: 'UNIVERSITY', province: '330000' },
    });
    for (let i = 0; i < 12; i++) {
      const chat = String(880_000 + i);
      const person = await db.prisma.person.create({
        data: {
          name: `观众 ${i}`,
          identities: { create: { channel: 'TELEGRAM', externalId: chat, address: chat } },
        },
      });
      people.push(person.id);
    }
    roadshowId = (
      await db.prisma.roadshow.create({
        data: {
          institutionId: institution.id,
          title: '付费路演',
          startsAt: new Date(TEST_NOW.getTime() + 7 * 86_400_000),
          location: '报告厅',
          status: 'PUBLISHED',
          createdById: people[0]!,
        },
      })
    ).id;
  });
  afterAll(async () => {
    await redis.cleanup();
    await api?.close();
    await db?.close();
  });

  const cli = (args: string[], starsPerDay: number | null) => {
    const output: string[] = [];
    const run = jobsPaidBroadcast(
      {
        db: db.prisma,
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        now: TEST_NOW,
        write: (l) => output.push(l),
      },
      args,
      { starsPerDay, rate: 1000 },
    );
    return run.then((code) => ({ code, output }));
  };

  it('is allowed per roadshow by the operator, audited, and says when no cap makes it moot', async () => {
    expect(await cli(['allow', roadshowId], null)).toEqual({
      code: 0,
      output: [zh('delivery:paid.allowed', { title: '付费路演', rate: 1000 }), zh('delivery:paid.no_cap')],
    });
    expect((await cli(['list'], 1)).output).toEqual([
      zh('delivery:paid.line', { id: roadshowId, title: '付费路演', since: '2026-12-01 10:00' }),
    ]);
    expect((await cli(['allow'], 1)).code).toBe(2);
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'roadshow.paid-broadcast.allowed', subjectId: roadshowId },
      }),
    ).toBe(1);
  });

  it('sends that roadshow paid until the day’s cap is spent, the rest at the free rate', async () => {
    await enqueueDeliveries(
      db.prisma,
      people.map((personId) =>
        roadshowInvitation.delivery({
          idempotencyKey: `roadshow:${roadshowId}:person:${personId}`,
          personId,
          channel: 'TELEGRAM',
          payload: { roadshowId },
          notBefore: TEST_NOW,
        }),
      ),
    );
    const ids = (await db.prisma.delivery.findMany({ where: { kind: roadshowInvitation.kind } })).map(
      (r) => r.id,
    );
    const logger = pino({ level: 'silent' });
    const limiter = createSendRateLimiter(
      redis.redis,
      { perSecond: { TELEGRAM: 1000 }, paidPerSecond: 1000 },
      redis.prefix,
    );
    const results = await sendDeliveries(
      {
        db: db.prisma,
        ports: {
          TELEGRAM: new TelegramChannel(
            new Telegram(`${STAND_IN_BOT_INFO.id}:paid`, { apiRoot: api.url, webhookReply: false }),
            db.prisma,
            logger,
            clock,
          ),
        },
        renderers: DELIVERY_RENDERERS,
        clock,
        pace: (channel, tier, count) => limiter.reserve(channel, tier, count),
        // 1 Star a day: ten messages at 0.1 Star each.
        paidBroadcast: paidBroadcastPolicy(db.prisma, redis.redis, clock, {
          starsPerDay: 1,
          prefix: redis.prefix,
        }),
      },
      ids,
    );
    expect([...results.values()].every((r) => 'ok' in r && r.ok.outcome === 'SENT')).toBe(true);
    const sends = api.callsOf('sendMessage');
    expect(sends).toHaveLength(12);
    expect(sends.filter((c) => c.body.allow_paid_broadcast === true)).toHaveLength(10);
    expect(api.paidCount()).toBe(10);

    // Withdrawn: nothing more is paid.
    await cli(['withdraw', roadshowId], 1);
    const policy = paidBroadcastPolicy(db.prisma, redis.redis, clock, {
      starsPerDay: 100,
      prefix: redis.prefix,
    });
    expect(await policy([{ id: ids[0]!, channel: 'TELEGRAM', payload: { roadshowId } }])).toEqual(new Set());
  });
});
