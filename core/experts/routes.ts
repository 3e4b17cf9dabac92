// Experts in the chat, and `/profile` for everyone who has a profile: an expert gets their expert
// profile (profile-chat.ts), an enterprise's people the enterprise's (core/enterprises/profile-chat.ts,
// which refuses staff who do not administer it, as before), a person who is both is asked which.
// The command lives here rather than in core/enterprises because experts are the later of the two.
//
// The experts folder: experts.ts (use cases), affiliation.ts, fields.ts, headers.ts, import.ts,
// report.ts (the command line's and the import's texts); actions.ts, chat-state.ts,
// profile-chat.ts (the chat).
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { type ChatFeature, on } from '../chat/routes.ts';
import { enterpriseWizardAction } from '../enterprises/actions.ts';
import { startProfile } from '../enterprises/profile-chat.ts';
import { hasRole } from '../people/actor.ts';
import { expertEditAction, expertProfileAction } from './actions.ts';
import { askExpertField, saveExpertField, showExpertProfile } from './profile-chat.ts';

/** `/profile`: by role. */
export async function profileCommand(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const expert = hasRole(ctx.actor, 'EXPERT');
  const enterprise = hasRole(ctx.actor, 'ENTERPRISE_ADMIN') || hasRole(ctx.actor, 'ENTERPRISE_STAFF');
  if (expert && enterprise) {
    return [
      {
        text: say(ctx, 'experts:profile.choose'),
        buttons: [
          [
            button(ctx, 'experts:profile.choose_enterprise', enterpriseWizardAction.to({ step: 'profile' })),
            button(ctx, 'experts:profile.choose_expert', expertProfileAction.to()),
          ],
          [menuButton(ctx)],
        ],
      },
    ];
  }
  if (expert) return showExpertProfile(ctx);
  return startProfile(ctx);
}

export const expertsChat: ChatFeature = {
  buttons: [
    on(expertProfileAction, (ctx) => showExpertProfile(ctx)),
    on(expertEditAction, (ctx, { field }) => askExpertField(ctx, field)),
  ],
  commands: {
    profile: (ctx) => profileCommand(ctx),
  },
  flows: {
    // One text answers the field; any button or command leaves it (as the cancel button does).
    'expert-profile': { text: saveExpertField, textOnly: true },
  },
};
