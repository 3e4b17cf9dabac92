// Moving a half-finished response to a newer definition version is explicit code: each step from
// version n to n+1 may rename questions or map old option ids; whatever no longer fits the new
// definition is dropped and reported, and the respondent is asked it again.
import { type Answers, fitsQuestion } from './answers.ts';
import { allQuestions, type QuestionnaireDefinition } from './definition.ts';
import { firstUnresolved } from './engine.ts';
import type { EngineState } from './state.ts';

export interface AnswerMigration {
  questionnaireId: string;
  from: number;
  to: number;
  /** Returns the answers as the `to` version names and shapes them. */
  migrate(answers: Answers): Answers;
}

export interface UpgradeResult {
  state: EngineState;
  /** Question ids whose answers could not be carried over. */
  dropped: string[];
}

export function upgradeState(
  state: EngineState,
  versions: QuestionnaireDefinition[],
  migrations: AnswerMigration[],
): UpgradeResult {
  const target = versions.reduce((a, b) => (b.version > a.version ? b : a));
  if (state.version === target.version || state.phase === 'submitted') return { state, dropped: [] };
  if (state.version > target.version) {
    throw new Error(
      `${state.questionnaireId}: state v${state.version} is newer than the code (v${target.version})`,
    );
  }
  let answers = state.answers;
  for (let v = state.version; v < target.version; v++) {
    const migration = migrations.find((m) => m.questionnaireId === state.questionnaireId && m.from === v);
    if (migration && migration.to !== v + 1)
      throw new Error(`migration ${v}→${migration.to} must step by one`);
    answers = migration ? migration.migrate(answers) : answers;
  }
  const questions = new Map(allQuestions(target).map((q) => [q.id, q]));
  const kept: Answers = {};
  const dropped: string[] = [];
  for (const [id, value] of Object.entries(answers)) {
    const q = questions.get(id);
    if (q && fitsQuestion(q, value)) kept[id] = value;
    else dropped.push(id);
  }
  const known = (id: string) => questions.has(id);
  const currentStillThere = state.current !== null && known(state.current);
  const upgraded: EngineState = {
    ...state,
    version: target.version,
    answers: kept,
    skipped: state.skipped.filter((id) => questions.get(id)?.required === false),
    history: state.history.filter(known),
    current: currentStillThere ? state.current : null,
    pendingSelection: currentStillThere ? state.pendingSelection : null,
  };
  // A review is only valid if nothing new became unanswered.
  if (upgraded.phase === 'review' && firstUnresolved(target, upgraded)) {
    return { state: { ...upgraded, phase: 'answering', current: null }, dropped };
  }
  return { state: upgraded, dropped };
}
