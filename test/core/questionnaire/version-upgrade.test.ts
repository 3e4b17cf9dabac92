import { describe, expect, it } from 'vitest';
import { defineQuestionnaire } from '../../../core/questionnaire/definition.ts';
import { step } from '../../../core/questionnaire/engine.ts';
import { initialState } from '../../../core/questionnaire/state.ts';
import { type AnswerMigration, upgradeState } from '../../../core/questionnaire/version-upgrade.ts';
import { fixtureV1, testEnv } from './fixtures.ts';

// Version 2 renames "prospects" to "marketProspects", drops "staff", adds a required "field"
// question after "trl", and replaces the option "equity" by "shares".
const fixtureV2 = defineQuestionnaire({
  ...fixtureV1,
  version: 2,
  sections: fixtureV1.sections.map((s) => ({
    ...s,
    questions: s.questions
      .filter((q) => q.id !== 'staff')
      .flatMap((q) => {
        if (q.id === 'prospects') return [{ ...q, id: 'marketProspects' }];
        if (q.id === 'trl')
          return [q, { id: 'field', type: 'text' as const, label: 'fx:q.field', required: true }];
        if (q.id === 'intention' && q.type === 'multi_choice') {
          return [
            {
              ...q,
              options: q.options.map((o) =>
                o.id === 'equity' ? { ...o, id: 'shares', label: 'fx:opt.equity' } : o,
              ),
            },
          ];
        }
        return [q];
      }),
  })),
});

const v1ToV2: AnswerMigration = {
  questionnaireId: 'fixture',
  from: 1,
  to: 2,
  migrate: ({ prospects, intention, ...rest }) => ({
    ...rest,
    ...(prospects !== undefined ? { marketProspects: prospects } : {}),
    ...(Array.isArray(intention) ? { intention: intention.map((x) => (x === 'equity' ? 'shares' : x)) } : {}),
  }),
};

function answered(...values: string[]) {
  let state = step(
    fixtureV1,
    initialState('fixture', 1, { patentType: 'INVENTION' }),
    { type: 'start' },
    testEnv,
  ).state;
  for (const value of values) state = step(fixtureV1, state, { type: 'answer', value }, testEnv).state;
  return state;
}

describe('moving a half-finished response to a new definition version', () => {
  it('carries answers over through the migration and resumes at the same question', () => {
    const v1 = answered('yes', '4', '3', '3'); // ... intention = equity, now at fees
    expect(v1.current).toBe('fees');
    const { state, dropped } = upgradeState(v1, [fixtureV1, fixtureV2], [v1ToV2]);
    expect(dropped).toEqual([]);
    expect(state.version).toBe(2);
    expect(state.answers).toEqual({ funded: true, trl: 4, marketProspects: 3, intention: ['shares'] });
    // fees still exists, so the respondent stays there — but the new required question comes first
    // once fees is answered, because it is unresolved and earlier in the questionnaire.
    const resumed = step(fixtureV2, state, { type: 'start' }, testEnv);
    expect(resumed.replies[0]).toMatchObject({ kind: 'question', question: { id: 'fees' } });
    const next = step(fixtureV2, resumed.state, { type: 'answer', value: '1' }, testEnv);
    expect(next.replies[0]).toMatchObject({ kind: 'question', question: { id: 'field' } });
  });

  it('drops answers that no longer fit and reports them', () => {
    const v1 = answered('yes', '4', '3', '3', '1', '', '2024-01-01', '7');
    expect(v1.answers.staff).toBe(7);
    const { state, dropped } = upgradeState(v1, [fixtureV1, fixtureV2], []); // no migration: ids unchanged
    expect(dropped.sort()).toEqual(['intention', 'prospects', 'staff']);
    expect(state.answers).not.toHaveProperty('staff');
  });

  it('leaves a review when the new version asks something new', () => {
    const v1 = answered('yes', '4', '3', '1', '1', '', '', '', '');
    expect(v1.phase).toBe('review');
    const { state } = upgradeState(v1, [fixtureV1, fixtureV2], [v1ToV2]);
    expect(state.phase).toBe('answering');
    expect(step(fixtureV2, state, { type: 'start' }, testEnv).replies[0]).toMatchObject({
      question: { id: 'field' },
    });
  });

  it('never touches a submitted response and refuses states newer than the code', () => {
    const submitted = { ...answered('yes'), phase: 'submitted' as const };
    expect(upgradeState(submitted, [fixtureV1, fixtureV2], [v1ToV2]).state).toBe(submitted);
    expect(() => upgradeState({ ...answered(), version: 3 }, [fixtureV1, fixtureV2], [])).toThrow(/newer/);
  });
});
