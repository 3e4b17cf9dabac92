// `npm run jobs:status` and `npm run jobs:dead`, as functions of an opened database (and queues),
// so that tests run them in-process; scripts/jobs-status.ts and scripts/jobs-dead.ts open those.
// What they print is for the operator at the server: whom each dead letter was for, where, what
// about and whether it may have arrived; what is due and waiting apart from what is scheduled for
// later (follow-ups written weeks ahead are no backlog).
import type { Db } from '../../core/db/database.ts';
import {
  countDeadLetters,
  listDeadLetters,
  resolveDeadLetter,
  retryAllDeadLetters,
  retryDeadLetter,
} from '../../core/delivery/dead-letters.ts';
import { deadLetterParams } from '../../core/delivery/dead-letters-chat.ts';
import { allowPaidBroadcast } from '../../core/delivery/paid-broadcast.ts';
import { type Locale, t } from '../../core/i18n.ts';
import { localDateTime } from '../../core/time-format.ts';
import { CHANNELS, type DeliveryQueues } from '../../jobs/delivery-queues.ts';

export interface JobsCommandContext {
  db: Db;
  locale: Locale;
  timeZone: string;
  now: Date;
  write(line: string): void;
}

const DEAD_SHOWN = 20;

export async function jobsStatus(ctx: JobsCommandContext, queues: DeliveryQueues): Promise<void> {
  const { db, locale, now, write } = ctx;
  write(t(locale, 'delivery:status.queues'));
  for (const channel of CHANNELS) {
    const c = await queues[channel].getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');
    write(t(locale, 'delivery:status.queue_line', { channel: channel.padEnd(9), ...c }));
  }
  const [due, later, first, byStatus, open, resolved] = await Promise.all([
    db.delivery.count({ where: { status: 'PENDING', notBefore: { lte: now } } }),
    db.delivery.count({ where: { status: 'PENDING', notBefore: { gt: now } } }),
    db.delivery.findFirst({
      where: { status: 'PENDING', notBefore: { gt: now } },
      orderBy: { notBefore: 'asc' },
      select: { notBefore: true },
    }),
    db.delivery.groupBy({ by: ['status'], where: { status: { notIn: ['PENDING', 'DEAD'] } }, _count: true }),
    countDeadLetters(db),
    db.delivery.count({ where: { status: 'DEAD', resolvedAt: { not: null } } }),
  ]);
  write(t(locale, 'delivery:status.outbox'));
  write(t(locale, 'delivery:status.due', { count: due }));
  write(
    first
      ? t(locale, 'delivery:status.later', {
          count: later,
          first: localDateTime(first.notBefore, ctx.timeZone),
        })
      : t(locale, 'delivery:status.later_none'),
  );
  for (const row of byStatus)
    write(t(locale, 'delivery:status.state', { status: row.status, count: row._count }));
  write(t(locale, 'delivery:status.dead_open', { count: open }));
  if (resolved > 0) write(t(locale, 'delivery:status.dead_resolved', { count: resolved }));
  if (open > 0) await printDeadLetters(ctx, open);
}

async function printDeadLetters(ctx: JobsCommandContext, open: number): Promise<void> {
  const letters = await listDeadLetters(ctx.db, { take: DEAD_SHOWN });
  ctx.write(t(ctx.locale, 'delivery:status.dead_heading', { shown: letters.length, count: open }));
  for (const letter of letters) {
    ctx.write(
      t(ctx.locale, 'delivery:status.dead_line', {
        id: letter.id,
        since: localDateTime(letter.deadSince, ctx.timeZone),
        ...deadLetterParams(ctx.locale, letter),
      }),
    );
  }
}

/**
 * `jobs:dead -- list | retry <id> | retry --all | resolve <id>`, as the operator at the command line
 * (audited without a person). Returns the exit code: 0 done, 1 no such open dead letter, 2 usage.
 */
export async function jobsDead(ctx: JobsCommandContext, args: readonly string[]): Promise<number> {
  const [command, target] = args;
  const { db, locale, now, write } = ctx;
  if (command === 'list' && target === undefined) {
    const open = await countDeadLetters(db);
    if (open === 0) write(t(locale, 'delivery:dead.none'));
    else await printDeadLetters(ctx, open);
    return 0;
  }
  if (command === 'retry' && target === '--all') {
    write(t(locale, 'delivery:cli.retried', { count: await retryAllDeadLetters(db, null, now) }));
    return 0;
  }
  if ((command === 'retry' || command === 'resolve') && target && !target.startsWith('-')) {
    const done =
      command === 'retry'
        ? await retryDeadLetter(db, null, target, now)
        : await resolveDeadLetter(db, null, target, now);
    if (!done) {
      write(t(locale, 'delivery:cli.not_found', { id: target }));
      return 1;
    }
    write(
      command === 'retry'
        ? t(locale, 'delivery:cli.retried', { count: 1 })
        : t(locale, 'delivery:cli.resolved', { id: target }),
    );
    return 0;
  }
  write(t(locale, 'delivery:cli.usage'));
  return 2;
}

/**
 * `jobs:paid-broadcast -- list | allow <roadshow id> | withdraw <roadshow id>`: Telegram's paid
 * broadcast for one roadshow, by the operator (audited). `paid` says what the configuration allows:
 * the daily cap in Stars (none: nothing is paid, whatever is allowed) and the rate.
 */
export async function jobsPaidBroadcast(
  ctx: JobsCommandContext,
  args: readonly string[],
  paid: { starsPerDay: number | null; rate: number },
): Promise<number> {
  const [command, target] = args;
  const { db, locale, now, write } = ctx;
  if (command === 'list' && target === undefined) {
    const allowed = await db.roadshow.findMany({
      where: { paidBroadcastAllowedAt: { not: null } },
      orderBy: { paidBroadcastAllowedAt: 'desc' },
      select: { id: true, title: true, paidBroadcastAllowedAt: true },
    });
    if (allowed.length === 0) write(t(locale, 'delivery:paid.none'));
    for (const r of allowed) {
      write(
        t(locale, 'delivery:paid.line', {
          id: r.id,
          title: r.title,
          since: localDateTime(r.paidBroadcastAllowedAt!, ctx.timeZone),
        }),
      );
    }
  } else if ((command === 'allow' || command === 'withdraw') && target && !target.startsWith('-')) {
    await allowPaidBroadcast(db, null, target, command === 'allow', now);
    const { title } = await db.roadshow.findUniqueOrThrow({ where: { id: target }, select: { title: true } });
    write(
      t(locale, `delivery:paid.${command === 'allow' ? 'allowed' : 'withdrawn'}`, { title, rate: paid.rate }),
    );
  } else {
    write(t(locale, 'delivery:paid.usage'));
    return 2;
  }
  if (paid.starsPerDay === null) write(t(locale, 'delivery:paid.no_cap'));
  return 0;
}
