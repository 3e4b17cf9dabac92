// Reminders of open expert evaluation requests: the expert is reminded 3, then 4, then 7 days after
// their last activity (the invitation, accepting, the last answer) or the previous reminder, at most
// three times; none once the request is submitted, declined or withdrawn (the renderer also drops a
// reminder that was overtaken). Once the deadline passes, the requester is told once, with the
// button that hands the request to another expert. Outbox rows keyed by request and step: a
// repeated run enqueues nothing twice.
import type { Db } from '../db/database.ts';
import { notifyPeople } from '../delivery/notify.ts';
import { dueReminderStep } from '../reminders/backoff.ts';
import { expertOverdueNotice, expertReminder } from './messages.ts';
import { OPEN_STATUSES } from './requests.ts';

export const EXPERT_REMINDER_CADENCE_DAYS = [3, 4, 7] as const;

export interface ExpertReminderRun {
  considered: number;
  reminders: number;
  overdue: number;
}

export async function enqueueExpertEvaluationReminders(db: Db, now: Date): Promise<ExpertReminderRun> {
  const open = await db.expertEvaluationRequest.findMany({
    where: { status: { in: OPEN_STATUSES } },
    select: {
      id: true,
      dueAt: true,
      updatedAt: true,
      requestedById: true,
      expert: { select: { personId: true } },
    },
  });
  let reminders = 0;
  let overdue = 0;
  for (const request of open) {
    if (request.dueAt.getTime() < now.getTime()) {
      overdue += await notifyPeople(
        db,
        expertOverdueNotice,
        [request.requestedById],
        { requestId: request.id },
        now,
        request.id,
      );
    }
    const prefix = `${expertReminder.kind}:${request.id}:`;
    const n = await dueReminderStep(db, prefix, EXPERT_REMINDER_CADENCE_DAYS, request.updatedAt, now);
    if (n === null) continue;
    reminders += await notifyPeople(
      db,
      expertReminder,
      [request.expert.personId],
      { requestId: request.id },
      now,
      `${request.id}:${n}`,
    );
  }
  return { considered: open.length, reminders, overdue };
}
