// People leaving, managed in the chat: `/person <email>` shows what the caller manages of someone,
// each change asks to confirm and then runs the use case; someone the caller manages nothing of is
// answered as if unknown; forged buttons change nothing.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { personChangeAction, personChangeConfirmAction } from '../../../core/people/actions.ts';
import { findActor } from '../../../core/people/actor.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const actionsOf = (replies: OutgoingMessage[]) =>
  replies.flatMap((r) => r.buttons?.flat() ?? []).map((b) => b.action);

describe('managing people in the chat', () => {
  let db: TestDatabase;
  let u1: string;
  let inventorId: string;
  let inventorAssignment: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const p = db.prisma;
    u1 = (
      await p.institution.create({
        data: { code: 'MC-U1', nameZh: '管理大学', kind: 'UNIVERSITY', province: '330000' },
      })
    ).id;
    const u2 = (
      await p.institution.create({
        data: { code: 'MC-U2', nameZh: '他校', kind: 'UNIVERSITY', province: '330000' },
      })
    ).id;
    const person = async (
      key: string,
      name: string,
      roles: { role: 'ADMIN' | 'UNIVERSITY_COORDINATOR' | 'INVENTOR' | 'EXPERT'; institutionId?: string }[],
    ) => {
      const created = await p.person.create({
        data: {
          name,
          email: `${key}@mc.example.cn`,
          roles: { create: roles.map((r) => ({ role: r.role, institutionId: r.institutionId ?? null })) },
          identities: { create: { channel: 'TERMINAL', externalId: key, address: key } },
        },
      });
      await p.channelIdentity.create({
        data: { personId: created.id, channel: 'TELEGRAM', externalId: `tg-${key}` },
      });
      return created.id;
    };
    await person('admin', '管理员', [{ role: 'ADMIN' }]);
    await person('coord', '联络人', [{ role: 'UNIVERSITY_COORDINATOR', institutionId: u1 }]);
    await person('other', '他校联络人', [{ role: 'UNIVERSITY_COORDINATOR', institutionId: u2 }]);
    inventorId = await person('inv', '王发明', [
      { role: 'INVENTOR', institutionId: u1 },
      { role: 'EXPERT', institutionId: u2 },
    ]);
    inventorAssignment = (
      await p.roleAssignment.findFirstOrThrow({ where: { personId: inventorId, role: 'INVENTOR' } })
    ).id;
  }, 60_000);
  afterAll(() => db?.close());

  const chat = (userId: string) => {
    const service = createChatService({
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      clock: testClock(),
    });
    const send = (event: Parameters<typeof service.handle>[0]['event']) =>
      service.handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, event });
    return {
      command: (command: string, args = '') => send({ kind: 'command', command, args }),
      press: (action: string) => send({ kind: 'action', action }),
    };
  };

  it('a coordinator sees only the roles they manage and removes one after confirming', async () => {
    const coord = chat('coord');
    expect((await coord.command('person'))[0]!.text).toBe(zh('people:manage.usage'));
    const card = await coord.command('person', 'INV@mc.example.cn');
    expect(card[0]!.text).toContain('王发明');
    expect(card[0]!.text).toContain('发明人 · 管理大学');
    // The expert role at another university is not theirs to read or change, nor are accounts.
    expect(card[0]!.text).not.toContain('专家');
    expect(card[0]!.text).not.toContain('TELEGRAM');
    const remove = personChangeAction.to({ change: 'removeRole', id: inventorAssignment });
    expect(actionsOf(card)).toEqual(expect.arrayContaining([remove]));
    expect(actionsOf(card)).not.toContain(personChangeAction.to({ change: 'deactivate', id: inventorId }));

    const asked = await coord.press(remove);
    expect(asked[0]!.text).toContain(zh('people:manage.change.removeRole', { role: '发明人 · 管理大学' }));
    // Nothing happens before the confirmation.
    expect(await db.prisma.roleAssignment.count({ where: { id: inventorAssignment } })).toBe(1);
    const done = await coord.press(
      personChangeConfirmAction.to({ change: 'removeRole', id: inventorAssignment }),
    );
    expect(done[0]!.text).toContain('已完成');
    expect(await db.prisma.roleAssignment.count({ where: { id: inventorAssignment } })).toBe(0);
    expect(
      await db.prisma.auditLog.count({ where: { action: 'person.role-removed', subjectId: inventorId } }),
    ).toBe(1);
    // Now they manage nothing of this person: the same answer as for nobody.
    expect((await coord.command('person', 'inv@mc.example.cn'))[0]!.text).toBe(zh('people:manage.not_found'));
  });

  it('someone of another institution, an unknown email and forged buttons reveal and change nothing', async () => {
    const other = chat('other');
    expect((await other.command('person', 'coord@mc.example.cn'))[0]!.text).toBe(
      zh('people:manage.not_found'),
    );
    expect((await other.command('person', 'nobody@mc.example.cn'))[0]!.text).toBe(
      zh('people:manage.not_found'),
    );
    const coordId = (await db.prisma.person.findFirstOrThrow({ where: { email: 'coord@mc.example.cn' } })).id;
    for (const forged of [
      personChangeConfirmAction.to({ change: 'deactivate', id: coordId }),
      personChangeConfirmAction.to({ change: 'unbindTelegram', id: coordId }),
    ]) {
      expect((await other.press(forged))[0]!.text).toBe(zh('people:manage.not_found'));
    }
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: coordId } })).deactivatedAt).toBeNull();
    expect(await findActor(db.prisma, 'TELEGRAM', 'tg-coord')).not.toBeNull();
  });

  it('an administrator unbinds an account, deactivates and reactivates', async () => {
    const admin = chat('admin');
    const card = await admin.command('person', 'inv@mc.example.cn');
    expect(card[0]!.text).toContain('专家 · 他校');
    expect(card[0]!.text).toContain('TELEGRAM');
    await admin.press(personChangeConfirmAction.to({ change: 'unbindTelegram', id: inventorId }));
    expect(await findActor(db.prisma, 'TELEGRAM', 'tg-inv')).toBeNull();
    expect(
      actionsOf(await admin.press(personChangeAction.to({ change: 'deactivate', id: inventorId }))),
    ).toContain(personChangeConfirmAction.to({ change: 'deactivate', id: inventorId }));
    const deactivated = await admin.press(
      personChangeConfirmAction.to({ change: 'deactivate', id: inventorId }),
    );
    expect(deactivated[0]!.text).toContain(zh('people:manage.status_deactivated'));
    expect(await findActor(db.prisma, 'TERMINAL', 'inv')).toBeNull();
    expect(actionsOf(deactivated)).toContain(personChangeAction.to({ change: 'reactivate', id: inventorId }));
    await admin.press(personChangeConfirmAction.to({ change: 'reactivate', id: inventorId }));
    expect((await findActor(db.prisma, 'TERMINAL', 'inv'))?.personId).toBe(inventorId);
  });
});
