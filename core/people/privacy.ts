// A person's rights under the PIPL (个人信息保护法): to learn what Revive holds about them (a JSON
// file, sent in chat or written by the command line) and to have it deleted. Deletion anonymizes
// what the institution's records must keep (submitted assessments, screening decisions, evaluations
// now point to an anonymized person) and removes the rest. Both are audited; the audit entry of a
// deletion holds no personal data.
import { writeFile } from 'node:fs/promises';
import { audit } from '../audit.ts';
import { chatFilePath } from '../chat/files.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { scrubAuditEntries } from './scrub-audit.ts';

/** The name an anonymized person keeps: stable, and tells nothing about who they were. */
export const anonymizedName = (personId: string): string => `已注销用户-${personId.slice(0, 8)}`;

export const PERSONAL_DATA_MIME = 'application/json';

/** Everything Revive holds about one person, as they may read it. */
export async function personalData(db: Db, personId: string, now: Date) {
  const person = await db.person.findUnique({
    where: { id: personId },
    include: {
      roles: {
        include: { institution: { select: { nameZh: true } }, enterprise: { select: { name: true } } },
      },
      identities: true,
      staffRecords: { include: { institution: { select: { nameZh: true } } } },
      selfAssessments: {
        include: {
          answers: true,
          patent: { select: { applicationNumber: true, title: true } },
        },
      },
      evaluations: {
        include: {
          answers: true,
          patent: { select: { applicationNumber: true, title: true } },
          enterprise: { select: { name: true } },
        },
      },
      screeningDecisions: { include: { assessment: { select: { patentId: true } } } },
      expert: true,
      invitations: { include: { roadshow: { select: { title: true, startsAt: true } } } },
      deliveries: { select: { kind: true, status: true, sentAt: true, channel: true } },
      auditEntries: { orderBy: { id: 'asc' } },
    },
  });
  if (!person) return refuseWith('people:refusal.person_unknown');
  const invites = await db.invite.findMany({ where: { personId }, orderBy: { createdAt: 'asc' } });
  const mutes = await db.reminderMute.findMany({ where: { personId } });
  return {
    exportedAt: now.toISOString(),
    person: {
      id: person.id,
      name: person.name,
      email: person.email,
      mobile: person.mobile,
      locale: person.locale,
      timeZone: person.timeZone,
      employment: person.employment,
      deactivatedAt: person.deactivatedAt?.toISOString() ?? null,
      createdAt: person.createdAt.toISOString(),
    },
    roles: person.roles.map((r) => ({
      role: r.role,
      institution: r.institution?.nameZh ?? null,
      enterprise: r.enterprise?.name ?? null,
      province: r.province,
    })),
    channelIdentities: person.identities.map((i) => ({
      channel: i.channel,
      externalId: i.externalId,
      address: i.address,
    })),
    staffRecords: person.staffRecords.map((s) => ({
      institution: s.institution.nameZh,
      staffNumber: s.staffNumber,
      employment: s.employment,
      email: s.email,
      phone: s.phone,
    })),
    invitations: invites.map((i) => ({
      role: i.role,
      institutionId: i.institutionId,
      enterpriseId: i.enterpriseId,
      province: i.province,
      createdAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
      usedAt: i.usedAt?.toISOString() ?? null,
      usedChannel: i.usedChannel,
      revokedAt: i.revokedAt?.toISOString() ?? null,
    })),
    roadshowInvitations: person.invitations.map((i) => ({
      roadshow: i.roadshow.title,
      startsAt: i.roadshow.startsAt.toISOString(),
      rsvp: i.rsvp,
      respondedAt: i.respondedAt?.toISOString() ?? null,
    })),
    selfAssessments: person.selfAssessments.map((a) => ({
      patent: a.patent.applicationNumber,
      title: a.patent.title,
      status: a.status,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      answers: Object.fromEntries(a.answers.map((x) => [x.questionId, x.value])),
    })),
    enterpriseEvaluations: person.evaluations.map((e) => ({
      patent: e.patent.applicationNumber,
      title: e.patent.title,
      enterprise: e.enterprise.name,
      status: e.status,
      submittedAt: e.submittedAt?.toISOString() ?? null,
      answers: Object.fromEntries(e.answers.map((x) => [x.questionId, x.value])),
    })),
    screeningDecisions: person.screeningDecisions.map((d) => ({
      patentId: d.assessment.patentId,
      level: d.level,
      outcome: d.outcome,
      comment: d.comment,
      decidedAt: d.decidedAt.toISOString(),
    })),
    expertProfile: person.expert
      ? {
          affiliation: person.expert.affiliation,
          institutionId: person.expert.institutionId,
          enterpriseId: person.expert.enterpriseId,
          title: person.expert.title,
          ipcFields: person.expert.ipcFields,
          keywords: person.expert.keywords,
        }
      : null,
    reminderMutes: mutes.map((m) => m.kind),
    deliveries: person.deliveries.map((d) => ({
      kind: d.kind,
      channel: d.channel,
      status: d.status,
      sentAt: d.sentAt?.toISOString() ?? null,
    })),
    auditEntries: person.auditEntries.map((a) => ({
      action: a.action,
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      details: a.details,
      at: a.createdAt.toISOString(),
    })),
  };
}

export type PersonalData = Awaited<ReturnType<typeof personalData>>;

export interface ExportOptions {
  /** Who asked (the person themselves by default; null: the operator at the command line). */
  by?: string | null;
  /** Where to write the file; a new file in the chat files directory by default. */
  path?: string;
}

/** Writes what Revive holds about a person to a JSON file, and audits that it was handed out. */
export async function exportPersonalData(
  db: Db,
  personId: string,
  now: Date,
  options: ExportOptions = {},
): Promise<{ document: PersonalData; path: string; fileName: string }> {
  const document = await personalData(db, personId, now);
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const fileName = `personal-data-${personId.slice(0, 8)}-${stamp}.json`;
  const file = options.path ?? (await chatFilePath(fileName));
  await writeFile(file, `${JSON.stringify(document, null, 2)}\n`, 'utf8');
  await audit(db, {
    actorId: options.by === undefined ? personId : options.by,
    action: 'person.data-exported',
    subjectType: 'Person',
    subjectId: personId,
    details: { at: now.toISOString() },
  });
  return { document, path: file, fileName };
}

export interface DeletionResult {
  identities: number;
  conversations: number;
  invites: number;
  deliveries: number;
  staffRecords: number;
  roles: number;
  roadshowInvitations: number;
  expertProfile: number;
  auditEntriesScrubbed: number;
}

/**
 * Deletes a person's personal data in one transaction: the person is anonymized and deactivated;
 * their chat accounts, conversations, Telegram slots, mutes, roles, open invitations, pending
 * deliveries, roadshow invitations (RSVPs), expert profile and staff-directory records are removed
 * (a staff list imported again then adds them as a new person, never back onto this one); the
 * details of audit entries by or about them lose their name, email and mobile. Submitted
 * assessments, evaluations and screening decisions stay with the institution, pointing to the
 * anonymized person. `by`: who asked (the person themselves by default; null: the operator).
 */
export async function deletePersonalData(
  db: Db,
  personId: string,
  now: Date,
  by: string | null = personId,
): Promise<DeletionResult> {
  return db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id: personId } });
    if (!person) return refuseWith('people:refusal.person_unknown');
    const staff = await tx.staffRecord.findMany({
      where: { personId },
      select: { id: true, email: true, phone: true },
    });
    const invitesHeld = await tx.invite.findMany({ where: { personId }, select: { id: true } });
    const expert = await tx.expert.findUnique({ where: { personId }, select: { id: true } });
    const replacement = anonymizedName(personId);
    await tx.person.update({
      where: { id: personId },
      data: { name: replacement, email: null, mobile: null, deactivatedAt: person.deactivatedAt ?? now },
    });
    const identities = await tx.channelIdentity.deleteMany({ where: { personId } });
    const conversations = await tx.conversation.deleteMany({ where: { personId } });
    await tx.telegramMessageSlot.deleteMany({ where: { personId } });
    await tx.reminderMute.deleteMany({ where: { personId } });
    const roles = await tx.roleAssignment.deleteMany({ where: { personId } });
    const invites = await tx.invite.deleteMany({ where: { personId, usedAt: null, revokedAt: null } });
    const deliveries = await tx.delivery.deleteMany({ where: { personId, status: 'PENDING' } });
    const roadshowInvitations = await tx.invitation.deleteMany({ where: { personId } });
    const expertProfile = await tx.expert.deleteMany({ where: { personId } });
    const staffRecords = await tx.staffRecord.deleteMany({ where: { personId } });
    const auditEntriesScrubbed = await scrubAuditEntries(tx, {
      personId,
      relatedIds: [
        ...staff.map((s) => s.id),
        ...invitesHeld.map((i) => i.id),
        ...(expert ? [expert.id] : []),
      ],
      identifying: [person.name, person.email, person.mobile, ...staff.flatMap((s) => [s.email, s.phone])],
      replacement,
    });
    const result: DeletionResult = {
      identities: identities.count,
      conversations: conversations.count,
      invites: invites.count,
      deliveries: deliveries.count,
      staffRecords: staffRecords.count,
      roles: roles.count,
      roadshowInvitations: roadshowInvitations.count,
      expertProfile: expertProfile.count,
      auditEntriesScrubbed,
    };
    // Ids and counts only: nothing here says who the person was.
    await audit(tx, {
      actorId: by === personId ? null : by,
      action: 'person.deleted',
      subjectType: 'Person',
      subjectId: personId,
      details: { ...result, self: by === personId, at: now.toISOString() },
    });
    return result;
  });
}
