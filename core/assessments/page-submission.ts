// Page mode persistence (Slack modals): a whole page of answers validated together by submitPage
// and, when it is valid, written at once with the same revision check and submission hooks as a
// single step (response-store.ts). A page with errors writes nothing.
import type { Db } from '../db/database.ts';
import type { Msg } from '../i18n.ts';
import type { QuestionnaireDefinition } from '../questionnaire/definition.ts';
import { currentPage, type Page, type PageSubmission, submitPage } from '../questionnaire/pages.ts';
import type { ParseEnv, RawAnswer } from '../questionnaire/parsers/index.ts';
import {
  definitionFor,
  persistStep,
  type ResponseHooks,
  type ResponseKind,
  type StoredResponse,
  upgradeIfNeeded,
  withRevisionRetry,
} from './response-store.ts';

export type PageOutcome =
  /** Nothing stored: per-field errors, and the same page to show again. */
  | { outcome: 'INVALID'; errors: Record<string, Msg>; page: Page | null; def: QuestionnaireDefinition }
  /** Stored; the next page to show. */
  | { outcome: 'NEXT_PAGE'; page: Page; def: QuestionnaireDefinition; response: StoredResponse }
  /** Stored; every visible question is resolved: the review comes next. */
  | { outcome: 'REVIEW'; def: QuestionnaireDefinition; response: StoredResponse }
  /** The response is no longer a draft (submitted elsewhere, e.g. in another chat). */
  | { outcome: 'CLOSED'; def: QuestionnaireDefinition; response: StoredResponse };

function definitionOf(hooks: ResponseHooks, response: StoredResponse) {
  const state = upgradeIfNeeded(response.state);
  return { state, def: hooks.definition ? hooks.definition(state) : definitionFor(state) };
}

/** The page a respondent should see now (resume from the saved state), or null for the review. */
export async function openPage(
  response: StoredResponse,
  hooks: ResponseHooks = {},
): Promise<{ page: Page | null; def: QuestionnaireDefinition }> {
  const { state, def } = definitionOf(hooks, response);
  return { page: currentPage(def, state), def };
}

export async function submitPageStep(
  db: Db,
  kind: ResponseKind,
  id: string,
  sectionId: string,
  values: Record<string, RawAnswer>,
  env: ParseEnv,
  now: Date,
  hooks: ResponseHooks = {},
): Promise<PageOutcome> {
  return withRevisionRetry<PageOutcome>(db, kind, id, async (response) => {
    const { state, def } = definitionOf(hooks, response);
    if (response.status === 'SUBMITTED' || state.phase === 'submitted') {
      return { result: { outcome: 'CLOSED', def, response }, written: true };
    }
    const submission: PageSubmission = submitPage(def, state, sectionId, values, env);
    if (Object.keys(submission.errors).length > 0) {
      return {
        result: { outcome: 'INVALID', errors: submission.errors, page: submission.next, def },
        written: true,
      };
    }
    const changed = submission.state !== state || submission.events.length > 0;
    const written = changed
      ? await persistStep(db, response, submission.state, submission.events, now, hooks)
      : true;
    const stored: StoredResponse = changed
      ? { ...response, state: submission.state, revision: response.revision + 1 }
      : response;
    const result: PageOutcome = submission.next
      ? { outcome: 'NEXT_PAGE', page: submission.next, def, response: stored }
      : { outcome: 'REVIEW', def, response: stored };
    return { result, written };
  });
}
