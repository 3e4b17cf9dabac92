// Milestone reminders and the weekly digests (core/digest), rendered from live figures at send time.
import { z } from 'zod';
import type { OutgoingMessage } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { dealRecorded } from '../deals/messages.ts';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { provinceDigestFigures } from '../digest/figures.ts';
import { digestMessage, digestMessageOf } from '../digest/message.ts';
import { type Locale, t } from '../i18n.ts';
import { DEFAULT_TIME_ZONE } from '../time-format.ts';
import { campaignProgress } from './campaign-progress.ts';

/** Obsolete once the institution has caught up with the milestone. */
export const milestoneReminder = defineDeliveryKind({
  kind: 'reminder.milestone',
  payload: z.object({ institutionId: z.uuid(), milestoneId: z.uuid() }),
  render: async (db, { locale, payload: { institutionId, milestoneId }, now }) => {
    const [progress] = await campaignProgress(db, { institutionIds: [institutionId], now });
    if (!progress?.milestone || progress.milestone.id !== milestoneId || progress.onTrack) return null;
    return {
      text: t(locale, 'progress:milestone.reminder', {
        name: progress.name,
        percent: progress.percent,
        target: progress.milestone.targetPercent,
        due: progress.milestone.dueDate,
        days: progress.daysLeft ?? 0,
        missing: Math.max(
          0,
          Math.ceil((progress.milestone.targetPercent / 100) * progress.total) - progress.inventoried,
        ),
      }),
    };
  },
});

/** Still theirs when it is sent: a role taken away meanwhile makes the digest obsolete. */
async function stillHolds(
  db: Db,
  personId: string,
  where:
    | { role: 'BUREAU_OFFICER'; province: string }
    | { role: 'UNIVERSITY_COORDINATOR'; institutionId: string },
): Promise<boolean> {
  return (await db.roleAssignment.count({ where: { personId, ...where } })) > 0;
}

/** A province's weekly digest for one of its bureau officers (kind string kept from earlier rows). */
export const bureauDigest = defineDeliveryKind({
  kind: 'digest.bureau',
  payload: z.object({ province: z.string().min(2) }),
  render: async (db, { locale, payload: { province }, now, personId }) => {
    if (!(await stillHolds(db, personId, { role: 'BUREAU_OFFICER', province }))) return null;
    const { message, figures } = await digestMessage(
      db,
      { kind: 'province', province },
      { locale, now, timeZone: DEFAULT_TIME_ZONE, withWorkbook: true },
    );
    return figures.units.length === 0 ? null : withAttachedNote(message, locale);
  },
  // The Monday batch: every province in it computed in one pass over the patents.
  renderMany: async (db, contents) => {
    const held = await db.roleAssignment.findMany({
      where: {
        role: 'BUREAU_OFFICER',
        personId: { in: contents.map((c) => c.personId) },
        province: { in: contents.map((c) => c.payload.province) },
      },
      select: { personId: true, province: true },
    });
    const holds = new Set(held.map((h) => `${h.personId}:${h.province}`));
    const now = contents[0]?.now ?? new Date(0);
    const figures = await provinceDigestFigures(
      db,
      contents.map((c) => c.payload.province),
      { now, timeZone: DEFAULT_TIME_ZONE },
    );
    const messages: (OutgoingMessage | null)[] = [];
    for (const content of contents) {
      const f = figures.get(content.payload.province);
      if (!f || f.units.length === 0 || !holds.has(`${content.personId}:${content.payload.province}`)) {
        messages.push(null);
        continue;
      }
      const message = await digestMessageOf(db, f, {
        locale: content.locale,
        now: content.now,
        timeZone: DEFAULT_TIME_ZONE,
        withWorkbook: true,
      });
      messages.push(withAttachedNote(message, content.locale));
    }
    return messages;
  },
});

/** An institution's weekly digest, by college, for its university coordinators. */
export const institutionDigest = defineDeliveryKind({
  kind: 'digest.institution',
  payload: z.object({ institutionId: z.uuid() }),
  render: async (db, { locale, payload: { institutionId }, now, personId }) => {
    if (!(await stillHolds(db, personId, { role: 'UNIVERSITY_COORDINATOR', institutionId }))) return null;
    const { message } = await digestMessage(
      db,
      { kind: 'institution', institutionId },
      { locale, now, timeZone: DEFAULT_TIME_ZONE, withWorkbook: true },
    );
    return withAttachedNote(message, locale);
  },
});

const withAttachedNote = (message: OutgoingMessage, locale: Locale): OutgoingMessage => ({
  ...message,
  text: `${message.text}\n\n${t(locale, 'digest:attached')}`,
});

/** This feature's delivery kinds (and the deals' notice), collected by core/delivery-kinds.ts. */
export const deliveryKinds = [milestoneReminder, bureauDigest, institutionDigest, dealRecorded];
