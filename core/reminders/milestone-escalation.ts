// When an institution is behind its next milestone, reminders escalate as the due date nears:
// inventors with open patents first, then college coordinators, university coordinators, and
// finally the provincial bureau. One reminder per person, milestone and stage (keyed outbox rows).

import type { Role } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { campaignProgress } from '../progress/campaign-progress.ts';
import { milestoneReminder } from '../progress/messages.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';

/** Stage → how many days before the due date it starts. */
export const ESCALATION: readonly { role: Role; withinDays: number }[] = [
  { role: 'INVENTOR', withinDays: 30 },
  { role: 'COLLEGE_COORDINATOR', withinDays: 21 },
  { role: 'UNIVERSITY_COORDINATOR', withinDays: 14 },
  { role: 'BUREAU_OFFICER', withinDays: 7 },
];

async function recipients(db: Db, role: Role, institution: { institutionId: string; province: string }) {
  if (role === 'INVENTOR') {
    const open = await db.patent.findMany({
      where: {
        institutionId: institution.institutionId,
        legalStatus: 'VALID',
        inventoryStatus: { in: ['NOT_STARTED', 'IN_PROGRESS', 'RETURNED'] },
        responsibleInventorId: { not: null },
      },
      select: { responsibleInventorId: true },
      distinct: ['responsibleInventorId'],
    });
    return open.map((p) => p.responsibleInventorId!);
  }
  const colleges = await db.institution.findMany({
    where: { parentId: institution.institutionId },
    select: { id: true },
  });
  const where =
    role === 'BUREAU_OFFICER'
      ? { role, province: institution.province }
      : role === 'COLLEGE_COORDINATOR'
        ? { role, institutionId: { in: colleges.map((c) => c.id) } }
        : { role, institutionId: institution.institutionId };
  const rows = await db.roleAssignment.findMany({
    where,
    select: { personId: true },
    distinct: ['personId'],
  });
  return rows.map((r) => r.personId);
}

export async function enqueueMilestoneReminders(
  db: Db,
  now: Date,
  timeZone = DEFAULT_TIME_ZONE,
): Promise<{ enqueued: number }> {
  let enqueued = 0;
  for (const progress of await campaignProgress(db, { now, timeZone })) {
    const { milestone, daysLeft } = progress;
    if (!milestone || progress.onTrack || daysLeft === null || daysLeft < 0) continue;
    for (const stage of ESCALATION) {
      if (daysLeft > stage.withinDays) continue;
      for (const personId of await recipients(db, stage.role, progress)) {
        const identities = await db.channelIdentity.findMany({
          where: { personId },
          select: { channel: true },
        });
        const channel = preferredChannel(identities);
        if (!channel) continue;
        const result = await enqueueDelivery(
          db,
          milestoneReminder.delivery({
            idempotencyKey: `${milestoneReminder.kind}:${milestone.id}:${progress.institutionId}:${stage.role}:${personId}`,
            personId,
            channel,
            payload: { institutionId: progress.institutionId, milestoneId: milestone.id },
            notBefore: now,
          }),
        );
        if (result.outcome === 'CREATED') enqueued += 1;
      }
    }
  }
  return { enqueued };
}
