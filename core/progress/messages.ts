// Milestone reminders and the weekly bureau digest, rendered from live progress at send time.
import { z } from 'zod';
import { defineDeliveryKind } from '../delivery/kinds.ts';
import { t } from '../i18n.ts';
import { campaignProgress, type InstitutionProgress } from './campaign-progress.ts';

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

function digestLine(locale: Parameters<typeof t>[0], p: InstitutionProgress): string {
  const status = p.onTrack ? '✅' : '⚠️';
  return t(locale, 'progress:digest.line', {
    status,
    name: p.name,
    inventoried: p.inventoried,
    total: p.total,
    percent: p.percent,
    target: p.milestone?.targetPercent ?? 100,
    due: p.milestone?.dueDate ?? '—',
  });
}

export const bureauDigest = defineDeliveryKind({
  kind: 'digest.bureau',
  payload: z.object({ province: z.string().min(2) }),
  render: async (db, { locale, payload: { province }, now }) => {
    const rows = await campaignProgress(db, { province, now });
    if (rows.length === 0) return null;
    const behind = rows.filter((r) => !r.onTrack).length;
    return {
      text: [
        t(locale, 'progress:digest.heading', { count: rows.length, behind }),
        '',
        ...rows.map((r) => digestLine(locale, r)),
      ].join('\n'),
    };
  },
});

/** This feature's delivery kinds, collected by core/delivery-kinds.ts. */
export const deliveryKinds = [milestoneReminder, bureauDigest];
