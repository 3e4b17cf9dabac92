// Slack payloads → core's IncomingMessage. Nothing here decides anything: ids are passed on as
// they came and core re-checks every one of them.
import type { IncomingEvent, IncomingMessage } from '../../core/channel/messages.ts';
import type { RawAnswer } from '../../core/questionnaire/parsers/index.ts';

/** The app's one slash command (the manifest's); core's chat commands are its subcommands. */
export const SLASH_COMMAND = '/revive';

/** Slack user ids are unique per workspace (team), so the identity key carries both. */
export const externalIdOf = (teamId: string, userId: string) => `${teamId}:${userId}`;

/** Direct-message conversations have ids starting with D (channels C, private channels/MPIMs G). */
export const isDirectMessage = (channelId: string | undefined | null) =>
  typeof channelId === 'string' && channelId.startsWith('D');

/** "/revive start abc" → command "start", args "abc"; a bare "/revive" opens the menu. */
export function commandEvent(text: string): IncomingEvent {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'command', command: 'menu', args: '' };
  const [name = '', ...rest] = trimmed.split(/\s+/);
  return { kind: 'command', command: name.toLowerCase(), args: rest.join(' ') };
}

export interface SlackUserRef {
  teamId: string;
  userId: string;
  /** The DM channel with the bot, when known. */
  address?: string | null;
  languageHint?: string;
}

function base(user: SlackUserRef, chatIsPrivate: boolean): Omit<IncomingMessage, 'event'> {
  return {
    channel: 'SLACK',
    userId: externalIdOf(user.teamId, user.userId),
    chatIsPrivate,
    // Questionnaire pages open as modals.
    supportsForms: true,
    ...(user.languageHint ? { languageHint: user.languageHint } : {}),
    ...(user.address !== undefined ? { address: user.address } : {}),
  };
}

export const commandIncoming = (
  user: SlackUserRef,
  text: string,
  chatIsPrivate: boolean,
): IncomingMessage => ({
  ...base(user, chatIsPrivate),
  event: commandEvent(text),
});

export const textIncoming = (user: SlackUserRef, text: string, chatIsPrivate: boolean): IncomingMessage => ({
  ...base(user, chatIsPrivate),
  event: { kind: 'text', text },
});

/** Button presses come from DMs, the App Home or modals; elsewhere they are treated as public. */
export const actionIncoming = (
  user: SlackUserRef,
  action: string,
  chatIsPrivate: boolean,
): IncomingMessage => ({
  ...base(user, chatIsPrivate),
  event: { kind: 'action', action },
});

export const formIncoming = (
  user: SlackUserRef,
  formId: string,
  values: Record<string, RawAnswer>,
): IncomingMessage => ({
  ...base(user, true),
  event: { kind: 'form', formId, values },
});
