// The bureau's side in chat: the Verify button of the "new enterprise" message verifies with one
// tap; Reject asks once more; `/enterprises` lists the enterprises of the officer's province still
// waiting, each with its credit-code check and the same buttons. Every tap is re-checked: only a
// bureau officer of the enterprise's province or an administrator decides.
import type { Enterprise } from '../../prisma/generated/client.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { authorize } from '../people/authorize.ts';
import { enterpriseRejectAction, enterpriseRejectConfirmAction, enterpriseVerifyAction } from './actions.ts';
import { describeEnterprise } from './describe.ts';
import { listEnterprises, rejectEnterprise, verifyEnterprise } from './enterprises.ts';

/** At most this many waiting enterprises in one /enterprises answer (oldest first). */
const LIST_MAX = 10;

const decisionButtons = (ctx: ChatContext, enterpriseId: string) => [
  button(ctx, 'enterprises:button.verify', enterpriseVerifyAction.to({ enterpriseId })),
  button(ctx, 'enterprises:button.reject', enterpriseRejectAction.to({ enterpriseId })),
];

export async function verifyFromChat(ctx: ChatContext, enterpriseId: string): Promise<OutgoingMessage[]> {
  const { enterprise, changed } = await verifyEnterprise(ctx.db, ctx.actor, enterpriseId, ctx.clock.now());
  ctx.logger.info({ enterpriseId, changed }, 'enterprise verification from chat');
  const key = changed ? 'enterprises:verify.done' : 'enterprises:verify.already';
  return [{ text: say(ctx, key, { name: enterprise.name }), buttons: [[menuButton(ctx)]] }];
}

export async function askReject(ctx: ChatContext, enterpriseId: string): Promise<OutgoingMessage[]> {
  const found = await ctx.db.enterprise.findUnique({ where: { id: enterpriseId } });
  const enterprise = authorize(ctx.actor, 'enterprise.verify', found ? { ...found, enterpriseId } : null);
  if (enterprise.status !== 'PENDING') return [statusMessage(ctx, enterprise)];
  return [
    {
      text: [
        say(ctx, 'enterprises:reject.confirm', { name: enterprise.name }),
        '',
        ...describeEnterprise(enterprise, ctx.locale),
      ].join('\n'),
      buttons: [
        [
          button(
            ctx,
            'enterprises:button.reject_confirm',
            enterpriseRejectConfirmAction.to({ enterpriseId }),
          ),
          button(ctx, 'enterprises:button.verify', enterpriseVerifyAction.to({ enterpriseId })),
        ],
        [menuButton(ctx)],
      ],
    },
  ];
}

export async function rejectFromChat(ctx: ChatContext, enterpriseId: string): Promise<OutgoingMessage[]> {
  const { enterprise, changed } = await rejectEnterprise(ctx.db, ctx.actor, enterpriseId, ctx.clock.now());
  ctx.logger.info({ enterpriseId, changed }, 'enterprise rejection from chat');
  const key = changed ? 'enterprises:reject.done' : 'enterprises:reject.already';
  return [{ text: say(ctx, key, { name: enterprise.name }), buttons: [[menuButton(ctx)]] }];
}

function statusMessage(ctx: ChatContext, enterprise: Enterprise): OutgoingMessage {
  return {
    text: say(ctx, 'enterprises:review.status', {
      name: enterprise.name,
      status: say(ctx, `enterprises:status.${enterprise.status}`),
    }),
    buttons: [[menuButton(ctx)]],
  };
}

/** `/enterprises`: the enterprises of the officer's province waiting for verification. */
export async function listPending(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const pending = await listEnterprises(ctx.db, ctx.actor, { status: 'PENDING' });
  if (pending.length === 0)
    return [{ text: say(ctx, 'enterprises:review.none'), buttons: [[menuButton(ctx)]] }];
  const shown = pending.slice(0, LIST_MAX);
  return [
    { text: say(ctx, 'enterprises:review.heading', { count: pending.length, shown: shown.length }) },
    ...shown.map((enterprise) => ({
      text: describeEnterprise(enterprise, ctx.locale).join('\n'),
      buttons: [decisionButtons(ctx, enterprise.id)],
    })),
  ];
}
