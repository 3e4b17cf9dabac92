// Invitations for the inventors who answer an institution's self-assessments, as an XLSX for a
// mail merge: one row per person with a Telegram deep link and a note for Slack. Tokens exist in
// clear only in this file (the database keeps hashes), so issuing again revokes the person's
// earlier unused invitations: only the newest file works. Each invitation grants INVENTOR only:
// whoever redeems a row acts as that inventor, never in the person's other roles (a coordinator's
// row does not open the institution's inventory).
import ExcelJS from 'exceljs';
import type { Role } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { type Locale, t } from '../i18n.ts';
import { createInvite, DEFAULT_INVITE_DAYS, revokeInvite } from '../invites/invites.ts';
import { BOT_USERNAME, slackCommand, telegramLink } from '../invites/links.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import { DEFAULT_TIME_ZONE, localDateTime } from '../time-format.ts';

export { BOT_USERNAME, telegramLink } from '../invites/links.ts';

export interface InvitesExportOptions {
  institutionId: string;
  actor: Operator;
  path: string;
  /** The Telegram bot's username, without "@". */
  botUsername: string;
  validDays?: number;
  /** Also invite persons who already use Revive in a chat. */
  includeConnected?: boolean;
  locale?: Locale;
  timeZone?: string;
  now: Date;
}

export interface InvitesExportResult {
  path: string;
  invited: number;
  revoked: number;
  skippedConnected: number;
}

export async function exportInvites(db: Db, options: InvitesExportOptions): Promise<InvitesExportResult> {
  authorize(
    options.actor,
    'inventory.invites',
    options,
    `${options.actor?.personId} on ${options.institutionId}`,
  );
  const bot = options.botUsername.replace(/^@/, '');
  if (!BOT_USERNAME.test(bot)) throw new RangeError(`not a Telegram bot username: "${options.botUsername}"`);
  const locale = options.locale ?? 'zh-CN';
  const { now } = options;
  const role: Role = 'INVENTOR';
  const actorId = options.actor?.personId ?? null;

  // Who answers: the responsible inventors of the institution's patents.
  const people = await db.person.findMany({
    where: { responsibleFor: { some: { institutionId: options.institutionId } } },
    include: {
      identities: { select: { channel: true } },
      _count: { select: { responsibleFor: { where: { institutionId: options.institutionId } } } },
    },
    orderBy: { name: 'asc' },
  });

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: options.path, useStyles: true });
  const sheet = workbook.addWorksheet('invites');
  const keys = ['name', 'email', 'mobile', 'role', 'patents', 'telegram', 'slack', 'expires'];
  sheet.columns = [14, 30, 16, 10, 8, 70, 50, 20].map((width) => ({ width }));
  for (const headerLocale of ['zh-CN', 'en'] as const) {
    const row = sheet.addRow(keys.map((k) => t(headerLocale, `export:invites.column.${k}`)));
    row.font = { bold: true };
    row.commit();
  }

  let invited = 0;
  let revoked = 0;
  let skippedConnected = 0;
  for (const person of people) {
    const connected = person.identities.some((i) => i.channel === 'TELEGRAM' || i.channel === 'SLACK');
    if (connected && !options.includeConnected) {
      skippedConnected++;
      continue;
    }
    const open = await db.invite.findMany({
      where: {
        personId: person.id,
        role,
        institutionId: options.institutionId,
        usedAt: null,
        revokedAt: null,
      },
      select: { id: true },
    });
    for (const invite of open) if (await revokeInvite(db, invite.id, actorId, now)) revoked++;
    const invite = await createInvite(db, {
      personId: person.id,
      role,
      institutionId: options.institutionId,
      createdById: actorId,
      validDays: options.validDays ?? DEFAULT_INVITE_DAYS,
      now,
    });
    sheet
      .addRow([
        person.name,
        person.email,
        person.mobile,
        t(locale, `export:invites.role.${role}`),
        person._count.responsibleFor,
        telegramLink(bot, invite.token),
        person.email
          ? t(locale, 'export:invites.slack_note', {
              email: person.email,
              command: slackCommand(invite.token),
            })
          : t(locale, 'export:invites.slack_no_email', { command: slackCommand(invite.token) }),
        localDateTime(invite.expiresAt, options.timeZone ?? DEFAULT_TIME_ZONE),
      ])
      .commit();
    invited++;
  }
  sheet.commit();
  await workbook.commit();
  await audit(db, {
    actorId,
    action: 'invites.exported',
    subjectType: 'Institution',
    subjectId: options.institutionId,
    institutionId: options.institutionId,
    details: { invited, revoked, skippedConnected, file: options.path.split(/[\\/]/).at(-1) ?? options.path },
  });
  return { path: options.path, invited, revoked, skippedConnected };
}
