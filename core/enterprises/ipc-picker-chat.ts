// The IPC picker's buttons (ipc-picker.ts draws its messages): they change the open wizard's draft
// through its guarded update, and only while that wizard is at the IPC question; a button of a
// picker left behind shows where the wizard is instead.
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { type ButtonRoute, on } from '../chat/routes.ts';
import type { EngineInput } from '../questionnaire/engine.ts';
import { type EnterpriseIpcStep, enterpriseIpcAction } from './actions.ts';
import type { IpcPick } from './chat-state.ts';
import { addCodes, atIpcQuestion, chosenText, IPC_QUESTION, pickedOf, viewMessage } from './ipc-picker.ts';
import { continueProfile } from './profile-chat.ts';
import { continueRegistration } from './register-chat.ts';
import { currentDraft, updateDraft, type WizardFlow } from './wizard.ts';

const CONTINUE: Record<
  WizardFlow,
  (ctx: ChatContext, input: EngineInput) => Promise<OutgoingMessage[] | null>
> = {
  'enterprise-register': continueRegistration,
  'enterprise-profile': continueProfile,
};

const openFlow = (ctx: ChatContext): WizardFlow | null => {
  const flow = ctx.conversation.state.flow;
  return flow === 'enterprise-register' || flow === 'enterprise-profile' ? flow : null;
};

/** Where the wizard stands, for a picker button pressed when the picker no longer applies. */
async function stale(ctx: ChatContext, flow: WizardFlow | null): Promise<OutgoingMessage[]> {
  const shown = flow ? await CONTINUE[flow](ctx, { type: 'start' }) : null;
  return [
    { text: say(ctx, 'chat:error.stale_button'), ...(shown ? {} : { buttons: [[menuButton(ctx)]] }) },
    ...(shown ?? []),
  ];
}

type Change = (pick: IpcPick) => { pick: IpcPick; messages: OutgoingMessage[] };

async function changePick(ctx: ChatContext, change: Change): Promise<OutgoingMessage[]> {
  const flow = openFlow(ctx);
  if (!flow) return stale(ctx, null);
  const replies = await updateDraft(ctx, flow, async (draft) => {
    if (!atIpcQuestion(draft)) return { next: draft, result: null };
    const { pick, messages } = change({ ...draft.ipc, picked: pickedOf(draft) });
    return { next: { ...draft, ipc: pick }, result: messages };
  });
  return replies ?? stale(ctx, flow);
}

async function done(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const flow = openFlow(ctx);
  const draft = flow ? currentDraft(ctx, flow) : null;
  if (!flow || !draft || !atIpcQuestion(draft)) return stale(ctx, flow);
  const picked = pickedOf(draft);
  // The ticked codes answer the question as typed codes would (nothing: skipped); the wizard checks them.
  const replies =
    (await CONTINUE[flow](ctx, { type: 'answer', questionId: IPC_QUESTION, value: picked.join(', ') })) ?? [];
  const [first, ...rest] = replies;
  if (!first) return replies;
  // The list with its titles goes on top of the next question, one message to read.
  return [{ ...first, text: `${chosenText(ctx, picked)}\n\n${first.text}` }, ...rest];
}

function press(ctx: ChatContext, step: EnterpriseIpcStep): Promise<OutgoingMessage[]> {
  switch (step.op) {
    case 'view':
      return changePick(ctx, (pick) => ({ pick, messages: [viewMessage(ctx, step.view, pick)] }));
    case 'toggle':
      return changePick(ctx, (pick) => {
        if (pick.picked.includes(step.code)) {
          const next = { ...pick, picked: pick.picked.filter((c) => c !== step.code) };
          return { pick: next, messages: [viewMessage(ctx, step.view, next)] };
        }
        const added = addCodes(ctx, pick.picked, [step.code]);
        if (!added.ok)
          return { pick, messages: [{ text: `⚠️ ${added.error}` }, viewMessage(ctx, step.view, pick)] };
        const next = { ...pick, picked: added.picked };
        return { pick: next, messages: [viewMessage(ctx, step.view, next)] };
      });
    case 'clear':
      return changePick(ctx, (pick) => {
        const next = { ...pick, picked: [] };
        return { pick: next, messages: [viewMessage(ctx, step.view, next)] };
      });
    case 'done':
      return done(ctx);
    case 'question': {
      const flow = openFlow(ctx);
      return flow ? CONTINUE[flow](ctx, { type: 'start' }).then((r) => r ?? []) : stale(ctx, null);
    }
  }
}

/** Added to the enterprises feature's buttons (routes.ts). */
export const ipcPickerButtons: ButtonRoute[] = [on(enterpriseIpcAction, press)];
