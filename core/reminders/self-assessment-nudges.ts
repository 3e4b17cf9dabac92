// Nudges for unfinished self-assessments: a cadence that backs off (2, 5, 10, 20 days of silence)
// and stops for good on submission. Each nudge is an outbox row whose key carries its number, so a
// scheduler run that repeats (two instances, a retry) enqueues nothing twice.

import { selfAssessmentNudge } from '../assessments/messages.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { dueReminderStep } from './backoff.ts';

export const NUDGE_CADENCE_DAYS = [2, 5, 10, 20] as const;

export interface NudgeRun {
  considered: number;
  enqueued: number;
}

export async function enqueueSelfAssessmentNudges(db: Db, now: Date): Promise<NudgeRun> {
  const open = await db.patent.findMany({
    where: {
      responsibleInventorId: { not: null },
      legalStatus: 'VALID',
      inventoryStatus: { in: ['NOT_STARTED', 'IN_PROGRESS', 'RETURNED'] },
    },
    select: {
      id: true,
      createdAt: true,
      responsibleInventor: { select: { id: true, identities: { select: { channel: true } } } },
      selfAssessments: { select: { updatedAt: true } },
    },
  });
  let enqueued = 0;
  for (const patent of open) {
    const person = patent.responsibleInventor!;
    const channel = preferredChannel(person.identities);
    if (!channel) continue;
    const lastActivity = Math.max(
      patent.createdAt.getTime(),
      patent.selfAssessments[0]?.updatedAt.getTime() ?? 0,
    );
    const prefix = `${selfAssessmentNudge.kind}:${patent.id}:`;
    const n = await dueReminderStep(db, prefix, NUDGE_CADENCE_DAYS, new Date(lastActivity), now);
    if (n === null) continue;
    const result = await enqueueDelivery(
      db,
      selfAssessmentNudge.delivery({
        idempotencyKey: `${prefix}${n}`,
        personId: person.id,
        channel,
        payload: { patentId: patent.id },
        notBefore: now,
      }),
    );
    if (result.outcome === 'CREATED') enqueued += 1;
  }
  return { considered: open.length, enqueued };
}
