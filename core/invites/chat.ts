// "/start <token>": binds a chat account to the invited person, then greets them.
import type { IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
import type { Db } from '../db/database.ts';
import { DEFAULT_LOCALE, type Locale, t, toLocale } from '../i18n.ts';
import { redeemInvite } from './invites.ts';

export async function redeemFromChat(
  db: Db,
  message: IncomingMessage,
  token: string,
  address: string | null,
  now: Date,
): Promise<{ bound: boolean; replies: OutgoingMessage[] }> {
  const result = await redeemInvite(
    db,
    token,
    { channel: message.channel, externalId: message.userId, address },
    now,
  );
  if (result.outcome === 'BOUND' || result.outcome === 'ALREADY_BOUND') {
    const person = await db.person.findUniqueOrThrow({ where: { id: result.personId } });
    const locale: Locale = toLocale(person.locale);
    return { bound: true, replies: [{ text: t(locale, 'chat:onboarding.welcome', { name: person.name }) }] };
  }
  const locale = toLocale(message.languageHint ?? DEFAULT_LOCALE);
  return {
    bound: false,
    replies: [{ text: t(locale, `chat:onboarding.invite_${result.outcome.toLowerCase()}`) }],
  };
}
