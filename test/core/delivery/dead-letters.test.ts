// Dead letters an operator can act on: `jobs:status` says whom each was for, on which chat, what it
// was about and whether it may have arrived, and tells what is due and waiting from what is
// scheduled for later; `jobs:dead` and /deadletters (administrators only) retry or close them,
// audited. In-process, one database.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import {
  deadLetterResolveAction,
  deadLetterRetryAction,
  deadLettersRetryAllAction,
} from '../../../core/delivery/actions.ts';
import { deadLetter, listDeadLetters } from '../../../core/delivery/dead-letters.ts';
import { UNCERTAIN_ERROR } from '../../../core/delivery/send-delivery.ts';
import { t } from '../../../core/i18n.ts';
import { openDeliveryQueues } from '../../../jobs/delivery-queues.ts';
import { type JobsCommandContext, jobsDead, jobsStatus } from '../../../scripts/jobs/commands.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { openTestRedis } from '../../support/redis.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const DAY = 86_400_000;

describe('dead letters', () => {
  let db: TestDatabase;
  let roadshowId: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const p = db.prisma;
    const institution = await p.institution.create({
      data: { code: 'DL-U1', nameZh: '死信大学', kind: 'UNIVERSITY', province: '330000' },
    });
    const person = async (key: string, name: string, role: 'ADMIN' | 'INVENTOR', telegram?: string) =>
      (
        await p.person.create({
          data: {
            name,
            email: `${key}@dl.example.cn`,
            roles: { create: { role, institutionId: role === 'ADMIN' ? null : institution.id } },
            identities: {
              create: [
                { channel: 'TERMINAL', externalId: key, address: key },
                ...(telegram
                  ? [{ channel: 'TELEGRAM' as const, externalId: telegram, address: telegram }]
                  : []),
              ],
            },
          },
        })
      ).id;
    await person('admin', '管理员', 'ADMIN');
    alice = await person('alice', '李爱丽', 'INVENTOR', '5550001');
    bob = await person('bob', '王博', 'INVENTOR', '5550002');
    roadshowId = (
      await p.roadshow.create({
        data: {
          institutionId: institution.id,
          title: '氢能专利路演',
          startsAt: new Date(TEST_NOW.getTime() + 7 * DAY),
          location: '报告厅',
          status: 'PUBLISHED',
          createdById: alice,
        },
      })
    ).id;
  });
  afterAll(() => db?.close());

  /** A roadshow invitation row in a given state. */
  const invitation = (personId: string, status: 'PENDING' | 'SENDING', notBefore = TEST_NOW, key = '') =>
    db.prisma.delivery.create({
      data: {
        idempotencyKey: `roadshow:${roadshowId}:person:${personId}${key}`,
        personId,
        channel: 'TELEGRAM',
        kind: 'roadshow.invitation',
        payload: { roadshowId },
        status,
        notBefore,
      },
    });

  const cli = (): JobsCommandContext & { output: string[] } => {
    const output: string[] = [];
    return {
      db: db.prisma,
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      now: TEST_NOW,
      write: (line) => output.push(line),
      output,
    };
  };

  it('lists whom each was for, where, what about and whether it may have arrived; due apart from later', async () => {
    // Cut off mid-send (may have arrived), and never sent (retries spent).
    const cut = await invitation(alice, 'SENDING');
    expect(await deadLetter(db.prisma, cut.id, 'job stalled')).toBe(true);
    const spent = await invitation(bob, 'PENDING');
    expect(await deadLetter(db.prisma, spent.id, 'ETIMEDOUT')).toBe(true);
    // One due now, one follow-up for next week: the second is no backlog.
    await invitation(alice, 'PENDING', TEST_NOW, ':reminder-24h');
    await invitation(bob, 'PENDING', new Date(TEST_NOW.getTime() + 7 * DAY), ':followup');

    const letters = await listDeadLetters(db.prisma);
    expect(letters.map((l) => [l.personName, l.chat, l.subject, l.mayHaveArrived])).toEqual([
      ['王博', '5550002', '氢能专利路演', false],
      ['李爱丽', '5550001', '氢能专利路演', true],
    ]);
    expect(letters[1]!.reason).toBe(`${UNCERTAIN_ERROR} (job stalled)`);

    const redis = openTestRedis();
    const queues = openDeliveryQueues(redis.redis, redis.prefix);
    const ctx = cli();
    try {
      await jobsStatus(ctx, queues);
    } finally {
      await redis.cleanup(...Object.values(queues));
    }
    const text = ctx.output.join('\n');
    expect(text).toContain(zh('delivery:status.due', { count: 1 }));
    expect(text).toContain(zh('delivery:status.later', { count: 1, first: '2026-12-08 10:00' }));
    expect(text).toContain(zh('delivery:status.dead_open', { count: 2 }));
    const entry = text.slice(text.indexOf(cut.id)).split('\n').slice(0, 3).join('\n');
    expect(entry).toContain('李爱丽（TELEGRAM 5550001）· roadshow.invitation：氢能专利路演');
    expect(entry).toContain(zh('delivery:dead.arrival_maybe'));
    const other = text.slice(text.indexOf(spent.id)).split('\n').slice(0, 3).join('\n');
    expect(other).toContain(zh('delivery:dead.arrival_no'));
    expect(other).toContain('ETIMEDOUT');
  });

  it('jobs:dead retries and resolves by id, all at once, audited; unknown ids and bad usage fail', async () => {
    const [first, second] = await listDeadLetters(db.prisma);
    let ctx = cli();
    expect(await jobsDead(ctx, ['list'])).toBe(0);
    expect(ctx.output.join('\n')).toContain(first!.id);

    expect(await jobsDead(cli(), ['retry', first!.id])).toBe(0);
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({
      status: 'PENDING',
      notBefore: TEST_NOW,
      requeues: 0,
      lastError: null,
    });
    expect(await jobsDead(cli(), ['resolve', second!.id])).toBe(0);
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: second!.id } })).resolvedAt).toEqual(
      TEST_NOW,
    );
    // Dealt with: neither is listed any more, and doing it again finds nothing.
    expect(await listDeadLetters(db.prisma)).toEqual([]);
    ctx = cli();
    expect(await jobsDead(ctx, ['resolve', second!.id])).toBe(1);
    expect(ctx.output).toEqual([zh('delivery:cli.not_found', { id: second!.id })]);
    expect(await jobsDead(cli(), ['retry', 'not-an-id'])).toBe(1);
    ctx = cli();
    expect(await jobsDead(ctx, ['retry'])).toBe(2);
    expect(ctx.output).toEqual([zh('delivery:cli.usage')]);

    await deadLetter(db.prisma, first!.id, 'again');
    ctx = cli();
    expect(await jobsDead(ctx, ['retry', '--all'])).toBe(0);
    expect(ctx.output).toEqual([zh('delivery:cli.retried', { count: 1 })]);

    const audits = await db.prisma.auditLog.findMany({
      where: { subjectType: 'Delivery' },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => [a.action, a.subjectId, a.actorId])).toEqual([
      ['delivery.dead-letter.retried', first!.id, null],
      ['delivery.dead-letter.resolved', second!.id, null],
      ['delivery.dead-letter.retried-all', null, null],
    ]);
  });

  it('administrators retry and close them in the chat; nobody else may', async () => {
    const service = createChatService({
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      clock: testClock(),
    });
    const as = (userId: string) => ({
      command: (command: string) =>
        service.handle({
          channel: 'TERMINAL',
          userId,
          chatIsPrivate: true,
          event: { kind: 'command', command, args: '' },
        }),
      press: (action: string) =>
        service.handle({
          channel: 'TERMINAL',
          userId,
          chatIsPrivate: true,
          event: { kind: 'action', action },
        }),
    });
    const admin = as('admin');
    const actions = (replies: OutgoingMessage[]) =>
      replies.flatMap((r) => r.buttons?.flat() ?? []).map((b) => b.action);

    const one = await invitation(alice, 'SENDING', TEST_NOW, ':chat-1');
    await deadLetter(db.prisma, one.id, 'job stalled');
    const two = await invitation(bob, 'PENDING', TEST_NOW, ':chat-2');
    await deadLetter(db.prisma, two.id, 'ETIMEDOUT');

    const shown = await admin.command('deadletters');
    expect(shown[0]!.text).toContain(zh('delivery:dead.heading', { count: 2 }));
    expect(shown[0]!.text).toContain('李爱丽（TELEGRAM 5550001）');
    expect(shown[0]!.text).toContain(zh('delivery:dead.arrival_maybe'));
    expect(actions(shown)).toEqual(
      expect.arrayContaining([
        deadLetterRetryAction.to({ deliveryId: one.id }),
        deadLetterResolveAction.to({ deliveryId: one.id }),
        deadLettersRetryAllAction.to(),
      ]),
    );

    // An inventor can neither list nor press.
    const inventor = as('alice');
    expect((await inventor.command('deadletters'))[0]!.text).toContain(zh('delivery:refusal.admin_only'));
    expect((await inventor.press(deadLetterRetryAction.to({ deliveryId: two.id })))[0]!.text).toContain(
      zh('delivery:refusal.admin_only'),
    );
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: two.id } })).status).toBe('DEAD');

    const retried = await admin.press(deadLetterRetryAction.to({ deliveryId: two.id }));
    expect(retried[0]!.text).toContain(zh('delivery:dead.retried', { count: 1 }));
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: two.id } })).status).toBe('PENDING');
    const closed = await admin.press(deadLetterResolveAction.to({ deliveryId: one.id }));
    expect(closed[0]!.text).toContain(zh('delivery:dead.resolved'));
    expect(closed[0]!.text).toContain(zh('delivery:dead.none'));
    // A second press on a stale button changes nothing.
    expect((await admin.press(deadLetterResolveAction.to({ deliveryId: one.id })))[0]!.text).toContain(
      zh('delivery:dead.gone'),
    );
    const adminId = (await db.prisma.person.findUniqueOrThrow({ where: { email: 'admin@dl.example.cn' } }))
      .id;
    expect(
      await db.prisma.auditLog.count({
        where: { subjectType: 'Delivery', actorId: adminId, subjectId: { in: [one.id, two.id] } },
      }),
    ).toBe(2);
  });
});
