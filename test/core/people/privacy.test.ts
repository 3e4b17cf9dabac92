// PIPL (issue 12, "Leaving"): a person gets the file of what Revive holds about them, and may have
// it deleted; what the institution's records keep points to an anonymized person.
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { t } from '../../../core/i18n.ts';
import { forgetMeConfirmAction } from '../../../core/people/actions.ts';
import { anonymizedName, deletePersonalData, exportPersonalData } from '../../../core/people/privacy.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('personal data on %s', (kind) => {
  let db: TestDatabase;
  let dataDirHandle: TemporaryDataDir | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDirHandle = await temporaryDataDir('revive-privacy-');
  });
  afterAll(async () => {
    await dataDirHandle?.restore();
    await db?.close();
  });

  let counter = 0;
  /** An inventor with a role, a Terminal account, a staff record and a submitted self-assessment. */
  async function inventor(name: string, email: string) {
    counter++;
    const institution = await db.prisma.institution.create({
      data: { code: `PRIV${counter}`, nameZh: `隐私大学${counter}`, kind: 'UNIVERSITY', province: '330000' },
    });
    const person = await db.prisma.person.create({ data: { name, email, mobile: `1380000000${counter}` } });
    await db.prisma.roleAssignment.create({
      data: { personId: person.id, role: 'INVENTOR', institutionId: institution.id },
    });
    await db.prisma.channelIdentity.create({
      data: { personId: person.id, channel: 'TERMINAL', externalId: `privacy-${counter}`, address: 'a' },
    });
    await db.prisma.staffRecord.create({
      data: {
        institutionId: institution.id,
        staffNumber: `S${counter}`,
        personId: person.id,
        email,
        phone: '0571-1234567',
        createdAt: TEST_NOW,
        updatedAt: TEST_NOW,
      },
    });
    const patent = await db.prisma.patent.create({
      data: {
        applicationNumber: `20171060186${counter}.X`,
        title: `专利${counter}`,
        type: 'INVENTION',
        ipcCodes: ['H01M 10/0562'],
        applicationDate: TEST_NOW,
        legalStatus: 'VALID',
        patentees: [],
        institutionId: institution.id,
        responsibleInventorId: person.id,
      },
    });
    const assessment = await db.prisma.selfAssessment.create({
      data: {
        patentId: patent.id,
        respondentId: person.id,
        questionnaireId: 'inventor-self-assessment',
        questionnaireVersion: 1,
        status: 'SUBMITTED',
        state: {},
        submittedAt: TEST_NOW,
        answers: { create: [{ questionId: 'trl', value: `answer-of-${name}` }] },
      },
    });
    await db.prisma.invite.create({
      data: {
        tokenHash: `hash-${counter}`,
        personId: person.id,
        institutionId: institution.id,
        role: 'INVENTOR',
        expiresAt: new Date(TEST_NOW.getTime() + 86_400_000),
      },
    });
    return { person, institution, assessment, externalId: `privacy-${counter}` };
  }

  const chat = (
    userId: string,
    event: { kind: 'command'; command: string; args: string } | { kind: 'action'; action: string },
  ) =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() }).handle({
      channel: 'TERMINAL',
      userId,
      chatIsPrivate: true,
      event,
    });

  it("exports the person's answers and roles, and nothing of another person", async () => {
    const alice = await inventor('张爱丽', 'alice@example.edu.cn');
    const bob = await inventor('李博', 'bob@example.edu.cn');
    const { document, path: file } = await exportPersonalData(db.prisma, alice.person.id, TEST_NOW);
    const written = await readFile(file, 'utf8');
    expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(document)));
    expect(document.person).toMatchObject({ name: '张爱丽', email: 'alice@example.edu.cn' });
    expect(document.roles).toEqual([
      { role: 'INVENTOR', institution: alice.institution.nameZh, enterprise: null, province: null },
    ]);
    expect(document.selfAssessments[0]!.answers).toEqual({ trl: 'answer-of-张爱丽' });
    expect(document.channelIdentities).toEqual([
      { channel: 'TERMINAL', externalId: alice.externalId, address: 'a' },
    ]);
    expect(document.invitations).toHaveLength(1);
    expect(written).not.toContain('hash-');
    expect(written).not.toContain('李博');
    expect(written).not.toContain('bob@');
    expect(written).not.toContain(bob.institution.nameZh);
    const audited = await db.prisma.auditLog.findFirst({
      where: { action: 'person.data-exported', subjectId: alice.person.id },
    });
    expect(audited?.actorId).toBe(alice.person.id);
  });

  it('sends the file in chat on /mydata', async () => {
    const carol = await inventor('王卡洛', 'carol@example.edu.cn');
    const replies = await chat(carol.externalId, { kind: 'command', command: 'mydata', args: '' });
    expect(replies[0]!.attachment?.mimeType).toBe('application/json');
    expect(await readFile(replies[0]!.attachment!.path, 'utf8')).toContain('王卡洛');
  });

  it('anonymizes on deletion and keeps the submitted assessment, with an audit entry holding no personal data', async () => {
    const dave = await inventor('赵大卫', 'dave@example.edu.cn');
    // What else a person leaves behind: an expert profile, a roadshow RSVP, audit entries naming them.
    await db.prisma.expert.create({
      data: {
        personId: dave.person.id,
        title: '教授',
        affiliation: '赵大卫实验室',
        ipcFields: [],
        keywords: [],
      },
    });
    const roadshow = await db.prisma.roadshow.create({
      data: {
        institutionId: dave.institution.id,
        title: '路演',
        startsAt: TEST_NOW,
        endsAt: new Date(TEST_NOW.getTime() + 3_600_000),
        location: '杭州',
        createdById: dave.person.id,
      },
    });
    await db.prisma.invitation.create({
      data: { roadshowId: roadshow.id, personId: dave.person.id, rsvp: 'YES' },
    });
    const staff = await db.prisma.staffRecord.findFirstOrThrow({ where: { personId: dave.person.id } });
    await db.prisma.auditLog.createMany({
      data: [
        {
          action: 'staff.updated',
          subjectType: 'StaffRecord',
          subjectId: staff.id,
          details: {
            changes: [{ field: 'email', before: 'old-dave@example.edu.cn', after: 'Dave@example.edu.cn' }],
          },
        },
        {
          action: 'invite.created',
          subjectType: 'Person',
          subjectId: dave.person.id,
          details: { invitee: { name: '赵大卫', mobile: dave.person.mobile }, role: 'INVENTOR' },
        },
      ],
    });

    const result = await deletePersonalData(db.prisma, dave.person.id, TEST_NOW);
    expect(result).toMatchObject({
      identities: 1,
      invites: 1,
      staffRecords: 1,
      roles: 1,
      roadshowInvitations: 1,
      expertProfile: 1,
      auditEntriesScrubbed: 2,
    });
    const person = await db.prisma.person.findUniqueOrThrow({ where: { id: dave.person.id } });
    expect(person).toMatchObject({ name: anonymizedName(dave.person.id), email: null, mobile: null });
    expect(person.deactivatedAt).toEqual(TEST_NOW);
    expect(await db.prisma.channelIdentity.count({ where: { personId: dave.person.id } })).toBe(0);
    expect(await db.prisma.invite.count({ where: { personId: dave.person.id } })).toBe(0);
    expect(await db.prisma.roleAssignment.count({ where: { personId: dave.person.id } })).toBe(0);
    expect(await db.prisma.expert.count({ where: { personId: dave.person.id } })).toBe(0);
    expect(await db.prisma.invitation.count({ where: { personId: dave.person.id } })).toBe(0);
    // The directory entry goes, so a staff list imported again cannot write the name back onto
    // the anonymized person.
    expect(await db.prisma.staffRecord.count({ where: { personId: dave.person.id } })).toBe(0);
    const kept = await db.prisma.selfAssessment.findUniqueOrThrow({
      where: { id: dave.assessment.id },
      include: { respondent: true, answers: true },
    });
    expect(kept.status).toBe('SUBMITTED');
    expect(kept.answers).toHaveLength(1);
    expect(kept.respondent.name).toBe(anonymizedName(dave.person.id));
    // Every audit entry about them stays, without what identified them.
    const entries = await db.prisma.auditLog.findMany({
      where: { OR: [{ subjectId: dave.person.id }, { subjectId: staff.id }] },
    });
    expect(entries.map((e) => e.action).sort()).toEqual([
      'invite.created',
      'person.deleted',
      'staff.updated',
    ]);
    const text = JSON.stringify(entries, (_key, value) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    expect(text).not.toContain('赵大卫');
    expect(text).not.toContain('dave@');
    expect(text).not.toContain('138');
    expect(text).toContain(anonymizedName(dave.person.id));
  });

  it('/forgetme asks to confirm, deletes on the button, and the account is unknown afterwards', async () => {
    const erin = await inventor('钱艾琳', 'erin@example.edu.cn');
    const asked = await chat(erin.externalId, { kind: 'command', command: 'forgetme', args: '' });
    expect(asked[0]!.text).toBe(t('zh-CN', 'privacy:forgetme.confirm'));
    expect(asked[0]!.buttons?.flat().map((b) => b.action)).toContain(forgetMeConfirmAction.to());
    // Nothing is deleted before the confirmation.
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: erin.person.id } })).email).toBe(
      'erin@example.edu.cn',
    );
    const done = await chat(erin.externalId, { kind: 'action', action: forgetMeConfirmAction.to() });
    expect(done[0]!.text).toBe(t('zh-CN', 'privacy:forgetme.done'));
    const after = await chat(erin.externalId, { kind: 'command', command: 'menu', args: '' });
    expect(after[0]!.text).toBe(t('zh-CN', 'chat:onboarding.unknown'));
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: erin.person.id } })).name).toBe(
      anonymizedName(erin.person.id),
    );
  });
});
