// Recording a deal in the chat: `/deal <application number>` shows the patent and one button per
// kind of deal; `/deal <number> <kind> [amount in 万元] [contract date]` records it with its terms in
// one line (e.g. `/deal 201710601862.3 独占许可 50 2024-05-01`). The reply offers to attach the
// contract file (contract-chat.ts).
import type { OutgoingMessage } from '../channel/messages.ts';
import { defineButton, idParam, isUuid, letterCodes } from '../chat/buttons.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import type { ChatFeature } from '../chat/routes.ts';
import { on } from '../chat/routes.ts';
import { refuseWith } from '../errors.ts';
import { parseApplicationNumber } from '../identifiers/cn-application-number.ts';
import { authorize } from '../people/authorize.ts';
import { attachContractButton, contractChat } from './contract-chat.ts';
import { type DealInput, recordDeal } from './deals.ts';
import { DEAL_TYPE_NAMES, type DealType } from './types.ts';

const letters = letterCodes<DealType>({
  t: 'transfer',
  x: 'exclusive',
  s: 'sole',
  o: 'ordinary',
  n: 'open',
  e: 'equity',
  z: 'other',
});

export const recordDealAction = defineButton('rdk', {
  encode: ({ patentId, type }: { patentId: string; type: DealType }) => `${patentId}:${letters.letter(type)}`,
  decode: (tail) => {
    const [patentId, letter] = tail.split(':');
    const type = letters.value(letter);
    return patentId && isUuid(patentId) && type ? { patentId, type } : null;
  },
});

/** "Record a deal" on a patent's view: the same choice as `/deal <number>`. */
export const chooseDealAction = defineButton('rdc', idParam('patentId'));

/** What people type for each kind, in both languages. */
const TYPE_WORDS: Record<string, DealType> = {
  ...Object.fromEntries(DEAL_TYPE_NAMES.map((n) => [n, n])),
  转让: 'transfer',
  独占: 'exclusive',
  独占许可: 'exclusive',
  排他: 'sole',
  排他许可: 'sole',
  普通: 'ordinary',
  普通许可: 'ordinary',
  开放: 'open',
  开放许可: 'open',
  入股: 'equity',
  作价入股: 'equity',
  其他: 'other',
};

async function patentByNumber(ctx: ChatContext, raw: string) {
  const parsed = parseApplicationNumber(raw);
  const patent = parsed.ok
    ? await ctx.db.patent.findUnique({
        where: { applicationNumber: parsed.value.canonical },
        select: { id: true, title: true, applicationNumber: true, institutionId: true, collegeId: true },
      })
    : null;
  // Unknown and foreign patents are refused alike: existence is not revealed.
  authorize(ctx.actor, 'deal.record', patent);
  return patent!;
}

function chooseMessage(
  ctx: ChatContext,
  patent: { id: string; title: string; applicationNumber: string },
): OutgoingMessage[] {
  const buttons = DEAL_TYPE_NAMES.map((type) => ({
    label: say(ctx, `deals:type.${type}`),
    action: recordDealAction.to({ patentId: patent.id, type }),
  }));
  return [
    {
      text: say(ctx, 'deals:choose', { title: patent.title, number: patent.applicationNumber }),
      buttons: [buttons.slice(0, 1), buttons.slice(1, 5), buttons.slice(5), [menuButton(ctx)]],
    },
  ];
}

async function choose(ctx: ChatContext, patentId: string): Promise<OutgoingMessage[]> {
  const patent = await ctx.db.patent.findUnique({
    where: { id: patentId },
    select: { id: true, title: true, applicationNumber: true, institutionId: true, collegeId: true },
  });
  authorize(ctx.actor, 'deal.record', patent);
  return chooseMessage(ctx, patent!);
}

async function record(ctx: ChatContext, input: DealInput): Promise<OutgoingMessage[]> {
  const result = await recordDeal(ctx.db, ctx.actor, input, { now: ctx.clock.now() });
  return [
    {
      text: say(ctx, result.created ? 'deals:recorded' : 'deals:already_recorded', {
        title: result.patentTitle,
        type: say(ctx, `deals:type.${result.type}`),
      }),
      // The contract is optional and usually comes later: the button waits for its file.
      buttons: [[attachContractButton(ctx, result.id)], [menuButton(ctx)]],
    },
  ];
}

export async function dealCommand(ctx: ChatContext, args: string): Promise<OutgoingMessage[]> {
  const [number, ...rest] = args
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '');
  if (!number) return [{ text: say(ctx, 'deals:usage'), buttons: [[menuButton(ctx)]] }];
  const patent = await patentByNumber(ctx, number);
  if (rest.length === 0) return chooseMessage(ctx, patent);
  const [word, ...terms] = rest;
  const type = TYPE_WORDS[word!.toLowerCase()];
  if (!type) refuseWith('deals:refusal.unknown_type');
  let amountWanYuan: number | undefined;
  let contractDate: string | undefined;
  for (const term of terms) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(term)) contractDate = term;
    else if (/^\d+(\.\d{1,2})?$/.test(term)) amountWanYuan = Number(term);
    else refuseWith('deals:refusal.bad_term');
  }
  return record(ctx, {
    patentId: patent.id,
    type,
    ...(amountWanYuan !== undefined ? { amountWanYuan } : {}),
    ...(contractDate ? { contractDate } : {}),
  });
}

export const dealsChat: ChatFeature = {
  buttons: [
    on(recordDealAction, (ctx, { patentId, type }) => record(ctx, { patentId, type })),
    on(chooseDealAction, (ctx, { patentId }) => choose(ctx, patentId)),
    ...(contractChat.buttons ?? []),
  ],
  commands: { deal: (ctx, args) => dealCommand(ctx, args) },
  ...(contractChat.flows ? { flows: contractChat.flows } : {}),
};
