// The persisted state of one questionnaire conversation. It is stored as JSON in the database and
// must survive code changes: the shape carries `schema` (this file's layout) and `version` (the
// questionnaire definition's version). Older layouts are upgraded explicitly in `parseState`.
import { z } from 'zod';
import { answerValue } from './answers.ts';
import { contextValue } from './definition.ts';

const stateV1 = z.object({
  schema: z.literal(1),
  questionnaireId: z.string(),
  version: z.number().int().min(1),
  answers: z.record(z.string(), answerValue),
  /** Optional questions the respondent chose to leave blank. */
  skipped: z.array(z.string()),
  context: z.record(z.string(), contextValue),
  phase: z.enum(['answering', 'review', 'submitted']),
  /** The question on screen in one-at-a-time mode. */
  current: z.string().nullable(),
  /** Questions asked so far, for "back". */
  history: z.array(z.string()),
  /** Multiple choice being ticked option by option (buttons), not yet confirmed. */
  pendingSelection: z.array(z.string()).nullable(),
});

export type EngineStateV1 = z.infer<typeof stateV1>;
export type EngineState = EngineStateV1;
export const CURRENT_STATE_SCHEMA = 1;

// When the layout changes: add stateV2, make `persistedState` a discriminated union on `schema`,
// and add the V1 → V2 step to `upgrade`, with a test that parses a stored V1 document.
const persistedState = z.discriminatedUnion('schema', [stateV1]);

function upgrade(state: z.infer<typeof persistedState>): EngineState {
  return state;
}

export class StateError extends Error {}

export function parseState(json: unknown): EngineState {
  const parsed = persistedState.safeParse(json);
  if (!parsed.success)
    throw new StateError(`unreadable questionnaire state: ${z.prettifyError(parsed.error)}`);
  return upgrade(parsed.data);
}

export function initialState(
  questionnaireId: string,
  version: number,
  context: EngineState['context'] = {},
): EngineState {
  return {
    schema: 1,
    questionnaireId,
    version,
    answers: {},
    skipped: [],
    context,
    phase: 'answering',
    current: null,
    history: [],
    pendingSelection: null,
  };
}
