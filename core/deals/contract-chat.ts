// The contract of a deal, attached in the chat: "📎 附上合同文件" under a recorded deal puts the
// conversation in a state that waits for the next file (a platform's file can be opened only while
// its own message is handled, so the state keeps the deal, never the file). A deal that already has
// a contract first asks to confirm the replacement. Any command or button leaves the wait (textOnly);
// a wrong or too large file is refused and the wait goes on; the use case authorizes again.
import type { OutgoingMessage } from '../channel/messages.ts';
import { defineButton, idParam } from '../chat/buttons.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import type { ChatFeature, FileEvent } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { Refusal } from '../errors.ts';
import { megabytes } from '../inventory/limits.ts';
import { attachContract, dealForContract } from './contract.ts';
import { CONTRACT_MAX_BYTES } from './contract-file.ts';

/** "📎 附上合同文件" under a recorded deal. */
export const attachContractAction = defineButton('rda', idParam('dealId'));
/** The confirmation that the deal's contract is replaced by the next file. */
export const replaceContractAction = defineButton('rdx', idParam('dealId'));

/** Refusals about the file itself: the person sends another, the wait goes on. */
const FILE_PROBLEMS = new Set([
  'deals:contract.wrong_type',
  'deals:contract.wrong_content',
  'deals:refusal.contract_too_large',
]);

export const attachContractButton = (ctx: ChatContext, dealId: string) =>
  button(ctx, 'deals:contract.attach_button', attachContractAction.to({ dealId }));

const limits = (ctx: ChatContext) => say(ctx, 'deals:contract.limits', { mb: megabytes(CONTRACT_MAX_BYTES) });

async function waitForContract(
  ctx: ChatContext,
  dealId: string,
  replace: boolean,
): Promise<OutgoingMessage[]> {
  const deal = await dealForContract(ctx.db, ctx.actor, dealId);
  if (deal.contractFile && !replace) {
    return [
      {
        text: say(ctx, 'deals:contract.replace_question', { title: deal.patent.title }),
        buttons: [
          [button(ctx, 'deals:contract.replace_button', replaceContractAction.to({ dealId }))],
          [menuButton(ctx)],
        ],
      },
    ];
  }
  await ctx.conversation.set({ flow: 'deal-contract', dealId, replace });
  return [
    {
      text: `${say(ctx, 'deals:contract.send', { title: deal.patent.title })}\n${limits(ctx)}`,
      buttons: [[menuButton(ctx)]],
    },
  ];
}

/** Typed text (or a picture sent as a photo) while the contract is awaited. */
async function awaitingContract(ctx: ChatContext): Promise<OutgoingMessage[]> {
  return [{ text: `${say(ctx, 'deals:contract.waiting')}\n${limits(ctx)}`, buttons: [[menuButton(ctx)]] }];
}

async function receiveContract(ctx: ChatContext, file: FileEvent): Promise<OutgoingMessage[]> {
  const state = ctx.conversation.state;
  if (state.flow !== 'deal-contract') return awaitingContract(ctx);
  // Leaving the wait first: a second file sent at the same time finds it gone (ConversationChanged).
  await ctx.conversation.set(IDLE);
  try {
    const attached = await attachContract(
      ctx.db,
      ctx.actor,
      { dealId: state.dealId, replace: state.replace },
      file,
    );
    ctx.logger.info({ dealId: state.dealId, replaced: attached.replaced }, 'deal contract attached');
    return [
      {
        text: say(ctx, attached.replaced ? 'deals:contract.replaced' : 'deals:contract.attached', {
          file: attached.fileName,
          title: attached.patentTitle,
        }),
        buttons: [[menuButton(ctx)]],
      },
    ];
  } catch (error) {
    if (error instanceof Refusal && FILE_PROBLEMS.has(error.reason.key)) {
      // The file was wrong, not the person: they may send the right one.
      await ctx.conversation.set(state);
      ctx.logger.info({ dealId: state.dealId, reason: error.reason.key }, 'deal contract refused');
      return [
        {
          text: `⛔ ${say(ctx, error.reason.key, { file: file.fileName })}\n${say(ctx, 'deals:contract.send_another')}`,
          buttons: [[menuButton(ctx)]],
        },
      ];
    }
    throw error;
  }
}

export const contractChat: ChatFeature = {
  buttons: [
    on(attachContractAction, (ctx, { dealId }) => waitForContract(ctx, dealId, false)),
    on(replaceContractAction, (ctx, { dealId }) => waitForContract(ctx, dealId, true)),
  ],
  flows: {
    'deal-contract': {
      textOnly: true,
      text: (ctx) => awaitingContract(ctx),
      file: receiveContract,
    },
  },
};
