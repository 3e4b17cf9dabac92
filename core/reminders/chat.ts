// "/mute": a person turns a kind of reminder off (or on again). Invitations and digests are not
// reminders and cannot be muted here.

import { selfAssessmentNudge } from '../assessments/messages.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, say } from '../chat/context.ts';
import { evaluationReminder } from '../matching/messages.ts';
import { milestoneReminder } from '../progress/messages.ts';
import { screeningReminder } from '../screening/messages.ts';

/** What people type → the reminder kind it mutes. */
export const MUTABLE_REMINDERS: Record<string, string> = {
  nudges: selfAssessmentNudge.kind,
  milestones: milestoneReminder.kind,
  screening: screeningReminder.kind,
  evaluations: evaluationReminder.kind,
};

/** Labels of kinds whose strings live in their own feature's namespace. */
const MUTE_LABELS: Record<string, string> = { evaluations: 'matching:mute_kind' };
const muteLabel = (key: string) => MUTE_LABELS[key] ?? `chat:mute.kind.${key}`;

export async function toggleMute(ctx: ChatContext, args: string, mute: boolean): Promise<OutgoingMessage[]> {
  const name = args.trim().toLowerCase();
  const kind = MUTABLE_REMINDERS[name];
  if (!kind) {
    const muted = await ctx.db.reminderMute.findMany({ where: { personId: ctx.actor.personId } });
    const lines = Object.entries(MUTABLE_REMINDERS).map(([key, k]) =>
      say(ctx, 'chat:mute.line', {
        key,
        what: say(ctx, muteLabel(key)),
        state: say(ctx, muted.some((m) => m.kind === k) ? 'chat:mute.off' : 'chat:mute.on'),
      }),
    );
    return [{ text: [say(ctx, 'chat:mute.usage'), ...lines].join('\n') }];
  }
  if (mute) {
    await ctx.db.reminderMute.createMany({
      data: [{ personId: ctx.actor.personId, kind }],
      skipDuplicates: true,
    });
  } else {
    await ctx.db.reminderMute.deleteMany({ where: { personId: ctx.actor.personId, kind } });
  }
  return [
    {
      text: say(ctx, mute ? 'chat:mute.muted' : 'chat:mute.unmuted', {
        what: say(ctx, muteLabel(name)),
      }),
    },
  ];
}
