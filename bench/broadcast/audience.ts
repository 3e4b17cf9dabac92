// A roadshow whose audience is N enterprise staff reachable on Telegram, each in their own private
// chat, for the broadcast benchmark and the job layer's crash tests. The staff work for one
// enterprise following an IPC code that no demo enterprise follows, so the audience is exactly them.
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Db } from '../../core/db/database.ts';
import { seedDemo } from '../../core/demo/seed.ts';
import { loadActor } from '../../core/people/actor.ts';
import { startBroadcast } from '../../core/roadshows/broadcast-progress.ts';
import { createRoadshow, publishRoadshow } from '../../core/roadshows/roadshows.ts';

export interface BroadcastAudience {
  roadshowId: string;
  /** Telegram private chat id of each recipient, by person id. */
  chatOf: Map<string, number>;
  /** The coordinator's Telegram chat (their broadcast progress message goes there). */
  coordinatorChat: number;
  /** The coordinator's person id. */
  coordinatorId: string;
  /** Writes the invitations to the outbox (publishing the roadshow), due at the audience's `now`. */
  publish(): Promise<{ recipients: number; newInvitations: number }>;
  /**
   * What the coordinator's confirm in chat does: publishes, and queues their progress message
   * (core/roadshows/broadcast-progress.ts), due at `now`; through `via` when given (another
   * connection to the same database, e.g. a slow one).
   */
  confirm(now: Date, via?: Db): Promise<{ recipients: number; newInvitations: number }>;
}

export interface AudienceOptions {
  recipients: number;
  /** Chat ids are firstChatId, firstChatId + 1, … (distinct per audience within one database). */
  firstChatId: number;
  /** An IPC code of this audience's own (e.g. "Y01A"); several audiences may share a database. */
  ipc: string;
  /**
   * The clock's now of whoever sends the invitations: the demo's campaign year, the roadshow's start
   * (within the hour after it) and the recipients' time zone (it is about noon there) count from it.
   */
  now: Date;
}

/** A zone where it is about noon at `now`, so that quiet hours do not hold a message sent then. */
export function zoneAtNoon(now: Date): string {
  const offset = 12 - now.getUTCHours();
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

const BATCH = 1000;

export async function seedBroadcastAudience(db: Db, options: AudienceOptions): Promise<BroadcastAudience> {
  const { now } = options;
  const demo = await seedDemo(db, { now, logger: pino({ level: 'warn' }) });
  const coordinator = await loadActor(db, demo.personas.coordinator);
  if (!coordinator) throw new Error('the demo coordinator is missing');
  const enterprise = await db.enterprise.create({
    data: {
      name: `路演观众企业 ${options.ipc}`,
      creditCode: `BENCH${randomBytes(6).toString('hex').toUpperCase()}`,
      region: '330100',
      types: [],
      ipcInterests: [options.ipc],
      keywords: [],
      status: 'VERIFIED', // only verified enterprises are invited (core/enterprises)
    },
  });
  const timeZone = zoneAtNoon(now);
  const chatOf = new Map<string, number>();
  for (let start = 0; start < options.recipients; start += BATCH) {
    const people = Array.from({ length: Math.min(BATCH, options.recipients - start) }, (_, i) => ({
      id: randomUUID(),
      chatId: options.firstChatId + start + i,
    }));
    await db.person.createMany({
      data: people.map((p) => ({ id: p.id, name: `观众 ${p.chatId}`, timeZone })),
    });
    await db.roleAssignment.createMany({
      data: people.map((p) => ({ personId: p.id, role: 'ENTERPRISE_STAFF', enterpriseId: enterprise.id })),
    });
    await db.channelIdentity.createMany({
      data: people.map((p) => ({
        personId: p.id,
        channel: 'TELEGRAM',
        externalId: String(p.chatId),
        address: String(p.chatId),
      })),
    });
    for (const p of people) chatOf.set(p.id, p.chatId);
  }
  const patents = await db.patent.findMany({
    where: { institutionId: demo.institutionId },
    take: 2,
    orderBy: { applicationNumber: 'asc' },
  });
  // Within the hour: no reminders are written before it (they would double the outbox writes), and
  // its follow-up falls beyond the relay's horizon, so the invitations are all there is to send.
  const roadshow = await createRoadshow(db, coordinator, {
    institutionId: demo.institutionId,
    title: `专利路演 ${options.ipc}`,
    startsAt: new Date(now.getTime() + 50 * 60_000),
    location: '东海理工大学科技园 A 座报告厅',
    patentIds: patents.map((p) => p.id),
    audience: { enterpriseIpc: [options.ipc] },
  });
  // The coordinator follows the broadcast on Telegram, one chat below the audience's.
  const coordinatorChat = options.firstChatId - 1;
  await db.channelIdentity.deleteMany({ where: { personId: coordinator.personId, channel: 'TELEGRAM' } });
  await db.channelIdentity.create({
    data: {
      personId: coordinator.personId,
      channel: 'TELEGRAM',
      externalId: String(coordinatorChat),
      address: String(coordinatorChat),
    },
  });
  await db.person.update({ where: { id: coordinator.personId }, data: { timeZone } });
  return {
    roadshowId: roadshow.id,
    chatOf,
    coordinatorChat,
    coordinatorId: coordinator.personId,
    publish: () => publishRoadshow(db, coordinator, roadshow.id, now),
    confirm: (at, via = db) => startBroadcast(via, coordinator, roadshow.id, 'TELEGRAM', at),
  };
}
