// The world of the security tests (issue 13): createWorld's university, plus what a forged button
// or an enterprise may reach for: a patent waiting for college screening that is nobody's business
// but its college's, and a chat service to press buttons through, as a person would.
import pino from 'pino';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import type { Db } from '../../../core/db/database.ts';
import { t } from '../../../core/i18n.ts';
import { testClock } from '../../support/clock.ts';
import { appNo, type World } from '../inventory/fixtures.ts';

export function chatOf(db: Db) {
  const chat = createChatService({ db, logger: pino({ level: 'silent' }), clock: testClock() });
  const send = (userId: string, event: IncomingEvent) =>
    chat.handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, event });
  return {
    send,
    press: (userId: string, action: string) => send(userId, { kind: 'action', action }),
    type: (userId: string, text: string) => send(userId, { kind: 'text', text }),
  };
}

export const allText = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n');
export const INTERNAL_ERROR = t('zh-CN', 'chat:error.internal');

let serial = 700000;

/** A valid patent of the world's university, in the H01M field, with the given status. */
export async function patentOf(
  db: Db,
  world: World,
  options: {
    status: 'NOT_STARTED' | 'SUBMITTED' | 'COLLEGE_APPROVED' | 'IN_POOL';
    responsible?: string;
    collegeId?: string;
  },
): Promise<string> {
  const n = ++serial;
  const patent = await db.patent.create({
    data: {
      applicationNumber: appNo(2017, 1, n),
      title: `一种固态电池隔膜${n}`,
      type: 'INVENTION',
      ipcCodes: ['H01M 50/403'],
      applicationDate: new Date(Date.UTC(2017, 2, 1)),
      legalStatus: 'VALID',
      patentees: ['测试理工大学'],
      institutionId: world.institutionId,
      collegeId: options.collegeId ?? world.collegeId,
      responsibleInventorId: options.responsible ?? world.persons.wangfang!,
      inventoryStatus: options.status,
      inventors: { create: [{ position: 1, name: '王芳', personId: world.persons.wangfang! }] },
    },
  });
  return patent.id;
}

/** A person with one role, reachable in the chat as TERMINAL user `userId`. */
export async function chatPerson(
  db: Db,
  userId: string,
  role: 'COLLEGE_COORDINATOR' | 'ADMIN' | 'BUREAU_OFFICER',
  scope: { institutionId?: string; province?: string } = {},
): Promise<string> {
  const person = await db.person.create({
    data: {
      name: userId,
      locale: 'zh-CN',
      roles: { create: [{ role, ...scope }] },
      identities: { create: [{ channel: 'TERMINAL', externalId: userId }] },
    },
  });
  return person.id;
}
