// Which enterprise evaluated a patent, as a given reader may see it. An enterprise that did not
// consent to be contacted (the evaluation's contactConsent answer) is named only to itself and to
// administrators ('evaluation.identifyEnterprise' in core/people/authorize.ts); inventors,
// coordinators, bureau officers and the files they export read an anonymous label instead. Every
// place that shows an evaluation's enterprise goes through enterpriseNameFor.
import { type Locale, t } from '../i18n.ts';
import { may, type Operator } from '../people/authorize.ts';

export const CONTACT_CONSENT = 'contactConsent';

export interface EvaluationByEnterprise {
  enterpriseId: string;
  enterpriseName: string;
  /** The evaluation's stored answers; only the consent matters here. */
  answers: readonly { questionId: string; value: unknown }[];
}

/** The enterprise agreed to be contacted: only an explicit yes counts. */
export const consentsToContact = (answers: EvaluationByEnterprise['answers']): boolean =>
  answers.some((a) => a.questionId === CONTACT_CONSENT && a.value === true);

/** The enterprise's name, or "一家企业（未同意公开身份）" for a reader it did not agree to be named to. */
export function enterpriseNameFor(
  viewer: Operator,
  evaluation: EvaluationByEnterprise,
  locale: Locale,
): string {
  const named = may(viewer, 'evaluation.identifyEnterprise', {
    enterpriseId: evaluation.enterpriseId,
    contactConsent: consentsToContact(evaluation.answers),
  });
  return named ? evaluation.enterpriseName : t(locale, 'chat:feedback.anonymous');
}
