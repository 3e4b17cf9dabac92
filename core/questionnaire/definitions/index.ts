// Every questionnaire definition, all versions, oldest first. Answers record the version they were given
// against, so published versions stay here unchanged; a change of questions or option ids is a new version.
import type { QuestionnaireDefinition } from '../definition.ts';
import { enterpriseEvaluationV1 } from './enterprise-evaluation.ts';
import { expertEvaluationV1 } from './expert-evaluation.ts';
import { selfAssessmentV1, selfAssessmentV2 } from './self-assessment.ts';

export const QUESTIONNAIRES = {
  'self-assessment': [selfAssessmentV1, selfAssessmentV2],
  'enterprise-evaluation': [enterpriseEvaluationV1],
  'expert-evaluation': [expertEvaluationV1],
} as const satisfies Record<string, readonly QuestionnaireDefinition[]>;

export type QuestionnaireId = keyof typeof QUESTIONNAIRES;

function versionsOf(id: string): readonly QuestionnaireDefinition[] {
  const versions: readonly QuestionnaireDefinition[] | undefined = Object.hasOwn(QUESTIONNAIRES, id)
    ? QUESTIONNAIRES[id as QuestionnaireId]
    : undefined;
  if (!versions || versions.length === 0) {
    throw new Error(`Unknown questionnaire "${id}"; known: ${Object.keys(QUESTIONNAIRES).join(', ')}`);
  }
  return versions;
}

/** The newest version of a questionnaire: what new respondents get. */
export function latestDefinition(id: string): QuestionnaireDefinition {
  const versions = versionsOf(id);
  return versions[versions.length - 1]!;
}

/** A given version of a questionnaire: what stored answers were given against. */
export function definitionVersion(id: string, version: number): QuestionnaireDefinition {
  const found = versionsOf(id).find((d) => d.version === version);
  if (!found) {
    const known = versionsOf(id).map((d) => d.version);
    throw new Error(`Questionnaire "${id}" has no version ${version}; known versions: ${known.join(', ')}`);
  }
  return found;
}

/** Every definition of every questionnaire, for checks that must cover them all. */
export function allDefinitions(): QuestionnaireDefinition[] {
  return Object.values(QUESTIONNAIRES).flatMap((versions) => [...versions]);
}
