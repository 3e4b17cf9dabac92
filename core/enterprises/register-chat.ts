// Registering an enterprise in chat: the person's name (for someone who came in through the public
// link), the enterprise's name, unified social credit code (checked as typed, and refused at once
// when it is already registered), region, types, industries, IPC fields, keywords and needs; a
// review; then the enterprise exists as PENDING, the registrant is its administrator, and the
// bureau officers of its province are asked to verify it.
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { Refusal } from '../errors.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { step } from '../questionnaire/engine.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';
import { initialState } from '../questionnaire/state.ts';
import type { EnterpriseRegistrationDraft } from './chat-state.ts';
import { describeEnterprise } from './describe.ts';
import { findByCreditCode, registerEnterprise, reportDuplicateRegistration } from './enterprises.ts';
import {
  checkCreditCode,
  checkIpcInterestsOrWords,
  checkKeywords,
  checkName,
  checkNeeds,
  checkRegion,
  type EnterpriseInput,
  enterpriseInputSchema,
  type FieldResult,
  firstProblem,
  typeFromOptionId,
} from './fields.ts';
import { enterpriseRegistrationV1 } from './questionnaire.ts';
import {
  askAgain,
  currentDraft,
  type FieldCheck,
  setDraft,
  show,
  type Wizard,
  type WizardStep,
  wizardInput,
  wizardOpenForm,
  wizardSubmitForm,
} from './wizard.ts';

const DEF = enterpriseRegistrationV1;

const asCheck = <T>(result: FieldResult<T>, value: (v: T) => RawAnswer): FieldCheck =>
  result.ok ? { ok: true, value: value(result.value) } : result;

/**
 * The typed answers the question types cannot judge, checked by the fields' own validators. IPC
 * interests may hold words, each standing for the one subclass it matches (a form's text field;
 * in the chat, words open the picker first: ipc-picker.ts).
 */
export function checkTyped(questionId: string, raw: RawAnswer, locale: Locale = DEFAULT_LOCALE): FieldCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: true, value: raw };
  switch (questionId) {
    case 'name':
      return asCheck(checkName(raw), (v) => v);
    case 'creditCode':
      return asCheck(checkCreditCode(raw), (v) => v);
    case 'region':
      return asCheck(checkRegion(raw), (v) => v);
    case 'ipcInterests':
      return asCheck(checkIpcInterestsOrWords(raw, locale), (v) => v.join(', '));
    case 'keywords':
      return asCheck(checkKeywords(raw), (v) => v.join(', '));
    case 'needs':
      return asCheck(checkNeeds(raw), (v) => v ?? '');
    default:
      return { ok: true, value: raw };
  }
}

const text = (answers: Answers, id: string) =>
  typeof answers[id] === 'string' ? (answers[id] as string) : undefined;
const ids = (answers: Answers, id: string) => (Array.isArray(answers[id]) ? (answers[id] as string[]) : []);

/** The needs profile the answers describe (registration and /profile ask the same questions). */
export function profileFromAnswers(answers: Answers) {
  return {
    types: ids(answers, 'types').flatMap((id) => typeFromOptionId(id) ?? []),
    industries: ids(answers, 'industries'),
    ipcInterests: text(answers, 'ipcInterests') ?? [],
    keywords: text(answers, 'keywords') ?? [],
    needs: text(answers, 'needs') ?? null,
  };
}

export function registrationFromAnswers(answers: Answers): EnterpriseInput {
  return {
    name: text(answers, 'name') ?? '',
    creditCode: text(answers, 'creditCode') ?? '',
    region: text(answers, 'region') ?? '',
    ...profileFromAnswers(answers),
  };
}

const REGISTRATION: Wizard<'enterprise-register'> = {
  flow: 'enterprise-register',
  def: DEF,
  formPrefix: 'er:',
  heading: 'enterprises:register.heading',
  async check(ctx, _draft, questionId, raw) {
    const checked = checkTyped(questionId, raw, ctx.locale);
    if (!checked.ok || questionId !== 'creditCode' || typeof checked.value !== 'string') return checked;
    // Already registered: said at once, and its administrators learn that a colleague is looking.
    const existing = await findByCreditCode(ctx.db, checked.value);
    if (!existing) return checked;
    await reportDuplicateRegistration(ctx.db, existing.id, ctx.actor.personId, ctx.clock.now());
    ctx.logger.info({ enterpriseId: existing.id }, 'registration of an enterprise already registered');
    return { ok: false, error: { key: 'enterprises:refusal.already_registered' } };
  },
  submit: submitRegistration,
};

async function submitRegistration(
  ctx: ChatContext,
  draft: EnterpriseRegistrationDraft,
): Promise<WizardStep<EnterpriseRegistrationDraft>> {
  const answers = draft.state.answers;
  const input = registrationFromAnswers(answers);
  const parsed = enterpriseInputSchema.safeParse(input);
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    return askAgain(ctx, REGISTRATION, draft, problem.error, problem.field);
  }
  // A second tap on "submit" (or a replayed update) after it went through: the same enterprise.
  const existing = await findByCreditCode(ctx.db, parsed.data.creditCode);
  const mine =
    existing && ctx.actor.roles.some((r) => r.role === 'ENTERPRISE_ADMIN' && r.enterpriseId === existing.id);
  if (mine) return { next: null, result: submitted(ctx, existing) };
  try {
    const { enterprise, notified } = await registerEnterprise(
      ctx.db,
      { personId: ctx.actor.personId, channel: ctx.channel, name: text(answers, 'personName') ?? null },
      input,
      ctx.clock.now(),
    );
    ctx.logger.info({ enterpriseId: enterprise.id, notified }, 'enterprise registered from chat');
    return { next: null, result: submitted(ctx, enterprise) };
  } catch (error) {
    if (error instanceof Refusal && error.reason.key === 'enterprises:refusal.already_registered')
      return askAgain(ctx, REGISTRATION, draft, error.reason, 'creditCode');
    throw error;
  }
}

function submitted(
  ctx: ChatContext,
  enterprise: Parameters<typeof describeEnterprise>[0],
): OutgoingMessage[] {
  return [
    {
      text: [
        say(ctx, 'enterprises:register.submitted', { name: enterprise.name }),
        '',
        ...describeEnterprise(enterprise, ctx.locale, { status: true }),
        '',
        say(ctx, 'enterprises:register.pending_hint'),
      ].join('\n'),
      buttons: [[menuButton(ctx)]],
    },
  ];
}

// ---------------------------------------------------------------- entry points

/** `/register` (and `/start register`): opens the registration, or resumes it. */
export async function startRegistration(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const staff = ctx.actor.roles.find((r) => r.role === 'ENTERPRISE_STAFF' && r.enterpriseId);
  if (staff) {
    const enterprise = await ctx.db.enterprise.findUnique({ where: { id: staff.enterpriseId! } });
    if (enterprise) {
      return [
        {
          text: say(ctx, 'enterprises:register.already_member', {
            name: enterprise.name,
            status: say(ctx, `enterprises:status.${enterprise.status}`),
          }),
          buttons: [[menuButton(ctx)]],
        },
      ];
    }
  }
  const existing = currentDraft(ctx, 'enterprise-register');
  if (existing) {
    return [{ text: say(ctx, 'enterprises:register.resumed') }, ...show(ctx, REGISTRATION, existing.state)];
  }
  // Someone who came in through the public link holds no role yet: they are asked their name first.
  const roles = await ctx.db.roleAssignment.count({ where: { personId: ctx.actor.personId } });
  const context = { newPerson: roles === 0 };
  const state = step(DEF, initialState(DEF.id, DEF.version, context), { type: 'start' }, ctx.parseEnv).state;
  await setDraft(ctx, 'enterprise-register', { state });
  ctx.logger.info({ newPerson: context.newPerson }, 'enterprise registration started');
  return [{ text: say(ctx, 'enterprises:register.intro') }, ...show(ctx, REGISTRATION, state)];
}

export const continueRegistration = (ctx: ChatContext, input: Parameters<typeof wizardInput>[2]) =>
  wizardInput(ctx, REGISTRATION, input);
export const openRegistrationForm = (ctx: ChatContext) => wizardOpenForm(ctx, REGISTRATION);
export async function submitRegistrationForm(
  ctx: ChatContext,
  formId: string,
  values: Record<string, RawAnswer>,
): Promise<OutgoingMessage[]> {
  return (
    (await wizardSubmitForm(ctx, REGISTRATION, formId, values)) ?? [
      { text: say(ctx, 'enterprises:wizard.closed'), buttons: [[menuButton(ctx)]] },
    ]
  );
}
