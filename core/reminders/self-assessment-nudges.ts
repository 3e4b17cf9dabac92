// Nudges for unfinished self-assessments: a cadence that backs off (2, 5, 10, 20 days of silence)
// and stops for good on submission. Each nudge is an outbox row whose key carries its number, so a
// scheduler run that repeats (two instances, a retry) enqueues nothing twice.

import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { SELF_ASSESSMENT_NUDGE } from '../delivery/renderers/self-assessment-nudge.ts';

export const NUDGE_CADENCE_DAYS = [2, 5, 10, 20] as const;
const DAY = 86_400_000;

export interface NudgeRun {
  considered: number;
  enqueued: number;
}

const nudgeKey = (patentId: string, n: number) => `${SELF_ASSESSMENT_NUDGE}:${patentId}:${n}`;

export async function enqueueSelfAssessmentNudges(db: Db, now: Date = new Date()): Promise<NudgeRun> {
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
    const previous = await db.delivery.findMany({
      where: { idempotencyKey: { startsWith: `${SELF_ASSESSMENT_NUDGE}:${patent.id}:` } },
      select: { notBefore: true },
      orderBy: { notBefore: 'desc' },
    });
    const n = previous.length;
    if (n >= NUDGE_CADENCE_DAYS.length) continue;
    const lastActivity = Math.max(
      patent.createdAt.getTime(),
      patent.selfAssessments[0]?.updatedAt.getTime() ?? 0,
      previous[0]?.notBefore.getTime() ?? 0,
    );
    if (now.getTime() - lastActivity < NUDGE_CADENCE_DAYS[n]! * DAY) continue;
    const result = await enqueueDelivery(db, {
      idempotencyKey: nudgeKey(patent.id, n),
      personId: person.id,
      channel,
      kind: SELF_ASSESSMENT_NUDGE,
      payload: { patentId: patent.id },
      notBefore: now,
    });
    if (result.outcome === 'CREATED') enqueued += 1;
  }
  return { considered: open.length, enqueued };
}
