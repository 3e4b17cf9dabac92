// An administrator registers an institution in chat (/institution): Chinese and English names, code,
// kind, unified social credit code, province and city, and optionally its colleges one per line; each
// answer is checked as typed (a taken code or credit code is said at once), then a review, then the
// same use case as the command line (registerInstitution) creates it all in one transaction. One
// question at a time in Telegram and the terminal, a page at a time as a form in Slack. The draft is
// kept in the person's conversation (core/chat/conversation.ts, flow `institution-register`).
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, openFormButton, say } from '../chat/context.ts';
import { IDLE } from '../chat/conversation.ts';
import { fieldErrorsText, renderPageForm } from '../chat/render-form.ts';
import { renderEngineReplies } from '../chat/render-questionnaire.ts';
import { Refusal } from '../errors.ts';
import { type Msg, msg } from '../i18n.ts';
import { authorize } from '../people/authorize.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { allQuestions } from '../questionnaire/definition.ts';
import {
  type EngineInput,
  type EngineReply,
  missingRequired,
  questionReply,
  reviewReply,
  step,
} from '../questionnaire/engine.ts';
import { currentPage, type Page, pageFor, submitPage } from '../questionnaire/pages.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';
import { type EngineState, initialState } from '../questionnaire/state.ts';
import { regionName, resolveProvince, resolveRegion } from '../regions/regions.ts';
import { institutionWizardAction } from './actions.ts';
import type { InstitutionRegistrationDraft } from './chat-state.ts';
import {
  checkInstitutionField,
  type InstitutionField,
  normaliseCode,
  parseCollegeLines,
  type RawInstitution,
  validateCollege,
  validateInstitution,
} from './fields.ts';
import { findInstitution, InvalidInstitutionInput, registerInstitution } from './institutions.ts';
import { institutionRegistrationV1, KIND_OPTIONS } from './questionnaire.ts';
import { renderInstitution } from './report.ts';

const DEF = institutionRegistrationV1;
const FLOW = 'institution-register';
const FORM_PREFIX = 'ir:';
const HEADING = 'institutions:register.heading';

type Draft = InstitutionRegistrationDraft;
type Check = { ok: true; value: RawAnswer } | { ok: false; error: Msg };
type Step = { next: Draft | null; result: OutgoingMessage[] };

// ------------------------------------------------------------------------------ the draft

function currentDraft(ctx: ChatContext): Draft | null {
  const state = ctx.conversation.state;
  return state.flow === FLOW ? state.draft : null;
}

/** Applies `change` to the open draft and stores the result (null ends the wizard); null without one. */
async function updateDraft(ctx: ChatContext, change: (draft: Draft) => Promise<Step>) {
  return ctx.conversation.update(async (state) => {
    if (state.flow !== FLOW) return { next: state, result: null };
    const { next, result } = await change(state.draft);
    if (next === state.draft) return { next: state, result };
    return { next: next ? { flow: FLOW, draft: next } : IDLE, result };
  });
}

// ------------------------------------------------------------------------------ checks as typed

const text = (answers: Answers, id: string): string | undefined =>
  typeof answers[id] === 'string' && (answers[id] as string).trim() !== ''
    ? (answers[id] as string)
    : undefined;

/** One typed answer, beyond its question type; the value passed on is what the draft keeps. */
async function check(ctx: ChatContext, answers: Answers, questionId: string, raw: RawAnswer): Promise<Check> {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: true, value: raw };
  const field = (f: 'code' | 'nameZh' | 'nameEn' | 'creditCode'): Check => {
    const checked = checkInstitutionField(f, raw);
    return checked.ok ? { ok: true, value: checked.value } : { ok: false, error: checked.reason };
  };
  switch (questionId) {
    case 'nameZh':
    case 'nameEn':
      return field(questionId);
    case 'code': {
      const checked = field('code');
      if (!checked.ok) return checked;
      const holder = await findInstitution(ctx.db, checked.value as string);
      if (!holder) return checked;
      return {
        ok: false,
        error: msg('institutions:refusal.code_taken', { code: holder.code, name: holder.nameZh }),
      };
    }
    case 'creditCode': {
      const checked = field('creditCode');
      if (!checked.ok) return checked;
      const holder = await ctx.db.institution.findUnique({ where: { creditCode: checked.value as string } });
      if (!holder) return checked;
      return {
        ok: false,
        error: msg('institutions:refusal.credit_code_taken', {
          creditCode: holder.creditCode!,
          code: holder.code,
          name: holder.nameZh,
        }),
      };
    }
    case 'province': {
      const province = resolveProvince(raw);
      if (!province) return { ok: false, error: msg('regions:error.unknown_province', { code: raw.trim() }) };
      return { ok: true, value: regionName(province, ctx.locale) };
    }
    case 'city': {
      const region = resolveRegion(text(answers, 'province') ?? '', raw);
      if (!region.ok) return { ok: false, error: region.reason };
      return { ok: true, value: region.city ? regionName(region.city, ctx.locale) : raw };
    }
    case 'colleges':
      return checkColleges(ctx, answers, raw);
    default:
      return { ok: true, value: raw };
  }
}

/** Every college line checked; the first bad line is named with its number and reason. */
function checkColleges(ctx: ChatContext, answers: Answers, raw: string): Check {
  const university = normaliseCode(text(answers, 'code') ?? 'X');
  const seen = new Set<string>();
  const lines = parseCollegeLines(raw);
  for (const [index, line] of lines.entries()) {
    const result = validateCollege(line, university);
    const reason = !result.ok
      ? result.issues[0]!.reason
      : seen.has(result.value.code)
        ? msg('institutions:invalid.college_twice', { value: result.value.code })
        : null;
    if (reason) {
      return {
        ok: false,
        error: msg('institutions:chat.college_line', {
          line: index + 1,
          reason: say(ctx, reason.key, reason.params),
        }),
      };
    }
    if (result.ok) seen.add(result.value.code);
  }
  return { ok: true, value: raw.trim() };
}

// ------------------------------------------------------------------------------ messages

const cancelRow = (ctx: ChatContext) => [
  button(ctx, 'institutions:chat.cancel', institutionWizardAction.to({ step: 'cancel' })),
];

function engineMessages(ctx: ChatContext, replies: EngineReply[]): OutgoingMessage[] {
  const rendered = renderEngineReplies(replies, { locale: ctx.locale, title: say(ctx, HEADING) });
  return rendered.map((message, i) => {
    const kind = replies[i]?.kind;
    // An institution's registration is public information, not assessment data.
    const plain = { ...message, confidential: false };
    if (kind !== 'question' && kind !== 'review') return plain;
    const formRow = ctx.supportsForms && kind === 'question' ? [[openFormButton(ctx)]] : [];
    return { ...plain, buttons: [...(message.buttons ?? []), ...formRow, cancelRow(ctx)] };
  });
}

function formMessage(ctx: ChatContext, page: Page, errors?: Record<string, string>): OutgoingMessage {
  const form = renderPageForm(page, DEF, {
    locale: ctx.locale,
    formId: `${FORM_PREFIX}${page.section.id}`,
    title: say(ctx, page.section.title),
  });
  return {
    text: errors
      ? say(ctx, 'questionnaire-ui:form.has_errors', { count: Object.keys(errors).length })
      : say(ctx, 'institutions:chat.form_page', { progress: form.progress }),
    form: errors ? { ...form, errors } : form,
    buttons: [cancelRow(ctx)],
  };
}

/** Where the draft stands: the current page as a form where forms exist, else the question or review. */
function show(ctx: ChatContext, state: EngineState): OutgoingMessage[] {
  const page = ctx.supportsForms && state.phase === 'answering' ? currentPage(DEF, state) : null;
  if (page) return [formMessage(ctx, page)];
  return engineMessages(ctx, step(DEF, state, { type: 'start' }, ctx.parseEnv).replies);
}

/** Back to a question with the reason it must be answered again. */
function askAgain(ctx: ChatContext, draft: Draft, error: Msg, questionId: string): Step {
  const edited = step(DEF, { ...draft.state, phase: 'review' }, { type: 'edit', questionId }, ctx.parseEnv);
  return {
    next: { ...draft, state: edited.state },
    result: engineMessages(ctx, [{ kind: 'error', error, questionId }, ...edited.replies]),
  };
}

// ------------------------------------------------------------------------------ submission

function inputFromAnswers(answers: Answers): RawInstitution & { colleges: RawInstitution[] } {
  const kind = text(answers, 'kind') as keyof typeof KIND_OPTIONS | undefined;
  return {
    code: text(answers, 'code'),
    nameZh: text(answers, 'nameZh'),
    nameEn: text(answers, 'nameEn'),
    kind: kind ? KIND_OPTIONS[kind] : undefined,
    creditCode: text(answers, 'creditCode'),
    province: text(answers, 'province'),
    city: text(answers, 'city'),
    colleges: parseCollegeLines(text(answers, 'colleges') ?? ''),
  };
}

const QUESTION_OF: Partial<Record<InstitutionField, string>> = {
  code: 'code',
  nameZh: 'nameZh',
  nameEn: 'nameEn',
  kind: 'kind',
  creditCode: 'creditCode',
  province: 'province',
  city: 'city',
};

async function submit(ctx: ChatContext, draft: Draft): Promise<Step> {
  const input = inputFromAnswers(draft.state.answers);
  // The institution's own fields first, so that a problem is asked again at its own question.
  const checked = validateInstitution(input);
  if (!checked.ok) {
    const first = checked.issues[0]!;
    return askAgain(ctx, draft, first.reason, QUESTION_OF[first.field] ?? 'code');
  }
  try {
    const institution = await registerInstitution(ctx.db, ctx.actor, input, ctx.clock.now());
    ctx.logger.info(
      { institutionId: institution.id, code: institution.code },
      'institution registered from chat',
    );
    return {
      next: null,
      result: [
        {
          text: [
            say(ctx, 'institutions:cli.registered', { code: institution.code, name: institution.nameZh }),
            '',
            renderInstitution(institution, ctx.locale),
          ].join('\n'),
          buttons: [[menuButton(ctx)]],
        },
      ],
    };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    // Taken meanwhile, or a college's code: back to the question that can fix it.
    const key = error.reason.key;
    const questionId =
      key === 'institutions:refusal.credit_code_taken'
        ? 'creditCode'
        : key === 'institutions:refusal.code_taken' && error.reason.params?.code === checked.value.code
          ? 'code'
          : error instanceof InvalidInstitutionInput || key === 'institutions:refusal.code_taken'
            ? 'colleges'
            : null;
    if (questionId === null) throw error;
    return askAgain(ctx, draft, error.reason, questionId);
  }
}

// ------------------------------------------------------------------------------ entry points

/** `/institution` (or its button): opens the registration for an administrator, or resumes it. */
export async function startRegistration(ctx: ChatContext): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'institution.register');
  const existing = currentDraft(ctx);
  if (existing) return [{ text: say(ctx, 'institutions:register.resumed') }, ...show(ctx, existing.state)];
  const state = step(DEF, initialState(DEF.id, DEF.version), { type: 'start' }, ctx.parseEnv).state;
  await ctx.conversation.set({ flow: FLOW, draft: { state } });
  ctx.logger.info('institution registration started');
  return [{ text: say(ctx, 'institutions:register.intro') }, ...show(ctx, state)];
}

export async function cancelRegistration(ctx: ChatContext): Promise<OutgoingMessage[]> {
  if (currentDraft(ctx)) await ctx.conversation.set(IDLE);
  return [{ text: say(ctx, 'institutions:chat.cancelled'), buttons: [[menuButton(ctx)]] }];
}

/** Input while the wizard is open (typed text, engine buttons, /back, /skip, /review, /submit). */
export async function continueRegistration(ctx: ChatContext, input: EngineInput) {
  return updateDraft(ctx, async (draft): Promise<Step> => {
    const state = draft.state;
    if (input.type === 'submit') {
      // Nothing is submitted unseen: /submit while answering shows the review first.
      const first = state.phase === 'review' ? 'submit' : 'review';
      if (first === 'review' || missingRequired(DEF, state).length > 0) {
        const result = step(DEF, state, { type: first }, ctx.parseEnv);
        return { next: { ...draft, state: result.state }, result: engineMessages(ctx, result.replies) };
      }
      return submit(ctx, draft);
    }
    let accepted = input;
    const current =
      state.phase === 'answering' ? allQuestions(DEF).find((q) => q.id === state.current) : undefined;
    if (input.type === 'answer' && current && (input.questionId ?? current.id) === current.id) {
      const checked = await check(ctx, state.answers, current.id, input.value);
      if (!checked.ok) {
        const replies: EngineReply[] = [
          { kind: 'error', error: checked.error, questionId: current.id },
          questionReply(DEF, state, current),
        ];
        return { next: draft, result: engineMessages(ctx, replies) };
      }
      accepted = { ...input, value: checked.value };
    }
    const result = step(DEF, state, accepted, ctx.parseEnv);
    return { next: { ...draft, state: result.state }, result: engineMessages(ctx, result.replies) };
  });
}

/** The wizard's current page as a form; null when it is not open. */
export async function openRegistrationForm(ctx: ChatContext): Promise<OutgoingMessage[] | null> {
  const draft = currentDraft(ctx);
  if (!draft) return null;
  const page = currentPage(DEF, draft.state);
  return page ? [formMessage(ctx, page)] : show(ctx, draft.state);
}

/** A submitted page: checked field by field (in the page's order) as typed answers are. */
export async function submitRegistrationForm(
  ctx: ChatContext,
  formId: string,
  values: Record<string, RawAnswer>,
): Promise<OutgoingMessage[]> {
  const handled = await updateDraft(ctx, async (draft): Promise<Step> => {
    const sectionId = formId.slice(FORM_PREFIX.length);
    const section = DEF.sections.find((s) => s.id === sectionId);
    if (!formId.startsWith(FORM_PREFIX) || !section)
      throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
    const answers: Answers = { ...draft.state.answers };
    const checkedValues: Record<string, RawAnswer> = {};
    const errors: Record<string, Msg> = {};
    for (const question of section.questions) {
      if (!(question.id in values)) continue;
      const raw = values[question.id] ?? null;
      const checked = await check(ctx, answers, question.id, raw);
      if (!checked.ok) {
        errors[question.id] = checked.error;
        continue;
      }
      checkedValues[question.id] = checked.value;
      if (typeof checked.value === 'string') answers[question.id] = checked.value;
    }
    const submission = submitPage(DEF, draft.state, sectionId, checkedValues, ctx.parseEnv);
    const allErrors = { ...submission.errors, ...errors };
    if (Object.keys(allErrors).length > 0) {
      const shown = pageFor(DEF, draft.state, sectionId);
      if (!shown) throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${formId}`);
      return { next: draft, result: [formMessage(ctx, shown, fieldErrorsText(allErrors, ctx.locale))] };
    }
    const next = { ...draft, state: submission.state };
    if (submission.next) return { next, result: [formMessage(ctx, submission.next)] };
    return { next, result: engineMessages(ctx, [reviewReply(DEF, submission.state)]) };
  });
  return handled ?? [{ text: say(ctx, 'institutions:chat.closed'), buttons: [[menuButton(ctx)]] }];
}
