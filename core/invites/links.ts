// How an invitation is handed over: the Telegram deep link, the Slack command, and the terminal's
// way in, with what it grants and until when, in the reader's language.
import type { Role } from '../../prisma/generated/client.ts';
import type { Db } from '../db/database.ts';
import { type Locale, t } from '../i18n.ts';
import { placeName } from '../regions/regions.ts';
import { DEFAULT_TIME_ZONE, localDateTime } from '../time-format.ts';

/** A Telegram bot username (without "@"). */
export const BOT_USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

export const telegramLink = (bot: string, token: string) =>
  `https://t.me/${bot.replace(/^@/, '')}?start=${token}`;
export const slackCommand = (token: string) => `/revive start ${token}`;
/** A terminal account key for the invited person: their email's local part, or "invited". */
export const terminalKey = (email: string | null | undefined): string =>
  (email?.split('@')[0] ?? '').toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'invited';

/** The bot's username from --bot or TELEGRAM_BOT_USERNAME; null when neither is set. */
export function botUsername(given: string | null | undefined): string | null {
  const bot = (given ?? '').trim().replace(/^@/, '');
  return bot === '' ? null : bot;
}

export interface InvitationScope {
  institutionId: string | null;
  enterpriseId: string | null;
  province: string | null;
}

/** "东海理工大学", "东海理工大学 · 材料学院", "浙江省", an enterprise's name; "" for none. */
export async function describeScope(db: Db, scope: InvitationScope, locale: Locale): Promise<string> {
  if (scope.institutionId) {
    const institution = await db.institution.findUnique({
      where: { id: scope.institutionId },
      include: { parent: true },
    });
    if (!institution) return '';
    const name = (i: { nameZh: string; nameEn: string | null }) =>
      locale === 'en' && i.nameEn ? i.nameEn : i.nameZh;
    return institution.parent ? `${name(institution.parent)} · ${name(institution)}` : name(institution);
  }
  if (scope.enterpriseId) {
    const enterprise = await db.enterprise.findUnique({ where: { id: scope.enterpriseId } });
    return enterprise?.name ?? '';
  }
  if (scope.province) return placeName(scope.province, null, locale);
  return '';
}

export interface InvitationText {
  token: string;
  /** The Telegram bot's username; without one the text says how to get the link. */
  bot: string | null;
  personName: string;
  personEmail?: string | null;
  role: Role;
  /** describeScope's answer. */
  scope: string;
  expiresAt: Date;
  timeZone?: string;
  /**
   * 'cli' (default): with the terminal's way in, and the options that give the Telegram link;
   * 'chat': shown to an inviter in chat, who hands it on (no terminal, no command-line options).
   */
  audience?: 'cli' | 'chat';
}

/** The invitation as printed by the command line or shown to the inviter in chat. */
export function invitationText(locale: Locale, invitation: InvitationText): string {
  const chat = invitation.audience === 'chat';
  const { token } = invitation;
  const role = t(locale, `people:role.${invitation.role}`);
  const key = terminalKey(invitation.personEmail);
  return [
    t(locale, 'invites:text.heading', {
      name: invitation.personName,
      role: invitation.scope ? t(locale, 'invites:text.role_at', { role, scope: invitation.scope }) : role,
      expires: localDateTime(invitation.expiresAt, invitation.timeZone ?? DEFAULT_TIME_ZONE),
    }),
    invitation.bot
      ? t(locale, 'invites:text.telegram', { link: telegramLink(invitation.bot, token) })
      : t(locale, chat ? 'invites:text.telegram_in_chat' : 'invites:text.telegram_no_bot', {
          command: `/start ${token}`,
        }),
    t(locale, 'invites:text.slack', { command: slackCommand(token) }),
    ...(chat
      ? []
      : [
          t(locale, 'invites:text.terminal', {
            redeem: `npm run admin -- invite redeem ${token} --terminal ${key}`,
            start: `npm start -- --as ${key}`,
          }),
        ]),
    t(locale, 'invites:text.single_use'),
  ].join('\n');
}
