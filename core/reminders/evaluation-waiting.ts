// Reminders that a pushed patent still waits for the enterprise's answer: the first a week after the
// push, then backing off (each step after the previous reminder), at most three, none once answered.
// Each is an outbox row keyed by match, person and step, so a repeated run enqueues nothing twice;
// the renderer drops it if the match was answered before it went out.
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { evaluationReminder } from '../matching/messages.ts';
import { WAITING_STATUSES } from '../matching/status.ts';
import { dueReminderStep } from './backoff.ts';

/** Days of waiting before each reminder: after the push, then after the previous reminder. */
export const EVALUATION_REMINDER_CADENCE_DAYS = [7, 14, 28] as const;
const DAY = 86_400_000;

export interface EvaluationReminderRun {
  considered: number;
  enqueued: number;
}

const reminderPrefix = (matchId: string, personId: string) =>
  `${evaluationReminder.kind}:${matchId}:person:${personId}:`;

export async function enqueueEvaluationReminders(db: Db, now: Date): Promise<EvaluationReminderRun> {
  const waiting = await db.matchPush.findMany({
    where: {
      status: { in: [...WAITING_STATUSES] },
      pushedAt: { not: null, lte: new Date(now.getTime() - EVALUATION_REMINDER_CADENCE_DAYS[0] * DAY) },
      patent: { inventoryStatus: 'IN_POOL', legalStatus: 'VALID' },
    },
    select: {
      id: true,
      pushedAt: true,
      enterprise: {
        select: {
          staff: {
            where: { role: 'ENTERPRISE_STAFF' },
            select: { person: { select: { id: true, identities: { select: { channel: true } } } } },
          },
        },
      },
    },
  });
  let enqueued = 0;
  for (const match of waiting) {
    const people = new Map(match.enterprise.staff.map(({ person }) => [person.id, person]));
    for (const person of people.values()) {
      const channel = preferredChannel(person.identities);
      if (!channel) continue;
      const prefix = reminderPrefix(match.id, person.id);
      const n = await dueReminderStep(db, prefix, EVALUATION_REMINDER_CADENCE_DAYS, match.pushedAt!, now);
      if (n === null) continue;
      const result = await enqueueDelivery(
        db,
        evaluationReminder.delivery({
          idempotencyKey: `${prefix}${n}`,
          personId: person.id,
          channel,
          payload: { matchId: match.id },
          notBefore: now,
        }),
      );
      if (result.outcome === 'CREATED') enqueued += 1;
    }
  }
  return { considered: waiting.length, enqueued };
}
