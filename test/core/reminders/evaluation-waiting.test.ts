// Reminders for pushed patents still waiting for an answer, on both databases: the cadence backs off,
// stops at three and on an answer, and a person can mute them.
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalChannel } from '../../../bots/terminal/terminal-channel.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { sendDelivery } from '../../../core/delivery/send-delivery.ts';
import { evaluationReminder } from '../../../core/matching/messages.ts';
import { runMatching } from '../../../core/matching/run.ts';
import { markMatchDeclined } from '../../../core/matching/status.ts';
import {
  EVALUATION_REMINDER_CADENCE_DAYS,
  enqueueEvaluationReminders,
} from '../../../core/reminders/evaluation-waiting.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { buildMatchingWorld, type MatchingWorld } from '../matching/fixtures.ts';

const DAY = 86_400_000;
// 09:45 in Shanghai
const PUSHED = new Date('2026-12-01T01:45:00Z');
const at = (days: number) => new Date(PUSHED.getTime() + days * DAY + 30 * 60_000);
const [FIRST, SECOND, THIRD] = EVALUATION_REMINDER_CADENCE_DAYS;
// 10:15 in Shanghai, outside quiet hours
const SEND_AT = new Date('2027-06-01T02:15:00Z');

describe.each(DATABASE_KINDS)('evaluation-waiting reminders on %s', (kind) => {
  let db: TestDatabase;
  let world: MatchingWorld;
  // 4 matches, each to the two reachable staff
  const RECIPIENTS = 2;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    world = await buildMatchingWorld(db.prisma);
    await runMatching(db.prisma, { capPerEnterprise: 10, now: PUSHED });
  });
  afterAll(() => db?.close());

  const reminders = () => db.prisma.delivery.findMany({ where: { kind: evaluationReminder.kind } });

  it('waits a week after the push, then reminds each reachable staff person once', async () => {
    expect((await enqueueEvaluationReminders(db.prisma, at(FIRST - 1))).enqueued).toBe(0);
    expect(await enqueueEvaluationReminders(db.prisma, at(FIRST))).toEqual({
      considered: 4,
      enqueued: 4 * RECIPIENTS,
    });
    expect((await enqueueEvaluationReminders(db.prisma, at(FIRST))).enqueued).toBe(0);
    const rows = await reminders();
    expect(new Set(rows.map((r) => r.personId))).toEqual(new Set([world.staffZh, world.staffEn]));
    expect(rows.every((r) => r.idempotencyKey.endsWith(':0'))).toBe(true);
  });

  it('backs off, and stops for a match once it is answered', async () => {
    await markMatchDeclined(db.prisma, world.enterpriseId, world.patents.additive);
    expect((await enqueueEvaluationReminders(db.prisma, at(FIRST + SECOND - 1))).enqueued).toBe(0);
    expect((await enqueueEvaluationReminders(db.prisma, at(FIRST + SECOND))).enqueued).toBe(3 * RECIPIENTS);
    expect((await enqueueEvaluationReminders(db.prisma, at(FIRST + SECOND + THIRD))).enqueued).toBe(
      3 * RECIPIENTS,
    );
    // three at most
    expect((await enqueueEvaluationReminders(db.prisma, at(1000))).enqueued).toBe(0);
    const match = await db.prisma.matchPush.findFirstOrThrow({ where: { patentId: world.patents.additive } });
    expect(
      await db.prisma.delivery.count({
        where: { idempotencyKey: { startsWith: `${evaluationReminder.kind}:${match.id}:` } },
      }),
    ).toBe(RECIPIENTS);
  });

  it('is not sent if the match was answered before it went out', async () => {
    const output = new PassThrough();
    const deps = {
      db: db.prisma,
      ports: { TERMINAL: new TerminalChannel({ output, color: false }) },
      renderers: { [evaluationReminder.kind]: evaluationReminder.renderStored },
      clock: testClock(SEND_AT),
      weeklyReminderCap: 100,
    };
    const match = await db.prisma.matchPush.findFirstOrThrow({
      where: { patentId: world.patents.electrolyte },
    });
    const waiting = await db.prisma.delivery.findFirstOrThrow({
      where: {
        kind: evaluationReminder.kind,
        personId: world.staffZh,
        idempotencyKey: { contains: match.id },
      },
      orderBy: { notBefore: 'desc' },
    });
    await db.prisma.delivery.update({ where: { id: waiting.id }, data: { status: 'PENDING' } });
    const message = await evaluationReminder.renderStored(db.prisma, {
      locale: 'en',
      personId: world.staffEn,
      payload: { matchId: match.id },
      now: SEND_AT,
    });
    expect(message?.text).toContain('is still waiting for your evaluation');
    expect(message?.text).toContain('/mute evaluations');
    await markMatchDeclined(db.prisma, world.enterpriseId, world.patents.electrolyte);
    expect(await sendDelivery(deps, waiting.id)).toEqual({ outcome: 'SKIPPED', reason: 'obsolete' });
  });

  it('can be muted with /mute evaluations', async () => {
    const chat = createChatService({
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      clock: testClock(SEND_AT),
    });
    const say = (command: string, args: string) =>
      chat.handle({
        channel: 'TERMINAL',
        userId: world.staffZhUserId,
        chatIsPrivate: true,
        event: { kind: 'command', command, args },
      });
    const [listed] = await say('mute', '');
    expect(listed!.text).toContain('evaluations：待评价专利提醒（已开启）');
    const [muted] = await say('mute', 'evaluations');
    expect(muted!.text).toContain('已关闭“待评价专利提醒”提醒');
    expect(
      await db.prisma.reminderMute.count({
        where: { personId: world.staffZh, kind: evaluationReminder.kind },
      }),
    ).toBe(1);
    const match = await db.prisma.matchPush.findFirstOrThrow({ where: { patentId: world.patents.network } });
    const waiting = await db.prisma.delivery.findFirstOrThrow({
      where: {
        kind: evaluationReminder.kind,
        personId: world.staffZh,
        idempotencyKey: { contains: match.id },
      },
    });
    await db.prisma.delivery.update({ where: { id: waiting.id }, data: { status: 'PENDING' } });
    const outcome = await sendDelivery(
      {
        db: db.prisma,
        ports: { TERMINAL: new TerminalChannel({ output: new PassThrough(), color: false }) },
        renderers: { [evaluationReminder.kind]: evaluationReminder.renderStored },
        clock: testClock(SEND_AT),
      },
      waiting.id,
    );
    expect(outcome).toEqual({ outcome: 'SKIPPED', reason: 'muted' });
  });
});
