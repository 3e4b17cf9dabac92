// `/profile`: an enterprise's administrator sees its profile and changes what it does and needs
// (types, industries, IPC fields, keywords, the needs in its own words): the questions of the
// registration's profile part, opened on the review with the current answers, each editable.
import type { Enterprise } from '../../prisma/generated/client.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { understoodNeeds } from '../matching/understood.ts';
import { authorize } from '../people/authorize.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { reviewReply } from '../questionnaire/engine.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';
import { type EngineState, initialState } from '../questionnaire/state.ts';
import type { EnterpriseProfileDraft } from './chat-state.ts';
import { describeEnterprise } from './describe.ts';
import { administeredEnterprise, updateProfile } from './enterprises.ts';
import { enterpriseProfileSchema, firstProblem, typeOptionId } from './fields.ts';
import { enterpriseProfileV1 } from './questionnaire.ts';
import { checkTyped, profileFromAnswers } from './register-chat.ts';
import {
  askAgain,
  currentDraft,
  engineMessages,
  setDraft,
  show,
  type Wizard,
  type WizardStep,
  wizardInput,
  wizardOpenForm,
  wizardSubmitForm,
} from './wizard.ts';

const DEF = enterpriseProfileV1;

const PROFILE: Wizard<'enterprise-profile'> = {
  flow: 'enterprise-profile',
  def: DEF,
  formPrefix: 'ep:',
  heading: 'enterprises:profile.heading',
  check: async (ctx, _draft, questionId, raw) => checkTyped(questionId, raw, ctx.locale),
  submit: submitProfile,
};

/** The enterprise's profile as the questionnaire's answers; empty fields count as skipped. */
export function answersOf(enterprise: Enterprise): EngineState {
  const answers: Answers = {};
  if (enterprise.types.length > 0) answers.types = enterprise.types.map(typeOptionId);
  if (enterprise.industries.length > 0) answers.industries = [...enterprise.industries];
  if (enterprise.ipcInterests.length > 0) answers.ipcInterests = enterprise.ipcInterests.join(', ');
  if (enterprise.keywords.length > 0) answers.keywords = enterprise.keywords.join(', ');
  if (enterprise.needs) answers.needs = enterprise.needs;
  const all = DEF.sections.flatMap((s) => s.questions.map((q) => q.id));
  return {
    ...initialState(DEF.id, DEF.version),
    answers,
    skipped: all.filter((id) => answers[id] === undefined),
    phase: 'review',
  };
}

async function submitProfile(
  ctx: ChatContext,
  draft: EnterpriseProfileDraft,
): Promise<WizardStep<EnterpriseProfileDraft>> {
  const input = profileFromAnswers(draft.state.answers);
  const parsed = enterpriseProfileSchema.safeParse(input);
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    return askAgain(ctx, PROFILE, draft, problem.error, problem.field);
  }
  const { enterprise, changed } = await updateProfile(
    ctx.db,
    ctx.actor,
    draft.enterpriseId,
    input,
    ctx.clock.now(),
  );
  ctx.logger.info({ enterpriseId: enterprise.id, changed }, 'enterprise profile saved');
  const heading =
    changed.length === 0
      ? say(ctx, 'enterprises:profile.unchanged')
      : say(ctx, 'enterprises:profile.saved', { count: changed.length });
  // What the needs in its own words will be searched for, against today's pool: the enterprise can
  // rephrase before any push depends on it.
  const understood = enterprise.needs ? await understoodNeeds(ctx.db, ctx.locale, enterprise.needs) : null;
  return {
    next: null,
    result: [
      {
        text: [
          heading,
          '',
          ...describeEnterprise(enterprise, ctx.locale, { status: true }),
          ...(understood ? ['', understood] : []),
        ].join('\n'),
        buttons: [[menuButton(ctx)]],
      },
    ],
  };
}

/** `/profile`: the enterprise's profile, opened on the review of its answers. */
export async function startProfile(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const enterpriseId = administeredEnterprise(ctx.actor);
  authorize(ctx.actor, 'enterprise.editProfile', { enterpriseId });
  const enterprise = await ctx.db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  const open = currentDraft(ctx, 'enterprise-profile');
  const draft: EnterpriseProfileDraft =
    open && open.enterpriseId === enterpriseId ? open : { enterpriseId, state: answersOf(enterprise) };
  if (draft !== open) await setDraft(ctx, 'enterprise-profile', draft);
  const intro: OutgoingMessage = {
    text: [
      say(ctx, 'enterprises:profile.intro'),
      '',
      ...describeEnterprise(enterprise, ctx.locale, { status: true }),
    ].join('\n'),
  };
  const body =
    draft.state.phase === 'review'
      ? engineMessages(ctx, PROFILE, [reviewReply(DEF, draft.state)])
      : show(ctx, PROFILE, draft.state);
  return [intro, ...body];
}

export const continueProfile = (ctx: ChatContext, input: Parameters<typeof wizardInput>[2]) =>
  wizardInput(ctx, PROFILE, input);
export const openProfileForm = (ctx: ChatContext) => wizardOpenForm(ctx, PROFILE);
export async function submitProfileForm(
  ctx: ChatContext,
  formId: string,
  values: Record<string, RawAnswer>,
): Promise<OutgoingMessage[]> {
  return (
    (await wizardSubmitForm(ctx, PROFILE, formId, values)) ?? [
      { text: say(ctx, 'enterprises:wizard.closed'), buttons: [[menuButton(ctx)]] },
    ]
  );
}
