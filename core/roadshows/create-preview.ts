// The preview before anything is sent: the invitation exactly as the delivery renderer will write
// it, and how many people the audience reaches, by why they are invited.
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, say } from '../chat/context.ts';
import { roadshowConfirmAction, roadshowStepAction } from './actions.ts';
import type { RoadshowDraft } from './create-draft.ts';
import type { DraftCheck } from './create-fields.ts';
import { invitationText } from './messages.ts';
import { audienceFor } from './roadshows.ts';

type Checked = Extract<DraftCheck, { ok: true }>['roadshow'];

const RULE = '────────';

export async function previewMessage(
  ctx: ChatContext,
  draft: RoadshowDraft,
  roadshow: Checked,
): Promise<OutgoingMessage> {
  const [institution, patents, audience] = await Promise.all([
    ctx.db.institution.findUniqueOrThrow({ where: { id: draft.institutionId } }),
    ctx.db.patent.findMany({ where: { id: { in: roadshow.patentIds } }, select: { id: true, title: true } }),
    audienceFor(ctx.db, { audience: roadshow.audience, patentIds: roadshow.patentIds }),
  ]);
  // In the order they were picked, as the roadshow will list them.
  const ordered = roadshow.patentIds.flatMap((id) => patents.filter((p) => p.id === id));
  const invitation = invitationText(
    {
      roadshow: {
        title: roadshow.title,
        startsAt: roadshow.startsAt,
        endsAt: roadshow.endsAt ?? null,
        location: roadshow.location ?? null,
        onlineUrl: roadshow.onlineUrl ?? null,
        capacity: roadshow.capacity ?? null,
        institution,
        patents: ordered.map((patent) => ({ patent })),
      },
      person: { timeZone: ctx.actor.timeZone },
    },
    ctx.locale,
  );
  const enterprise = audience.filter((a) => a.as === 'enterprise').length;
  const separator = say(ctx, 'roadshow:create.preview.list_separator');
  const none = say(ctx, 'roadshow:create.preview.any');
  const text = [
    say(ctx, 'roadshow:create.preview.heading'),
    RULE,
    invitation,
    RULE,
    say(ctx, 'roadshow:create.preview.audience', {
      total: audience.length,
      enterprise,
      inventors: audience.length - enterprise,
    }),
    say(ctx, 'roadshow:create.preview.scope', {
      ipc: roadshow.audience.enterpriseIpc.join(separator) || none,
      regions: roadshow.audience.regions.join(separator) || none,
    }),
    say(ctx, 'roadshow:create.preview.confirm_hint'),
  ].join('\n');
  return {
    text,
    buttons: [
      [
        button(
          ctx,
          'roadshow:create.preview.confirm',
          roadshowConfirmAction.to({ roadshowId: draft.roadshowId }),
        ),
      ],
      [
        button(ctx, 'roadshow:create.preview.edit', roadshowStepAction.to({ step: 'edit' })),
        button(ctx, 'roadshow:create.cancel', roadshowStepAction.to({ step: 'cancel' })),
      ],
    ],
    slot: 'question',
  };
}
