// /help, by role: each person reads what they themselves can do (an inventor is not told about
// /deadletters), then the commands everyone has. A person with several roles gets each section.

import type { Role } from '../../prisma/generated/client.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { hasRole } from '../people/actor.ts';
import { menuAction } from './chat-actions.ts';
import { button, type ChatContext, say } from './context.ts';

/** One help section per role, in the order a person holding several reads them. */
const SECTIONS: ReadonlyArray<{ roles: readonly Role[]; key: string }> = [
  { roles: ['INVENTOR'], key: 'chat:help.inventor' },
  { roles: ['ENTERPRISE_STAFF', 'ENTERPRISE_ADMIN'], key: 'chat:help.enterprise' },
  { roles: ['ENTERPRISE_ADMIN'], key: 'chat:help.enterprise_admin' },
  { roles: ['EXPERT'], key: 'chat:help.expert' },
  { roles: ['UNIVERSITY_COORDINATOR'], key: 'chat:help.coordinator' },
  { roles: ['COLLEGE_COORDINATOR'], key: 'chat:help.college_coordinator' },
  { roles: ['BUREAU_OFFICER'], key: 'chat:help.bureau' },
  { roles: ['ADMIN'], key: 'chat:help.admin' },
];

/** The help text for this person: their roles' sections, or how to get a role when they have none. */
export function helpText(ctx: ChatContext): string {
  const sections = SECTIONS.filter(({ roles }) => roles.some((role) => hasRole(ctx.actor, role))).map(
    ({ key }) => say(ctx, key),
  );
  const body = sections.length > 0 ? sections : [say(ctx, 'chat:help.no_role')];
  return [say(ctx, 'chat:help.intro'), ...body, say(ctx, 'chat:help.commands')].join('\n\n');
}

export function showHelp(ctx: ChatContext): OutgoingMessage[] {
  return [{ text: helpText(ctx), buttons: [[button(ctx, 'chat:menu.back_to_menu', menuAction.to())]] }];
}
