// Telegram's paid broadcast (Bot API `allow_paid_broadcast`): up to 1 000 messages/s instead of ~30,
// for 0.1 Star per message from the bot's balance. Never on by default: an administrator allows it
// for one roadshow (its invitations, reminders and follow-ups), the configuration sets a daily
// spending cap (TELEGRAM_PAID_BROADCAST_STARS_PER_DAY; without one nothing is paid), and the job
// layer counts what it spends against the cap (jobs/paid-broadcast.ts).
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { ChannelName } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { authorize, type Operator } from '../people/authorize.ts';

/** What Telegram charges per message sent with allow_paid_broadcast, in Stars. */
export const STARS_PER_PAID_MESSAGE = 0.1;

const roadshowOf = (payload: unknown): string | null => {
  if (typeof payload !== 'object' || payload === null) return null;
  const id = (payload as Record<string, unknown>).roadshowId;
  return typeof id === 'string' ? id : null;
};

/** The rows that may go as a paid broadcast: Telegram messages of a roadshow it was allowed for. */
export async function paidBroadcastRows(
  db: Db,
  rows: readonly { id: string; channel: ChannelName; payload: unknown }[],
): Promise<Set<string>> {
  const candidates = rows.filter((r) => r.channel === 'TELEGRAM' && roadshowOf(r.payload) !== null);
  if (candidates.length === 0) return new Set();
  const allowed = await db.roadshow.findMany({
    where: {
      id: { in: [...new Set(candidates.map((r) => roadshowOf(r.payload)!))] },
      paidBroadcastAllowedAt: { not: null },
    },
    select: { id: true },
  });
  const ids = new Set(allowed.map((r) => r.id));
  return new Set(candidates.filter((r) => ids.has(roadshowOf(r.payload)!)).map((r) => r.id));
}

/** An administrator allows (or withdraws) paid broadcast for a roadshow; audited. */
export async function allowPaidBroadcast(
  db: Db,
  actor: Operator,
  roadshowId: string,
  allowed: boolean,
  now: Date,
): Promise<void> {
  authorize(actor, 'delivery.administer');
  if (!z.uuid().safeParse(roadshowId).success) throw new Refusal({ key: 'delivery:refusal.no_roadshow' });
  const roadshow = await db.roadshow.findUnique({
    where: { id: roadshowId },
    select: { institutionId: true },
  });
  if (!roadshow) throw new Refusal({ key: 'delivery:refusal.no_roadshow' });
  await db.roadshow.update({
    where: { id: roadshowId },
    data: { paidBroadcastAllowedAt: allowed ? now : null },
  });
  await audit(db, {
    actorId: actor?.personId ?? null,
    action: allowed ? 'roadshow.paid-broadcast.allowed' : 'roadshow.paid-broadcast.withdrawn',
    subjectType: 'Roadshow',
    subjectId: roadshowId,
    institutionId: roadshow.institutionId,
  });
}
