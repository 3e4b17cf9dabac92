// Invitations to every role on both databases: each grants exactly its role at exactly its scope,
// a fresh chat account acts only in what its invitations granted (a coordinator's mail-merge row
// included), a second account on a channel is refused and the person told, bad scopes and
// invitations the inviter may not grant create nothing; expiry, revocation and listing by scope.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { Refusal } from '../../../core/errors.ts';
import { exportInvites } from '../../../core/export/invites-export.ts';
import { t } from '../../../core/i18n.ts';
import { redeemInvite } from '../../../core/invites/invites.ts';
import { describeScope, invitationText, slackCommand, telegramLink } from '../../../core/invites/links.ts';
import {
  inviteToRole,
  listOpenInvites,
  type RoleInviteRequest,
  revokeRoleInvite,
} from '../../../core/invites/role-invites.ts';
import { type Actor, findActor, loadActor } from '../../../core/people/actor.ts';
import { may } from '../../../core/people/authorize.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { appNo } from '../inventory/fixtures.ts';

const DAY = 86_400_000;

async function refusalOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.reason.key;
    throw error;
  }
}

describe.each(DATABASE_KINDS)('role invitations on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;
  const ids = {} as Record<'u1' | 'c1' | 'u2' | 'c2' | 'e1' | 'e2', string>;
  const actors = {} as Record<'admin' | 'coordinator' | 'bureau' | 'enterpriseAdmin' | 'inventor', Actor>;
  let telegramUser = 5000;
  const nextTelegram = () => String(++telegramUser);

  const counts = async () => ({
    people: await db.prisma.person.count(),
    invites: await db.prisma.invite.count(),
  });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'revive-role-invites-'));
    const p = db.prisma;
    const institution = (code: string, province: string, parentId: string | null = null) =>
      p.institution.create({
        data: {
          code,
          nameZh: `${code}大学`,
          nameEn: `${code} University`,
          kind: parentId ? 'COLLEGE' : 'UNIVERSITY',
          province,
          parentId,
        },
      });
    ids.u1 = (await institution('RI-U1', '330000')).id;
    ids.c1 = (await institution('RI-U1-C1', '330000', ids.u1)).id;
    ids.u2 = (await institution('RI-U2', '110000')).id;
    ids.c2 = (await institution('RI-U2-C2', '110000', ids.u2)).id;
    ids.e1 = (
      await p.enterprise.create({ data: { name: '杭州甲企业', creditCode: 'RIE1', region: '330100' } })
    ).id;
    ids.e2 = (
      await p.enterprise.create({ data: { name: '北京乙企业', creditCode: 'RIE2', region: '110000' } })
    ).id;
    const person = async (
      name: string,
      roles: { role: Role; institutionId?: string; enterpriseId?: string; province?: string }[],
    ) => {
      const created = await p.person.create({
        data: { name, email: `${name}@ri.example.cn`, roles: { create: roles } },
      });
      return (await loadActor(p, created.id))!;
    };
    actors.admin = await person('admin', [{ role: 'ADMIN' }]);
    actors.coordinator = await person('coordinator', [
      { role: 'UNIVERSITY_COORDINATOR', institutionId: ids.u1 },
    ]);
    actors.bureau = await person('bureau', [{ role: 'BUREAU_OFFICER', province: '330000' }]);
    actors.enterpriseAdmin = await person('entadmin', [
      { role: 'ENTERPRISE_ADMIN', enterpriseId: ids.e1 },
      { role: 'ENTERPRISE_STAFF', enterpriseId: ids.e1 },
    ]);
    actors.inventor = await person('inventor', [{ role: 'INVENTOR', institutionId: ids.u1 }]);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const invite = (actor: Actor | null, request: RoleInviteRequest, now = TEST_NOW) =>
    inviteToRole(db.prisma, actor, request, now);
  const telegram = (externalId: string) => ({
    channel: 'TELEGRAM' as const,
    externalId,
    address: externalId,
  });

  describe('each role, with exactly its scope', () => {
    const cases: {
      role: Role;
      scope: () => { institutionId?: string; enterpriseId?: string; province?: string };
      stored: () => { institutionId: string | null; enterpriseId: string | null; province: string | null };
      granted: Role[];
    }[] = [
      {
        role: 'UNIVERSITY_COORDINATOR',
        scope: () => ({ institutionId: ids.u1 }),
        stored: () => ({ institutionId: ids.u1, enterpriseId: null, province: null }),
        granted: ['UNIVERSITY_COORDINATOR'],
      },
      {
        role: 'COLLEGE_COORDINATOR',
        scope: () => ({ institutionId: ids.c1 }),
        stored: () => ({ institutionId: ids.c1, enterpriseId: null, province: null }),
        granted: ['COLLEGE_COORDINATOR'],
      },
      {
        role: 'INVENTOR',
        scope: () => ({ institutionId: ids.u1 }),
        stored: () => ({ institutionId: ids.u1, enterpriseId: null, province: null }),
        granted: ['INVENTOR'],
      },
      {
        role: 'BUREAU_OFFICER',
        scope: () => ({ province: '330000' }),
        stored: () => ({ institutionId: null, enterpriseId: null, province: '330000' }),
        granted: ['BUREAU_OFFICER'],
      },
      {
        role: 'EXPERT',
        scope: () => ({ institutionId: ids.u2 }),
        stored: () => ({ institutionId: ids.u2, enterpriseId: null, province: null }),
        granted: ['EXPERT'],
      },
      {
        role: 'EXPERT',
        scope: () => ({}),
        stored: () => ({ institutionId: null, enterpriseId: null, province: null }),
        granted: ['EXPERT'],
      },
      {
        role: 'ENTERPRISE_STAFF',
        scope: () => ({ enterpriseId: ids.e1 }),
        stored: () => ({ institutionId: null, enterpriseId: ids.e1, province: null }),
        granted: ['ENTERPRISE_STAFF'],
      },
      {
        role: 'ENTERPRISE_ADMIN',
        scope: () => ({ enterpriseId: ids.e2 }),
        stored: () => ({ institutionId: null, enterpriseId: ids.e2, province: null }),
        granted: ['ENTERPRISE_ADMIN', 'ENTERPRISE_STAFF'],
      },
      {
        role: 'ADMIN',
        scope: () => ({}),
        stored: () => ({ institutionId: null, enterpriseId: null, province: null }),
        granted: ['ADMIN'],
      },
    ];

    it.each(cases)('$role: a new person, bound by a fresh account acting in that role only', async (c) => {
      const name = `新人${c.role}${Object.keys(c.scope()).join('')}`;
      const created = await invite(actors.admin, { role: c.role, ...c.scope(), invitee: { name } });
      expect(created).toMatchObject({
        role: c.role,
        personCreated: true,
        personName: name,
        replaced: 0,
        ...c.stored(),
      });
      expect(created.expiresAt).toEqual(new Date(TEST_NOW.getTime() + 30 * DAY));
      const row = await db.prisma.invite.findUniqueOrThrow({ where: { id: created.inviteId } });
      expect(row).toMatchObject({
        role: c.role,
        personId: created.personId,
        createdById: actors.admin.personId,
        ...c.stored(),
      });

      const account = nextTelegram();
      expect(await redeemInvite(db.prisma, created.token, telegram(account), TEST_NOW)).toEqual({
        outcome: 'BOUND',
        personId: created.personId,
      });
      const identity = await db.prisma.channelIdentity.findUniqueOrThrow({
        where: { channel_externalId: { channel: 'TELEGRAM', externalId: account } },
      });
      expect(identity).toMatchObject({ personId: created.personId, allRoles: false });
      expect([...identity.grantedRoles].sort()).toEqual([...c.granted].sort());
      const assignments = await db.prisma.roleAssignment.findMany({ where: { personId: created.personId } });
      expect(
        assignments
          .map((a) => ({
            role: a.role,
            institutionId: a.institutionId,
            enterpriseId: a.enterpriseId,
            province: a.province,
          }))
          .sort((a, b) => a.role.localeCompare(b.role)),
      ).toEqual(
        c.granted.map((role) => ({ role, ...c.stored() })).sort((a, b) => a.role.localeCompare(b.role)),
      );
      const actor = await findActor(db.prisma, 'TELEGRAM', account);
      expect(actor?.roles.map((r) => r.role).sort()).toEqual([...c.granted].sort());
      const audits = await db.prisma.auditLog.findMany({
        where: {
          subjectId: created.personId,
          action: { in: ['person.created', 'invite.created', 'invite.redeemed'] },
        },
      });
      expect(audits.map((a) => a.action).sort()).toEqual([
        'invite.created',
        'invite.redeemed',
        'person.created',
      ]);
    });

    const bad: [string, Role, () => Record<string, string>, string][] = [
      ['an inventor without an institution', 'INVENTOR', () => ({}), 'invites:refusal.scope.institution'],
      [
        'an inventor of a college',
        'INVENTOR',
        () => ({ institutionId: ids.c1 }),
        'invites:refusal.scope.institution',
      ],
      [
        'a university coordinator of a college',
        'UNIVERSITY_COORDINATOR',
        () => ({ institutionId: ids.c1 }),
        'invites:refusal.scope.institution',
      ],
      [
        'a college coordinator of a university',
        'COLLEGE_COORDINATOR',
        () => ({ institutionId: ids.u1 }),
        'invites:refusal.scope.college',
      ],
      [
        'an inventor with a province too',
        'INVENTOR',
        () => ({ institutionId: ids.u1, province: '330000' }),
        'invites:refusal.scope.institution',
      ],
      ['a bureau officer without a province', 'BUREAU_OFFICER', () => ({}), 'invites:refusal.scope.province'],
      [
        'a bureau officer of an unknown province',
        'BUREAU_OFFICER',
        () => ({ province: '990000' }),
        'regions:error.unknown_province',
      ],
      [
        'a bureau officer of a city',
        'BUREAU_OFFICER',
        () => ({ province: '330100' }),
        'regions:error.unknown_province',
      ],
      [
        'a bureau officer of an institution',
        'BUREAU_OFFICER',
        () => ({ institutionId: ids.u1 }),
        'invites:refusal.scope.province',
      ],
      [
        'enterprise staff without an enterprise',
        'ENTERPRISE_STAFF',
        () => ({}),
        'invites:refusal.scope.enterprise',
      ],
      [
        'enterprise staff of an unknown enterprise',
        'ENTERPRISE_STAFF',
        () => ({ enterpriseId: '7b0d5b8e-1c1a-4a55-9d43-3f2b6b0c9e11' }),
        'invites:refusal.enterprise_unknown',
      ],
      [
        'an expert of an enterprise',
        'EXPERT',
        () => ({ enterpriseId: ids.e1 }),
        'invites:refusal.scope.optional-institution',
      ],
      [
        'an administrator of an institution',
        'ADMIN',
        () => ({ institutionId: ids.u1 }),
        'invites:refusal.scope.none',
      ],
      [
        'an unknown institution',
        'INVENTOR',
        () => ({ institutionId: '7b0d5b8e-1c1a-4a55-9d43-3f2b6b0c9e11' }),
        'invites:refusal.institution_unknown',
      ],
      [
        'a malformed institution id',
        'INVENTOR',
        () => ({ institutionId: 'u1' }),
        'invites:refusal.institution_unknown',
      ],
    ];
    it.each(bad)('refuses %s, creating nothing', async (_, role, scope, key) => {
      const before = await counts();
      expect(
        await refusalOf(() => invite(actors.admin, { role, ...scope(), invitee: { name: '不该创建' } })),
      ).toBe(key);
      expect(await counts()).toEqual(before);
    });

    it('refuses bad people data and unknown roles, creating nothing', async () => {
      const before = await counts();
      const base = { role: 'INVENTOR' as const, institutionId: ids.u1 };
      expect(
        await refusalOf(() =>
          invite(actors.admin, { ...base, invitee: { name: '甲', email: 'not-an-email' } }),
        ),
      ).toBe('invites:refusal.email_invalid');
      expect(await refusalOf(() => invite(actors.admin, { ...base, invitee: { name: '  ' } }))).toBe(
        'invites:refusal.name_invalid',
      );
      expect(
        await refusalOf(() => invite(actors.admin, { ...base, invitee: { name: '甲' }, validDays: 0 })),
      ).toBe('invites:refusal.days_invalid');
      expect(
        await refusalOf(() =>
          invite(actors.admin, { ...base, role: 'KING' as Role, invitee: { name: '甲' } }),
        ),
      ).toBe('invites:refusal.role_invalid');
      expect(await refusalOf(() => invite(actors.admin, { ...base, invitee: { personId: ids.u1 } }))).toBe(
        'invites:refusal.person_unknown',
      );
      // An email someone already has: invite that person instead.
      expect(
        await refusalOf(() =>
          invite(actors.admin, { ...base, invitee: { name: '重名', email: 'Coordinator@RI.example.cn' } }),
        ),
      ).toBe('invites:refusal.email_taken');
      expect(await counts()).toEqual(before);
    });
  });

  describe('who may invite whom, against the database', () => {
    const cases: [string, () => Actor | null, Role, () => Record<string, string>, boolean][] = [
      ['the operator at the command line: anyone', () => null, 'ADMIN', () => ({}), true],
      [
        'a university coordinator: an inventor of their university',
        () => actors.coordinator,
        'INVENTOR',
        () => ({ institutionId: ids.u1 }),
        true,
      ],
      [
        'a university coordinator: a college coordinator of their college',
        () => actors.coordinator,
        'COLLEGE_COORDINATOR',
        () => ({ institutionId: ids.c1 }),
        true,
      ],
      [
        'a university coordinator: an expert of their university',
        () => actors.coordinator,
        'EXPERT',
        () => ({ institutionId: ids.u1 }),
        true,
      ],
      [
        'a university coordinator: not an inventor elsewhere',
        () => actors.coordinator,
        'INVENTOR',
        () => ({ institutionId: ids.u2 }),
        false,
      ],
      [
        'a university coordinator: not another college coordinator',
        () => actors.coordinator,
        'COLLEGE_COORDINATOR',
        () => ({ institutionId: ids.c2 }),
        false,
      ],
      [
        'a university coordinator: not a fellow university coordinator',
        () => actors.coordinator,
        'UNIVERSITY_COORDINATOR',
        () => ({ institutionId: ids.u1 }),
        false,
      ],
      [
        'a university coordinator: not an expert without institution',
        () => actors.coordinator,
        'EXPERT',
        () => ({}),
        false,
      ],
      [
        'a bureau officer: a coordinator in the province',
        () => actors.bureau,
        'UNIVERSITY_COORDINATOR',
        () => ({ institutionId: ids.u1 }),
        true,
      ],
      [
        'a bureau officer: a college coordinator in the province',
        () => actors.bureau,
        'COLLEGE_COORDINATOR',
        () => ({ institutionId: ids.c1 }),
        true,
      ],
      [
        'a bureau officer: not a coordinator in another province',
        () => actors.bureau,
        'UNIVERSITY_COORDINATOR',
        () => ({ institutionId: ids.u2 }),
        false,
      ],
      [
        'a bureau officer: not an inventor',
        () => actors.bureau,
        'INVENTOR',
        () => ({ institutionId: ids.u1 }),
        false,
      ],
      [
        'a bureau officer: not a bureau officer',
        () => actors.bureau,
        'BUREAU_OFFICER',
        () => ({ province: '330000' }),
        false,
      ],
      [
        'an enterprise administrator: a colleague',
        () => actors.enterpriseAdmin,
        'ENTERPRISE_STAFF',
        () => ({ enterpriseId: ids.e1 }),
        true,
      ],
      [
        'an enterprise administrator: not staff of another enterprise',
        () => actors.enterpriseAdmin,
        'ENTERPRISE_STAFF',
        () => ({ enterpriseId: ids.e2 }),
        false,
      ],
      [
        'an enterprise administrator: not another administrator',
        () => actors.enterpriseAdmin,
        'ENTERPRISE_ADMIN',
        () => ({ enterpriseId: ids.e1 }),
        false,
      ],
      ['an inventor: nobody', () => actors.inventor, 'INVENTOR', () => ({ institutionId: ids.u1 }), false],
    ];
    it.each(cases)('%s', async (_, who, role, scope, allowed) => {
      const before = await counts();
      const key = await refusalOf(() => invite(who(), { role, ...scope(), invitee: { name: '受邀人' } }));
      if (allowed) {
        expect(key).toBe(null);
      } else {
        expect(key).toBe('invites:refusal.not_allowed');
        expect(await counts()).toEqual(before);
      }
    });
  });

  it('invites an existing person, replacing their earlier open invitation for the same role and scope', async () => {
    const person = await db.prisma.person.create({
      data: { name: '既有者', email: 'existing@ri.example.cn' },
    });
    const first = await invite(actors.coordinator, {
      role: 'INVENTOR',
      institutionId: ids.u1,
      invitee: { personId: person.id },
    });
    expect(first).toMatchObject({ personCreated: false, personId: person.id, replaced: 0 });
    const second = await invite(actors.coordinator, {
      role: 'INVENTOR',
      institutionId: ids.u1,
      invitee: { personId: person.id },
      validDays: 7,
    });
    expect(second).toMatchObject({ replaced: 1 });
    expect(second.expiresAt).toEqual(new Date(TEST_NOW.getTime() + 7 * DAY));
    expect(await redeemInvite(db.prisma, first.token, telegram(nextTelegram()), TEST_NOW)).toEqual({
      outcome: 'REVOKED',
    });
    expect((await redeemInvite(db.prisma, second.token, telegram(nextTelegram()), TEST_NOW)).outcome).toBe(
      'BOUND',
    );
  });

  it('gives whoever redeems a coordinator’s mail-merge inventor row the inventor role only', async () => {
    // 钱七 coordinates u1 and is also the responsible inventor of one of its patents.
    const person = await db.prisma.person.create({
      data: {
        name: '钱七',
        email: 'qian@ri.example.cn',
        roles: {
          create: [
            { role: 'UNIVERSITY_COORDINATOR', institutionId: ids.u1 },
            { role: 'INVENTOR', institutionId: ids.u1 },
          ],
        },
      },
    });
    await db.prisma.patent.create({
      data: {
        applicationNumber: appNo(2019, 1, kind === 'pglite' ? 700001 : 700002),
        title: '一种测试装置',
        type: 'INVENTION',
        ipcCodes: ['H01M 10/0562'],
        applicationDate: new Date(Date.UTC(2019, 0, 1)),
        legalStatus: 'VALID',
        institutionId: ids.u1,
        responsibleInventorId: person.id,
      },
    });
    const file = path.join(dir, 'merge.xlsx');
    const result = await exportInvites(db.prisma, {
      institutionId: ids.u1,
      actor: actors.coordinator,
      path: file,
      botUsername: 'revive_test_bot',
      now: TEST_NOW,
    });
    expect(result.invited).toBeGreaterThanOrEqual(1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    let link = '';
    let slack = '';
    workbook.worksheets[0]!.eachRow((row) => {
      const values = row.values as unknown[];
      if (values[1] === '钱七') {
        link = String(values[6]);
        slack = String(values[7]);
      }
    });
    const token = link.split('start=')[1]!;
    expect(slack).toContain(slackCommand(token));

    // Someone else got hold of the row and opens it in their own Telegram.
    const chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    const stranger = nextTelegram();
    const replies = await chat.handle({
      channel: 'TELEGRAM',
      userId: stranger,
      chatIsPrivate: true,
      address: stranger,
      event: { kind: 'command', command: 'start', args: token },
    });
    expect(replies[0]!.text).toBe(t('zh-CN', 'chat:onboarding.welcome', { name: '钱七' }));
    const actor = (await findActor(db.prisma, 'TELEGRAM', stranger))!;
    expect(actor.roles).toEqual([
      { role: 'INVENTOR', institutionId: ids.u1, enterpriseId: null, province: null },
    ]);
    for (const action of [
      'inventory.import',
      'inventory.export',
      'inventory.invites',
      'inventory.reassign',
    ] as const)
      expect(may(actor, action, { institutionId: ids.u1 })).toBe(false);
    expect(may(actor, 'screening.queue')).toBe(false);
    expect(may(actor, 'progress.view')).toBe(false);
    // The person themselves still is a coordinator (the command line's --as sees every role).
    const whole = (await loadActor(db.prisma, person.id))!;
    expect(may(whole, 'inventory.export', { institutionId: ids.u1 })).toBe(true);
    // The chat refuses the coordinator's commands to this account.
    const progress = await chat.handle({
      channel: 'TELEGRAM',
      userId: stranger,
      chatIsPrivate: true,
      event: { kind: 'command', command: 'progress', args: '' },
    });
    expect(progress.map((r) => r.text).join('\n')).not.toContain('RI-U1大学');
  });

  it('refuses a second account on a channel, audits it, tells the person there, and lets their account redeem it', async () => {
    const first = await invite(actors.admin, {
      role: 'INVENTOR',
      institutionId: ids.u1,
      invitee: { name: '孙八', email: 'sun@ri.example.cn' },
    });
    const own = nextTelegram();
    expect((await redeemInvite(db.prisma, first.token, telegram(own), TEST_NOW)).outcome).toBe('BOUND');
    const fresh = await invite(actors.coordinator, {
      role: 'EXPERT',
      institutionId: ids.u1,
      invitee: { personId: first.personId },
    });

    const chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    const second = nextTelegram();
    const replies = await chat.handle({
      channel: 'TELEGRAM',
      userId: second,
      chatIsPrivate: true,
      address: second,
      languageHint: 'en',
      event: { kind: 'command', command: 'start', args: fresh.token },
    });
    expect(replies.map((r) => r.text)).toEqual([t('en', 'chat:onboarding.invite_second_account')]);
    expect(
      await db.prisma.channelIdentity.count({ where: { channel: 'TELEGRAM', externalId: second } }),
    ).toBe(0);
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { id: fresh.inviteId } })).usedAt).toBe(null);
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'invite.second-account-refused', subjectId: first.personId },
    });
    expect(audit.details).toMatchObject({
      inviteId: fresh.inviteId,
      channel: 'TELEGRAM',
      externalId: second,
    });
    const notice = await db.prisma.delivery.findFirstOrThrow({
      where: { personId: first.personId, kind: 'invites.second-account-refused' },
    });
    expect(notice).toMatchObject({ channel: 'TELEGRAM', status: 'PENDING' });
    // Tried again: still refused, told once.
    expect((await redeemInvite(db.prisma, fresh.token, telegram(second), TEST_NOW)).outcome).toBe(
      'SECOND_ACCOUNT',
    );
    expect(
      await db.prisma.delivery.count({
        where: { personId: first.personId, kind: 'invites.second-account-refused' },
      }),
    ).toBe(1);

    // The account they have redeems it and gains the role.
    expect(await redeemInvite(db.prisma, fresh.token, telegram(own), TEST_NOW)).toEqual({
      outcome: 'BOUND',
      personId: first.personId,
    });
    const identity = await db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'TELEGRAM', externalId: own } },
    });
    expect([...identity.grantedRoles].sort()).toEqual(['EXPERT', 'INVENTOR']);
    expect((await findActor(db.prisma, 'TELEGRAM', own))!.roles.map((r) => r.role).sort()).toEqual([
      'EXPERT',
      'INVENTOR',
    ]);
    expect(
      await db.prisma.roleAssignment.count({
        where: { personId: first.personId, role: 'EXPERT', institutionId: ids.u1 },
      }),
    ).toBe(1);

    // Another channel is another account: Slack may be bound.
    const third = await invite(actors.coordinator, {
      role: 'INVENTOR',
      institutionId: ids.u1,
      invitee: { personId: first.personId },
    });
    expect(
      (await redeemInvite(db.prisma, third.token, { channel: 'SLACK', externalId: 'T1:USUN' }, TEST_NOW))
        .outcome,
    ).toBe('BOUND');
  });

  it('does not let a deactivated person in, by an invitation or an account bound before', async () => {
    const created = await invite(actors.admin, {
      role: 'INVENTOR',
      institutionId: ids.u1,
      invitee: { name: '周九' },
    });
    const account = nextTelegram();
    const later = await invite(actors.admin, { role: 'EXPERT', invitee: { personId: created.personId } });
    expect((await redeemInvite(db.prisma, created.token, telegram(account), TEST_NOW)).outcome).toBe('BOUND');
    await db.prisma.person.update({ where: { id: created.personId }, data: { deactivatedAt: TEST_NOW } });
    expect(await findActor(db.prisma, 'TELEGRAM', account)).toBe(null);
    expect(await loadActor(db.prisma, created.personId)).toBe(null);
    expect((await redeemInvite(db.prisma, later.token, telegram(account), TEST_NOW)).outcome).toBe(
      'DEACTIVATED',
    );
    expect(
      await refusalOf(() =>
        invite(actors.admin, { role: 'EXPERT', invitee: { personId: created.personId } }),
      ),
    ).toBe('invites:refusal.person_deactivated');
  });

  it('lists open invitations by what the lister may see, and revokes them', async () => {
    const now = new Date(TEST_NOW.getTime() + DAY);
    const inventorU1 = await invite(
      actors.coordinator,
      { role: 'INVENTOR', institutionId: ids.u1, invitee: { name: '列一' } },
      now,
    );
    const collegeC1 = await invite(
      actors.bureau,
      { role: 'COLLEGE_COORDINATOR', institutionId: ids.c1, invitee: { name: '列二' } },
      now,
    );
    const coordinatorU2 = await invite(
      actors.admin,
      { role: 'UNIVERSITY_COORDINATOR', institutionId: ids.u2, invitee: { name: '列三' } },
      now,
    );
    const bureau = await invite(
      actors.admin,
      { role: 'BUREAU_OFFICER', province: '330000', invitee: { name: '列四' } },
      now,
    );
    const staff = await invite(
      actors.enterpriseAdmin,
      { role: 'ENTERPRISE_STAFF', enterpriseId: ids.e1, invitee: { name: '列五' } },
      now,
    );
    const expired = await invite(
      actors.coordinator,
      { role: 'INVENTOR', institutionId: ids.u1, invitee: { name: '列六' }, validDays: 1 },
      TEST_NOW,
    );
    const listed = async (actor: Actor | null, filter = {}) =>
      (await listOpenInvites(db.prisma, actor, filter, new Date(now.getTime() + 1000))).map((i) => i.id);

    const byCoordinator = await listed(actors.coordinator);
    expect(byCoordinator).toEqual(expect.arrayContaining([inventorU1.inviteId, collegeC1.inviteId]));
    for (const id of [coordinatorU2.inviteId, bureau.inviteId, staff.inviteId, expired.inviteId])
      expect(byCoordinator).not.toContain(id);
    const byBureau = await listed(actors.bureau);
    expect(byBureau).toContain(collegeC1.inviteId);
    for (const id of [inventorU1.inviteId, coordinatorU2.inviteId, bureau.inviteId])
      expect(byBureau).not.toContain(id);
    const byEnterprise = await listOpenInvites(
      db.prisma,
      actors.enterpriseAdmin,
      {},
      new Date(now.getTime() + 1000),
    );
    expect(byEnterprise.map((i) => i.id)).toContain(staff.inviteId);
    for (const i of byEnterprise) expect(i).toMatchObject({ role: 'ENTERPRISE_STAFF', enterpriseId: ids.e1 });
    expect(await listed(actors.inventor)).toEqual([]);
    // An administrator filters by institution (its colleges included), province or enterprise.
    const u1 = await listed(actors.admin, { institutionId: ids.u1 });
    expect(u1).toEqual(expect.arrayContaining([inventorU1.inviteId, collegeC1.inviteId]));
    expect(u1).not.toContain(coordinatorU2.inviteId);
    const zhejiang = await listed(actors.admin, { province: '330000' });
    expect(zhejiang).toEqual(
      expect.arrayContaining([inventorU1.inviteId, collegeC1.inviteId, bureau.inviteId, staff.inviteId]),
    );
    expect(zhejiang).not.toContain(coordinatorU2.inviteId);
    const e1 = await listOpenInvites(db.prisma, actors.admin, { enterpriseId: ids.e1 }, now);
    expect(e1.map((i) => i.id)).toContain(staff.inviteId);
    for (const i of e1) expect(i.enterpriseId).toBe(ids.e1);

    // Revoking: only what one could have issued; unknown and foreign look the same.
    expect(
      await refusalOf(() => revokeRoleInvite(db.prisma, actors.coordinator, coordinatorU2.inviteId, now)),
    ).toBe('invites:refusal.not_found');
    expect(await refusalOf(() => revokeRoleInvite(db.prisma, actors.coordinator, 'nonsense', now))).toBe(
      'invites:refusal.not_found',
    );
    expect(await revokeRoleInvite(db.prisma, actors.coordinator, collegeC1.inviteId, now)).toMatchObject({
      id: collegeC1.inviteId,
      role: 'COLLEGE_COORDINATOR',
    });
    expect(
      await refusalOf(() => revokeRoleInvite(db.prisma, actors.coordinator, collegeC1.inviteId, now)),
    ).toBe('invites:refusal.not_open');
    expect(await listed(actors.coordinator)).not.toContain(collegeC1.inviteId);
    expect(await redeemInvite(db.prisma, collegeC1.token, telegram(nextTelegram()), now)).toEqual({
      outcome: 'REVOKED',
    });
    expect(
      await db.prisma.auditLog.count({
        where: {
          action: 'invite.revoked',
          subjectId: collegeC1.inviteId,
          actorId: actors.coordinator.personId,
        },
      }),
    ).toBe(1);
    // Expired a day after it was issued, by the clock the redeemer passes.
    expect(await redeemInvite(db.prisma, expired.token, telegram(nextTelegram()), now)).toEqual({
      outcome: 'EXPIRED',
    });
  });

  it('describes the invitation: Telegram link (or how to get one), Slack command, terminal', async () => {
    const created = await invite(actors.admin, {
      role: 'COLLEGE_COORDINATOR',
      institutionId: ids.c1,
      invitee: { name: '吴十', email: 'Wu.Shi@ri.example.cn' },
    });
    const scope = await describeScope(db.prisma, created, 'en');
    expect(scope).toBe('RI-U1 University · RI-U1-C1 University');
    const text = invitationText('en', {
      token: created.token,
      bot: 'revive_test_bot',
      personName: '吴十',
      personEmail: 'wu.shi@ri.example.cn',
      role: 'COLLEGE_COORDINATOR',
      scope,
      expiresAt: created.expiresAt,
    });
    expect(text).toContain(telegramLink('revive_test_bot', created.token));
    expect(text).toContain(`/revive start ${created.token}`);
    expect(text).toContain(`npm run admin -- invite redeem ${created.token} --terminal wushi`);
    expect(text).toContain('2026-12-31 10:00');
    const withoutBot = invitationText('zh-CN', {
      ...{ token: created.token, personName: '吴十', role: 'ADMIN', scope: '', expiresAt: created.expiresAt },
      bot: null,
    });
    expect(withoutBot).not.toContain('https://t.me/');
    expect(withoutBot).toContain('TELEGRAM_BOT_USERNAME');
    expect(
      await describeScope(
        db.prisma,
        { institutionId: null, enterpriseId: null, province: '330000' },
        'zh-CN',
      ),
    ).toBe('浙江省');
  });

  it('tells an unknown Slack user to send /revive start <code>, and others to open their link', async () => {
    const chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    const slack = await chat.handle({
      channel: 'SLACK',
      userId: 'T1:UNOBODY',
      chatIsPrivate: true,
      languageHint: 'en',
      event: { kind: 'text', text: 'hello' },
    });
    expect(slack.map((r) => r.text)).toEqual([t('en', 'chat:onboarding.unknown_slack')]);
    expect(slack[0]!.text).toContain('/revive start <code>');
    expect(t('zh-CN', 'chat:onboarding.unknown_slack')).toContain('/revive start <邀请码>');
    const telegramReply = await chat.handle({
      channel: 'TELEGRAM',
      userId: '999999',
      chatIsPrivate: true,
      languageHint: 'en',
      event: { kind: 'text', text: 'hello' },
    });
    expect(telegramReply.map((r) => r.text)).toEqual([t('en', 'chat:onboarding.unknown')]);
  });
});
