// People leaving, on both databases: a role taken away by whoever may grant it, a lost chat account
// unbound, a person deactivated (no sign-in, no deliveries, no invitations) and reactivated; each
// audited, each refused to those who may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelPort } from '../../../core/channel/messages.ts';
import { enqueueDelivery } from '../../../core/delivery/outbox.ts';
import { sendDelivery } from '../../../core/delivery/send-delivery.ts';
import { DELIVERY_RENDERERS } from '../../../core/delivery-kinds.ts';
import { Refusal } from '../../../core/errors.ts';
import { redeemInvite } from '../../../core/invites/invites.ts';
import { secondAccountRefused } from '../../../core/invites/messages.ts';
import { inviteToRole } from '../../../core/invites/role-invites.ts';
import { type Actor, findActor, loadActor } from '../../../core/people/actor.ts';
import { bindByEmail } from '../../../core/people/bind-by-email.ts';
import {
  deactivatePerson,
  reactivatePerson,
  removeRole,
  unbindAccount,
} from '../../../core/people/manage.ts';
import { deletePersonalData } from '../../../core/people/privacy.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

async function refusalOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.reason.key;
    throw error;
  }
}

describe.each(DATABASE_KINDS)('people leaving on %s', (kind) => {
  let db: TestDatabase;
  let u1: string;
  let u2: string;
  let e1: string;
  let admin: Actor;
  let coordinator: Actor;
  let otherCoordinator: Actor;
  let account = 8000;

  /** A new person invited to `role` and bound on Telegram; returns the person and account. */
  async function invitedOnTelegram(
    name: string,
    request: Omit<Parameters<typeof inviteToRole>[2], 'invitee'>,
  ) {
    const created = await inviteToRole(
      db.prisma,
      admin,
      { ...request, invitee: { name } } as Parameters<typeof inviteToRole>[2],
      TEST_NOW,
    );
    const externalId = String(++account);
    await redeemInvite(
      db.prisma,
      created.token,
      { channel: 'TELEGRAM', externalId, address: externalId },
      TEST_NOW,
    );
    return { personId: created.personId, externalId };
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const p = db.prisma;
    u1 = (
      await p.institution.create({
        data: { code: 'LV-U1', nameZh: '离校一', kind: 'UNIVERSITY', province: '330000' },
      })
    ).id;
    u2 = (
      await p.institution.create({
        data: { code: 'LV-U2', nameZh: '离校二', kind: 'UNIVERSITY', province: '330000' },
      })
    ).id;
    e1 = (await p.enterprise.create({ data: { name: '离企', creditCode: 'LVE1', region: '330100' } })).id;
    const person = async (name: string, role: 'ADMIN' | 'UNIVERSITY_COORDINATOR', institutionId?: string) => {
      const created = await p.person.create({
        data: {
          name,
          email: `${name}@leave.example.cn`,
          roles: { create: { role, institutionId: institutionId ?? null } },
        },
      });
      return (await loadActor(p, created.id))!;
    };
    admin = await person('管理员', 'ADMIN');
    coordinator = await person('联络人', 'UNIVERSITY_COORDINATOR', u1);
    otherCoordinator = await person('他校联络人', 'UNIVERSITY_COORDINATOR', u2);
  }, 60_000);
  afterAll(() => db?.close());

  it('removes a role by whoever may grant it; the account stops acting in it; audited', async () => {
    const { personId, externalId } = await invitedOnTelegram('发明人甲', {
      role: 'INVENTOR',
      institutionId: u1,
    });
    // The same person is also an expert of u1, through a second invitation redeemed on the same account.
    const expert = await inviteToRole(
      db.prisma,
      coordinator,
      { role: 'EXPERT', institutionId: u1, invitee: { personId } },
      TEST_NOW,
    );
    await redeemInvite(db.prisma, expert.token, { channel: 'TELEGRAM', externalId }, TEST_NOW);
    expect((await findActor(db.prisma, 'TELEGRAM', externalId))!.roles.map((r) => r.role).sort()).toEqual([
      'EXPERT',
      'INVENTOR',
    ]);

    expect(
      await refusalOf(() =>
        removeRole(db.prisma, otherCoordinator, { personId, role: 'INVENTOR' }, TEST_NOW),
      ),
    ).toBe('people:refusal.not_allowed');
    expect(
      await refusalOf(() => removeRole(db.prisma, coordinator, { personId, role: 'ADMIN' }, TEST_NOW)),
    ).toBe('people:refusal.role_not_held');
    expect(
      await removeRole(db.prisma, coordinator, { personId, role: 'INVENTOR', institutionId: u1 }, TEST_NOW),
    ).toEqual({
      removed: 1,
    });
    expect(await db.prisma.roleAssignment.count({ where: { personId, role: 'INVENTOR' } })).toBe(0);
    const identity = await db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'TELEGRAM', externalId } },
    });
    expect(identity.grantedRoles).toEqual(['EXPERT']);
    expect((await findActor(db.prisma, 'TELEGRAM', externalId))!.roles.map((r) => r.role)).toEqual([
      'EXPERT',
    ]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'person.role-removed', subjectId: personId },
    });
    expect(audit).toMatchObject({ actorId: coordinator.personId, institutionId: u1 });
  });

  it('asks for the scope when the role is held at several; removing staff removes the administration', async () => {
    const person = await db.prisma.person.create({
      data: {
        name: '多处者',
        roles: {
          create: [
            { role: 'INVENTOR', institutionId: u1 },
            { role: 'INVENTOR', institutionId: u2 },
            { role: 'ENTERPRISE_ADMIN', enterpriseId: e1 },
            { role: 'ENTERPRISE_STAFF', enterpriseId: e1 },
          ],
        },
      },
    });
    expect(
      await refusalOf(() =>
        removeRole(db.prisma, admin, { personId: person.id, role: 'INVENTOR' }, TEST_NOW),
      ),
    ).toBe('people:refusal.scope_ambiguous');
    await removeRole(db.prisma, null, { personId: person.id, role: 'INVENTOR', institutionId: u2 }, TEST_NOW);
    expect(
      await removeRole(db.prisma, admin, { personId: person.id, role: 'ENTERPRISE_STAFF' }, TEST_NOW),
    ).toEqual({ removed: 2 });
    const left = await db.prisma.roleAssignment.findMany({ where: { personId: person.id } });
    expect(left.map((r) => [r.role, r.institutionId])).toEqual([['INVENTOR', u1]]);
  });

  it('unbinds a lost account (administrators only); a new invitation then binds another', async () => {
    const { personId, externalId } = await invitedOnTelegram('丢手机者', {
      role: 'INVENTOR',
      institutionId: u1,
    });
    expect(
      await refusalOf(() =>
        unbindAccount(db.prisma, coordinator, { personId, channel: 'TELEGRAM' }, TEST_NOW),
      ),
    ).toBe('people:refusal.not_allowed');
    expect(
      await refusalOf(() => unbindAccount(db.prisma, admin, { personId, channel: 'SLACK' }, TEST_NOW)),
    ).toBe('people:refusal.not_bound');
    expect(await unbindAccount(db.prisma, admin, { personId, channel: 'TELEGRAM' }, TEST_NOW)).toEqual({
      unbound: 1,
    });
    expect(await findActor(db.prisma, 'TELEGRAM', externalId)).toBe(null);
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'person.unbound', subjectId: personId },
    });
    expect(audit.details).toMatchObject({ channel: 'TELEGRAM', externalIds: [externalId] });
    // The new phone is not a second account any more.
    const again = await inviteToRole(
      db.prisma,
      coordinator,
      { role: 'INVENTOR', institutionId: u1, invitee: { personId } },
      TEST_NOW,
    );
    expect(
      (await redeemInvite(db.prisma, again.token, { channel: 'TELEGRAM', externalId: 'new-phone' }, TEST_NOW))
        .outcome,
    ).toBe('BOUND');
  });

  it('deactivates a person: no sign-in, no deliveries, no invitations; audited; administrators only', async () => {
    const { personId, externalId } = await invitedOnTelegram('离职者', {
      role: 'INVENTOR',
      institutionId: u1,
    });
    const open = await inviteToRole(
      db.prisma,
      coordinator,
      { role: 'EXPERT', institutionId: u1, invitee: { personId } },
      TEST_NOW,
    );
    await db.prisma.person.update({ where: { id: personId }, data: { email: 'leaver@leave.example.cn' } });
    const sent: string[] = [];
    const port: ChannelPort = {
      channel: 'TELEGRAM',
      async send(to, message) {
        sent.push(`${to.userId}: ${message.text}`);
        return { messageId: String(sent.length) };
      },
    };
    const deps = {
      db: db.prisma,
      ports: { TELEGRAM: port },
      renderers: DELIVERY_RENDERERS,
      clock: testClock(),
    };
    const notice = (key: string) =>
      enqueueDelivery(
        db.prisma,
        secondAccountRefused.delivery({
          idempotencyKey: key,
          personId,
          channel: 'TELEGRAM',
          payload: { channel: 'TELEGRAM' },
          notBefore: TEST_NOW,
        }),
      );
    // Before: delivered.
    const before = await notice(`leave-before-${kind}`);
    expect((await sendDelivery(deps, before.id)).outcome).toBe('SENT');
    expect(sent).toHaveLength(1);

    expect(await refusalOf(() => deactivatePerson(db.prisma, coordinator, personId, TEST_NOW))).toBe(
      'people:refusal.not_allowed',
    );
    expect(await refusalOf(() => deactivatePerson(db.prisma, admin, admin.personId, TEST_NOW))).toBe(
      'people:refusal.self',
    );
    expect(await deactivatePerson(db.prisma, admin, personId, TEST_NOW)).toEqual({ revokedInvites: 1 });
    expect(await refusalOf(() => deactivatePerson(db.prisma, admin, personId, TEST_NOW))).toBe(
      'people:refusal.already_deactivated',
    );
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).deactivatedAt).toEqual(
      TEST_NOW,
    );
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'person.deactivated', subjectId: personId, actorId: admin.personId },
      }),
    ).toBe(1);

    // No sign-in: not by the bound account, not by email, not by the invitation still in hand.
    expect(await findActor(db.prisma, 'TELEGRAM', externalId)).toBe(null);
    expect(
      await bindByEmail(db.prisma, { channel: 'SLACK', externalId: 'T1:ULEFT' }, async () => ({
        email: 'Leaver@leave.example.cn',
        address: 'D1',
      })),
    ).toEqual({ outcome: 'NO_MATCH' });
    expect(
      (await redeemInvite(db.prisma, open.token, { channel: 'TELEGRAM', externalId }, TEST_NOW)).outcome,
    ).toBe('REVOKED');
    // No deliveries: skipped, not sent.
    const after = await notice(`leave-after-${kind}`);
    expect(await sendDelivery(deps, after.id)).toEqual({ outcome: 'SKIPPED', reason: 'deactivated' });
    expect(sent).toHaveLength(1);
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: after.id } })).status).toBe('SKIPPED');
    // No invitations.
    expect(
      await refusalOf(() =>
        inviteToRole(
          db.prisma,
          admin,
          { role: 'INVENTOR', institutionId: u1, invitee: { personId } },
          TEST_NOW,
        ),
      ),
    ).toBe('invites:refusal.person_deactivated');
  });

  it('reactivates a deactivated person: signs in again; administrators only; not after deletion', async () => {
    const { personId, externalId } = await invitedOnTelegram('回归者', {
      role: 'INVENTOR',
      institutionId: u1,
    });
    expect(await refusalOf(() => reactivatePerson(db.prisma, admin, personId, TEST_NOW))).toBe(
      'people:refusal.not_deactivated',
    );
    await deactivatePerson(db.prisma, admin, personId, TEST_NOW);
    expect(await findActor(db.prisma, 'TELEGRAM', externalId)).toBe(null);
    expect(await refusalOf(() => reactivatePerson(db.prisma, coordinator, personId, TEST_NOW))).toBe(
      'people:refusal.not_allowed',
    );
    await reactivatePerson(db.prisma, admin, personId, TEST_NOW);
    expect((await findActor(db.prisma, 'TELEGRAM', externalId))?.personId).toBe(personId);
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'person.reactivated', subjectId: personId, actorId: admin.personId },
      }),
    ).toBe(1);
    // Invitations can be issued again.
    await inviteToRole(
      db.prisma,
      admin,
      { role: 'EXPERT', institutionId: u1, invitee: { personId } },
      TEST_NOW,
    );

    const { personId: gone } = await invitedOnTelegram('注销者', { role: 'INVENTOR', institutionId: u1 });
    await deletePersonalData(db.prisma, gone, TEST_NOW);
    expect(await refusalOf(() => reactivatePerson(db.prisma, admin, gone, TEST_NOW))).toBe(
      'people:refusal.deleted',
    );
  });
});
