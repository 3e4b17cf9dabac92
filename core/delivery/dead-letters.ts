// Dead letters: deliveries that will not be sent without a person deciding. A row becomes one when
// its retries are spent, when the relay gave up re-driving a job that kept being lost (crashes), or
// when a crash cut a send off and the platform cannot say whether it arrived (Telegram). Each stays
// listed (jobs:status, jobs:dead, /deadletters for administrators in chat) with whom it was for,
// where, what about and whether it may have arrived, until an operator retries it (back to
// PENDING, sent by the next relay pass) or resolves it (closed: checked with the person, or no
// longer needed). Both are audited.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import { UNCERTAIN_ERROR } from './send-delivery.ts';

/**
 * Makes a row still waiting (PENDING) or cut off mid-send (SENDING) a dead letter; a row SENDING
 * says that it may have arrived. False when the row had reached a final state meanwhile.
 */
export async function deadLetter(db: Db, id: string, reason: string): Promise<boolean> {
  const [pending, sending] = await Promise.all([
    db.delivery.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'DEAD', lastError: reason },
    }),
    db.delivery.updateMany({
      where: { id, status: 'SENDING' },
      data: {
        status: 'DEAD',
        lastError: reason.startsWith(UNCERTAIN_ERROR) ? reason : `${UNCERTAIN_ERROR} (${reason})`,
      },
    }),
  ]);
  return pending.count + sending.count === 1;
}

/** Whether the message of a dead letter may have reached the person (a send cut off mid-request). */
export const mayHaveArrived = (lastError: string | null): boolean =>
  lastError?.startsWith(UNCERTAIN_ERROR) === true;

/** What an operator needs to act on a dead letter without reading the database. */
export interface DeadLetter {
  id: string;
  kind: string;
  channel: string;
  personId: string;
  personName: string;
  /** The chat it was for on its channel (a Telegram chat id, a Slack DM), when the person has one. */
  chat: string | null;
  /** What it was about, from its payload: a roadshow's title, a patent's, an enterprise's name … */
  subject: string | null;
  mayHaveArrived: boolean;
  reason: string | null;
  /** When it became a dead letter (its last change). */
  deadSince: Date;
}

/** Dead letters nobody has dealt with yet: not retried, not resolved. */
const OPEN: Prisma.DeliveryWhereInput = { status: 'DEAD', resolvedAt: null };

export async function countDeadLetters(db: Db): Promise<number> {
  return db.delivery.count({ where: OPEN });
}

/** The latest open dead letters, newest first. */
export async function listDeadLetters(
  db: Db,
  options: { take?: number; skip?: number } = {},
): Promise<DeadLetter[]> {
  const rows = await db.delivery.findMany({
    where: OPEN,
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    take: options.take ?? 20,
    skip: options.skip ?? 0,
    include: {
      person: {
        select: { name: true, identities: { select: { channel: true, externalId: true, address: true } } },
      },
    },
  });
  const subjects = await subjectsOf(
    db,
    rows.map((r) => r.payload),
  );
  return rows.map((row, i) => {
    const identity = row.person.identities.find((x) => x.channel === row.channel);
    return {
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      personId: row.personId,
      personName: row.person.name,
      chat: identity ? (identity.address ?? identity.externalId) : null,
      subject: subjects[i] ?? null,
      mayHaveArrived: mayHaveArrived(row.lastError),
      reason: row.lastError,
      deadSince: row.updatedAt,
    };
  });
}

/**
 * What each payload is about, looked up by the ids it carries (payloads hold ids only). The keys
 * are those the kinds use; a kind with none of them (a digest by province) shows what it has.
 */
async function subjectsOf(db: Db, payloads: unknown[]): Promise<(string | null)[]> {
  const ids = (key: string) => [
    ...new Set(payloads.map((p) => idIn(p, key)).filter((id): id is string => id !== null)),
  ];
  const [roadshows, patents, enterprises, institutions, matches] = await Promise.all([
    db.roadshow.findMany({ where: { id: { in: ids('roadshowId') } }, select: { id: true, title: true } }),
    db.patent.findMany({ where: { id: { in: ids('patentId') } }, select: { id: true, title: true } }),
    db.enterprise.findMany({ where: { id: { in: ids('enterpriseId') } }, select: { id: true, name: true } }),
    db.institution.findMany({
      where: { id: { in: ids('institutionId') } },
      select: { id: true, nameZh: true },
    }),
    db.matchPush.findMany({
      where: { id: { in: ids('matchId') } },
      select: { id: true, patent: { select: { title: true } } },
    }),
  ]);
  const names = new Map<string, string>([
    ...roadshows.map((r) => [r.id, r.title] as const),
    ...patents.map((p) => [p.id, p.title] as const),
    ...enterprises.map((e) => [e.id, e.name] as const),
    ...institutions.map((i) => [i.id, i.nameZh] as const),
    ...matches.map((m) => [m.id, m.patent.title] as const),
  ]);
  return payloads.map((payload) => {
    for (const key of ['roadshowId', 'matchId', 'patentId', 'enterpriseId', 'institutionId']) {
      const id = idIn(payload, key);
      if (id && names.has(id)) return names.get(id)!;
    }
    const province = valueIn(payload, 'province');
    return province ?? null;
  });
}

const valueIn = (payload: unknown, key: string): string | null => {
  if (typeof payload !== 'object' || payload === null) return null;
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
};
const uuid = z.uuid();
const isId = (value: string | null): value is string => value !== null && uuid.safeParse(value).success;
const idIn = (payload: unknown, key: string): string | null => {
  const value = valueIn(payload, key);
  return isId(value) ? value : null;
};

const record = (
  db: Db,
  actor: Operator,
  action: string,
  subjectId: string | null,
  details: Prisma.InputJsonValue,
) =>
  audit(db, {
    actorId: actor?.personId ?? null,
    action,
    subjectType: 'Delivery',
    subjectId,
    details,
  });

/**
 * Back to the queue: PENDING, due now, its counts of attempts and lost jobs started again (a new
 * due time is a new job). An operator retries one that did not arrive — for one that may have,
 * after checking with the person. False when it is no open dead letter.
 */
export async function retryDeadLetter(db: Db, actor: Operator, id: string, now: Date): Promise<boolean> {
  authorize(actor, 'delivery.administer');
  if (!isId(id)) return false;
  const { count } = await db.delivery.updateMany({
    where: { id, ...OPEN },
    data: { status: 'PENDING', attempts: 0, requeues: 0, lastError: null, notBefore: now, updatedAt: now },
  });
  if (count === 1) await record(db, actor, 'delivery.dead-letter.retried', id, {});
  return count === 1;
}

/** Every open dead letter back to the queue at once (after an outage); how many. */
export async function retryAllDeadLetters(db: Db, actor: Operator, now: Date): Promise<number> {
  authorize(actor, 'delivery.administer');
  const { count } = await db.delivery.updateMany({
    where: OPEN,
    data: { status: 'PENDING', attempts: 0, requeues: 0, lastError: null, notBefore: now, updatedAt: now },
  });
  if (count > 0) await record(db, actor, 'delivery.dead-letter.retried-all', null, { count });
  return count;
}

/** Closes a dead letter without sending it (it arrived after all, or is no longer needed). */
export async function resolveDeadLetter(db: Db, actor: Operator, id: string, now: Date): Promise<boolean> {
  authorize(actor, 'delivery.administer');
  if (!isId(id)) return false;
  const { count } = await db.delivery.updateMany({ where: { id, ...OPEN }, data: { resolvedAt: now } });
  if (count === 1) await record(db, actor, 'delivery.dead-letter.resolved', id, {});
  return count === 1;
}
