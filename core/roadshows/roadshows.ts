// Roadshows: a coordinator creates an event with featured patents and an audience, previews it and
// publishes it; invitations and reminders go through the delivery outbox. Answers and interest are
// in rsvp.ts, the calendar file in calendar.ts, the chat wizard in create-*.ts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Channel, Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { enqueueDeliveries, type NewDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { Refusal } from '../errors.ts';
import type { Actor } from '../people/actor.ts';
import { authorizeAsync } from '../people/authorize.ts';
import { roadshowFollowup, roadshowInvitation, roadshowReminder } from './messages.ts';

const REMINDERS_BEFORE_MS = { '24h': 24 * 3600_000, '1h': 3600_000 } as const;

export const audienceSchema = z.object({
  /** Enterprises following any of these IPC prefixes ("H01M", "G06N 3/"); empty = none by field. */
  enterpriseIpc: z.array(z.string().min(1)).default([]),
  /** GB/T 2260 region code prefixes ("33" = Zhejiang); empty = any region. */
  regions: z.array(z.string().regex(/^\d{2,6}$/)).default([]),
  /** The featured patents' responsible inventors. */
  inventors: z.boolean().default(false),
});
export type Audience = z.infer<typeof audienceSchema>;

export const newRoadshowSchema = z
  .object({
    institutionId: z.uuid(),
    /** Chosen by the caller (a chat draft) so that a replayed creation finds the same roadshow. */
    id: z.uuid().optional(),
    title: z.string().trim().min(2).max(120),
    startsAt: z.date(),
    endsAt: z.date().optional(),
    location: z.string().trim().max(200).optional(),
    onlineUrl: z.url({ protocol: /^https?$/ }).optional(),
    capacity: z.number().int().min(1).max(100_000).optional(),
    patentIds: z.array(z.uuid()).min(1).max(50),
    audience: audienceSchema,
  })
  .refine((r) => r.location || r.onlineUrl, { message: 'a place or an online link is required' })
  .refine((r) => !r.endsAt || r.endsAt > r.startsAt, { message: 'the end must be after the start' });
export type NewRoadshow = z.input<typeof newRoadshowSchema>;

export async function createRoadshow(db: Db, actor: Actor, input: NewRoadshow) {
  const data = newRoadshowSchema.parse(input);
  await authorizeAsync(db, actor, 'roadshow.create', data);
  if (data.id) {
    const existing = await existingRoadshow(db, data.id, data.institutionId);
    if (existing) return existing;
  }
  const owned = await db.patent.count({
    where: { id: { in: data.patentIds }, institutionId: data.institutionId },
  });
  if (owned !== new Set(data.patentIds).size) throw new Refusal({ key: 'roadshow:refusal.foreign_patent' });
  const created = db.$transaction(async (tx) => {
    const roadshow = await tx.roadshow.create({
      data: {
        ...(data.id ? { id: data.id } : {}),
        institutionId: data.institutionId,
        title: data.title,
        startsAt: data.startsAt,
        endsAt: data.endsAt ?? null,
        location: data.location ?? null,
        onlineUrl: data.onlineUrl ?? null,
        capacity: data.capacity ?? null,
        audience: data.audience as Prisma.InputJsonValue,
        createdById: actor.personId,
        patents: { create: data.patentIds.map((patentId) => ({ patentId })) },
      },
    });
    await audit(tx, {
      actorId: actor.personId,
      action: 'roadshow.created',
      subjectType: 'Roadshow',
      subjectId: roadshow.id,
      institutionId: data.institutionId,
    });
    return roadshow;
  });
  // Two simultaneous creations with the same id (a double tap): the loser returns the winner's row.
  return created.catch(async (error: unknown) => {
    const winner = data.id ? await existingRoadshow(db, data.id, data.institutionId) : null;
    if (!winner) throw error;
    return winner;
  });
}

async function existingRoadshow(db: Db, id: string, institutionId: string) {
  const existing = await db.roadshow.findUnique({ where: { id } });
  if (existing && existing.institutionId !== institutionId)
    throw new Refusal({ key: 'roadshow:refusal.coordinator_only' });
  return existing;
}

export interface AudienceMember {
  personId: string;
  channel: Channel;
  /** Why they are invited; someone both ways counts as enterprise staff. */
  as: 'enterprise' | 'inventor';
}

/** Who the audience reaches: people with a chat identity, each once. */
export async function audienceOf(db: Db, roadshowId: string): Promise<AudienceMember[]> {
  const roadshow = await db.roadshow.findUniqueOrThrow({
    where: { id: roadshowId },
    include: { patents: { select: { patentId: true } } },
  });
  return audienceFor(db, {
    audience: audienceSchema.parse(roadshow.audience),
    patentIds: roadshow.patents.map((p) => p.patentId),
  });
}

/** The audience of an event not yet created (a preview) or of a stored one. */
export async function audienceFor(
  db: Db,
  draft: { audience: Audience; patentIds: string[] },
): Promise<AudienceMember[]> {
  const { audience } = draft;
  const personIds = new Set<string>();
  const staffIds = new Set<string>();
  if (audience.enterpriseIpc.length > 0) {
    // Only verified enterprises are invited (core/enterprises: pending until a bureau verifies).
    const enterprises = await db.enterprise.findMany({
      where: { status: 'VERIFIED' },
      select: { id: true, region: true, ipcInterests: true },
    });
    const matching = enterprises.filter(
      (e) =>
        (audience.regions.length === 0 || audience.regions.some((r) => e.region.startsWith(r))) &&
        e.ipcInterests.some((interest) =>
          audience.enterpriseIpc.some((ipc) => interest.startsWith(ipc) || ipc.startsWith(interest)),
        ),
    );
    const staff = await db.roleAssignment.findMany({
      where: { role: 'ENTERPRISE_STAFF', enterpriseId: { in: matching.map((e) => e.id) } },
      select: { personId: true },
    });
    for (const s of staff) {
      personIds.add(s.personId);
      staffIds.add(s.personId);
    }
  }
  if (audience.inventors) {
    const patents = await db.patent.findMany({
      where: { id: { in: draft.patentIds } },
      select: { responsibleInventorId: true },
    });
    for (const p of patents) if (p.responsibleInventorId) personIds.add(p.responsibleInventorId);
  }
  const identities = await db.channelIdentity.findMany({
    where: { personId: { in: [...personIds] } },
    select: { personId: true, channel: true },
  });
  // By person: a broadcast's audience is thousands of people (a filter per person was quadratic).
  const byPerson = new Map<string, (typeof identities)[number][]>();
  for (const i of identities) byPerson.set(i.personId, [...(byPerson.get(i.personId) ?? []), i]);
  const result: AudienceMember[] = [];
  for (const personId of [...personIds].sort()) {
    const channel = preferredChannel(byPerson.get(personId) ?? []);
    if (channel) result.push({ personId, channel, as: staffIds.has(personId) ? 'enterprise' : 'inventor' });
  }
  return result;
}

export const invitationKey = (roadshowId: string, personId: string) =>
  `roadshow:${roadshowId}:person:${personId}`;

export const progressKey = (roadshowId: string, personId: string) =>
  `roadshow:${roadshowId}:progress:${personId}`;

/**
 * An Invitation row per person, those already invited left as they are: one INSERT per 5 000 people
 * (Prisma's createMany spent most of a large publish building the statement, as for the outbox).
 */
async function writeInvitations(db: Db, roadshowId: string, personIds: string[]): Promise<void> {
  for (let i = 0; i < personIds.length; i += 5000) {
    const chunk = personIds.slice(i, i + 5000);
    await db.$executeRaw`
      INSERT INTO "Invitation" ("id", "roadshowId", "personId")
      SELECT v."id", ${roadshowId}::uuid, v."person"
      FROM unnest(${chunk.map(() => randomUUID())}::uuid[], ${chunk}::uuid[]) AS v("id", "person")
      ON CONFLICT ("roadshowId", "personId") DO NOTHING`;
  }
}

/**
 * Publishes and invites. Safe to run again (after a crash half-way, or a double tap): invitations
 * and deliveries are keyed, so every recipient is invited exactly once. `ahead`: rows written before
 * the invitations, once the publishing is allowed (the coordinator's progress message, which must go
 * out before them: the relay may pass while the invitations are written).
 */
export async function publishRoadshow(
  db: Db,
  actor: Actor,
  roadshowId: string,
  now: Date,
  options: { ahead?: NewDelivery[] } = {},
) {
  const roadshow = await db.roadshow.findUniqueOrThrow({ where: { id: roadshowId } });
  await authorizeAsync(db, actor, 'roadshow.publish', roadshow);
  if (roadshow.status === 'CANCELLED' || roadshow.status === 'FINISHED') {
    throw new Refusal({ key: 'roadshow:refusal.closed' });
  }
  if (options.ahead?.length) await enqueueDeliveries(db, options.ahead);
  await db.roadshow.updateMany({ where: { id: roadshowId, status: 'DRAFT' }, data: { status: 'PUBLISHED' } });
  const recipients = await audienceOf(db, roadshowId);
  await writeInvitations(
    db,
    roadshowId,
    recipients.map((r) => r.personId),
  );
  const invitations: NewDelivery[] = [];
  const later: NewDelivery[] = [];
  for (const r of recipients) {
    const key = invitationKey(roadshowId, r.personId);
    const base = { personId: r.personId, channel: r.channel, payload: { roadshowId } };
    invitations.push(roadshowInvitation.delivery({ ...base, idempotencyKey: key, notBefore: now }));
    for (const [label, before] of Object.entries(REMINDERS_BEFORE_MS)) {
      const at = new Date(roadshow.startsAt.getTime() - before);
      if (at <= now) continue;
      later.push(
        roadshowReminder.delivery({ ...base, idempotencyKey: `${key}:reminder-${label}`, notBefore: at }),
      );
    }
    // After the event: one tap to say "interested in patent X".
    later.push(
      roadshowFollowup.delivery({
        ...base,
        idempotencyKey: `${key}:followup`,
        notBefore: roadshow.endsAt ?? new Date(roadshow.startsAt.getTime() + 2 * 3600_000),
      }),
    );
  }
  // In bulk: a confirm in chat must answer within seconds even for thousands of recipients.
  const created = await enqueueDeliveries(db, invitations);
  await enqueueDeliveries(db, later);
  await audit(db, {
    actorId: actor.personId,
    action: 'roadshow.published',
    subjectType: 'Roadshow',
    subjectId: roadshowId,
    institutionId: roadshow.institutionId,
    details: { recipients: recipients.length, newInvitations: created },
  });
  return { recipients: recipients.length, newInvitations: created };
}

/** The broadcast's progress for the coordinator's message updated in place. */
export async function invitationProgress(db: Db, roadshowId: string) {
  const rows = await db.delivery.groupBy({
    by: ['status'],
    where: { kind: roadshowInvitation.kind, idempotencyKey: { startsWith: `roadshow:${roadshowId}:` } },
    _count: true,
  });
  const count = (statuses: string[]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r._count, 0);
  return {
    sent: count(['SENT']),
    failed: count(['FAILED', 'DEAD']),
    remaining: count(['PENDING', 'SENDING']),
    skipped: count(['SKIPPED']),
  };
}
