import { describe, expect, it } from 'vitest';
import { type EngineInput, type EngineReply, step } from '../../../core/questionnaire/engine.ts';
import { type EngineState, initialState, parseState } from '../../../core/questionnaire/state.ts';
import { fixtureV1, testEnv } from './fixtures.ts';

type Run = { state: EngineState; replies: EngineReply[]; events: ReturnType<typeof step>['events'] };

function run(state: EngineState, ...inputs: EngineInput[]): Run {
  let current: Run = { state, replies: [], events: [] };
  for (const input of inputs) {
    const result = step(fixtureV1, current.state, input, testEnv);
    current = { state: result.state, replies: result.replies, events: [...current.events, ...result.events] };
  }
  return current;
}

const answer = (value: string | string[], questionId?: string): EngineInput => ({
  type: 'answer',
  value,
  ...(questionId ? { questionId } : {}),
});
const last = (r: Run) => r.replies.at(-1)!;
const asked = (r: Run) => {
  const reply = last(r);
  return reply.kind === 'question' ? reply.question.id : reply.kind;
};
const fresh = (patentType = 'INVENTION') => initialState('fixture', 1, { patentType });

describe('one question at a time', () => {
  it('asks the first question on start and shows the position among visible questions', () => {
    const r = run(fresh(), { type: 'start' });
    const reply = last(r);
    expect(reply.kind).toBe('question');
    if (reply.kind !== 'question') return;
    expect(reply.question.id).toBe('funded');
    expect(reply.position).toEqual({ index: 1, total: 8 });
    expect(reply.canGoBack).toBe(false);
    expect(reply.canSkip).toBe(false);
  });

  it('walks an invention through to review, branching on answers and context', () => {
    const r = run(fresh(), { type: 'start' }, answer('是'), answer('4'), answer('3'), answer('1,2'));
    expect(asked(r)).toBe('licenceType'); // shown because intention includes licence
    const r2 = run(r.state, answer('1'), answer('2'), answer('500'));
    // stability is only for utility models and designs: an invention goes straight to "since"
    expect(asked(r2)).toBe('since');
    const r3 = run(r2.state, answer(''), answer(''), answer(''));
    expect(last(r3).kind).toBe('review');
    expect(r3.state.phase).toBe('review');
    expect(r3.state.skipped).toEqual(['since', 'staff', 'remarks']);
  });

  it('asks the stability question for a utility model', () => {
    const r = run(
      fresh('UTILITY_MODEL'),
      { type: 'start' },
      answer('否'),
      answer('4'),
      answer('3'),
      answer('4'),
    );
    // "not now" hides licence type and fees; price depends only on intention being answered
    expect(asked(r)).toBe('price');
    expect(asked(run(r.state, answer('')))).toBe('stability');
  });

  it('emits one answered event per accepted answer, and none for rejected input', () => {
    const r = run(fresh(), { type: 'start' }, answer('maybe'), answer('yes'), answer('12'), answer('9'));
    expect(r.events).toEqual([
      { type: 'answered', questionId: 'funded', value: true },
      { type: 'answered', questionId: 'trl', value: 9 },
    ]);
  });

  it('answers bad input with the same question asked again with the reason, losing nothing', () => {
    const before = run(fresh(), { type: 'start' }, answer('yes'));
    const after = run(before.state, answer('12'));
    // one reply: the question again, carrying why (rendered briefly: the whole question is above)
    expect(after.replies).toHaveLength(1);
    expect(after.replies[0]).toMatchObject({
      kind: 'question',
      question: { id: 'trl' },
      retry: { key: 'engine:error.trl_range', params: { max: 9 } },
    });
    expect(after.state).toEqual(before.state);
  });

  it('refuses to skip a required question and skips an optional one', () => {
    const r = run(fresh(), { type: 'start' }, { type: 'skip' });
    expect(r.replies).toEqual([
      expect.objectContaining({ kind: 'question', retry: { key: 'engine:error.required' } }),
    ]);
    expect(asked(r)).toBe('funded');
  });

  it('goes back to the previous question showing its current answer, then forward again', () => {
    const r = run(fresh(), { type: 'start' }, answer('yes'), answer('5'), { type: 'back' });
    const reply = last(r);
    expect(reply).toMatchObject({ kind: 'question', question: { id: 'trl' }, current: 5, canGoBack: true });
    const r2 = run(r.state, answer('6'));
    expect(asked(r2)).toBe('prospects');
    expect(r2.state.answers.trl).toBe(6);
  });

  it('ignores a button from an older message and shows the current question', () => {
    const r = run(fresh(), { type: 'start' }, answer('yes'), answer('5'), answer('yes', 'funded'));
    expect(r.replies[0]).toEqual({ kind: 'notice', message: { key: 'engine:notice.stale_button' } });
    expect(asked(r)).toBe('prospects');
    expect(r.events).toHaveLength(2);
  });

  it('ticks multiple choice options by buttons, exclusive options clearing the others, then confirms', () => {
    const at = run(fresh(), { type: 'start' }, answer('yes'), answer('5'), answer('4'));
    const ticked = run(
      at.state,
      { type: 'toggle', questionId: 'intention', optionId: 'transfer' },
      { type: 'toggle', questionId: 'intention', optionId: 'equity' },
    );
    expect(last(ticked)).toMatchObject({ kind: 'question', selection: ['transfer', 'equity'] });
    const exclusive = run(ticked.state, { type: 'toggle', questionId: 'intention', optionId: 'notNow' });
    expect(last(exclusive)).toMatchObject({ selection: ['notNow'] });
    const back = run(exclusive.state, { type: 'toggle', questionId: 'intention', optionId: 'licence' });
    expect(last(back)).toMatchObject({ selection: ['licence'] });
    const confirmed = run(back.state, { type: 'confirm', questionId: 'intention' });
    expect(confirmed.events).toEqual([{ type: 'answered', questionId: 'intention', value: ['licence'] }]);
    expect(asked(confirmed)).toBe('licenceType');
    expect(confirmed.state.pendingSelection).toBeNull();
  });

  it('confirming an empty selection of a required multiple choice is an error', () => {
    const at = run(fresh(), { type: 'start' }, answer('yes'), answer('5'), answer('4'));
    const r = run(at.state, { type: 'confirm', questionId: 'intention' });
    expect(r.replies[0]).toMatchObject({ kind: 'error', error: { key: 'engine:error.choice_too_few' } });
  });
});

describe('review, edit and submit', () => {
  const complete = () =>
    run(
      fresh(),
      { type: 'start' },
      answer('yes'),
      answer('4'),
      answer('3'),
      answer('1,2'),
      answer('1'),
      answer('2'),
      answer('500'),
      answer('2024-01-02'),
      answer(''),
      answer('ok'),
    );

  it('lists every visible question with its answer, marking skipped ones', () => {
    const reply = last(complete());
    expect(reply.kind).toBe('review');
    if (reply.kind !== 'review') return;
    expect(reply.items.map((i) => i.question.id)).toEqual([
      'funded',
      'trl',
      'prospects',
      'intention',
      'licenceType',
      'fees',
      'price',
      'since',
      'staff',
      'remarks',
    ]);
    expect(reply.items.find((i) => i.question.id === 'staff')).toMatchObject({ skipped: true });
    expect(reply.missing).toEqual([]);
  });

  it('edits one answer from the review and returns to the review', () => {
    const r = run(complete().state, { type: 'edit', questionId: 'trl' }, answer('8'));
    expect(last(r).kind).toBe('review');
    expect(r.state.answers.trl).toBe(8);
  });

  it('asks follow-ups that an edit reveals before returning to the review', () => {
    const base = run(
      fresh(),
      { type: 'start' },
      answer('yes'),
      answer('4'),
      answer('3'),
      answer('1'),
      answer('2'),
      answer(''),
      answer(''),
      answer(''),
      answer(''),
    );
    expect(last(base).kind).toBe('review');
    const r = run(base.state, { type: 'edit', questionId: 'intention' }, answer('1,2'));
    expect(asked(r)).toBe('licenceType');
    expect(last(run(r.state, answer('2'))).kind).toBe('review');
  });

  it('submits only the answers to visible questions', () => {
    const base = complete();
    // switching to "not now" hides licence type and fees; their old answers must not be submitted
    const edited = run(base.state, { type: 'edit', questionId: 'intention' }, answer('4'));
    const submitted = run(edited.state, { type: 'submit' });
    expect(submitted.state.phase).toBe('submitted');
    const event = submitted.events.at(-1)!;
    expect(event.type).toBe('submitted');
    if (event.type !== 'submitted') return;
    expect(event.answers).not.toHaveProperty('licenceType');
    expect(event.answers).not.toHaveProperty('fees');
    expect(event.answers.intention).toEqual(['notNow']);
  });

  it('refuses to submit with required questions missing and takes the respondent to the first one', () => {
    const r = run(fresh(), { type: 'start' }, answer('yes'), { type: 'review' }, { type: 'submit' });
    expect(r.replies[0]).toMatchObject({ kind: 'error', error: { key: 'engine:error.incomplete' } });
    expect(asked(r)).toBe('trl');
    expect(r.state.phase).toBe('answering');
  });

  it('does nothing more once submitted', () => {
    const done = run(complete().state, { type: 'submit' });
    const again = run(done.state, answer('yes'), { type: 'submit' });
    expect(again.events).toHaveLength(0);
    expect(last(again)).toEqual({ kind: 'notice', message: { key: 'engine:notice.already_submitted' } });
  });

  it('treats typed text in the review as a request to use the review actions', () => {
    const r = run(complete().state, answer('hello'));
    expect(r.replies[0]).toEqual({ kind: 'notice', message: { key: 'engine:notice.use_review_actions' } });
    expect(last(r).kind).toBe('review');
  });
});

describe('resuming', () => {
  it('resumes at the same question from the persisted JSON state', () => {
    const r = run(fresh(), { type: 'start' }, answer('yes'), answer('5'));
    const stored = JSON.parse(JSON.stringify(r.state));
    const resumed = run(parseState(stored), { type: 'start' });
    expect(asked(resumed)).toBe('prospects');
    expect(resumed.events).toHaveLength(0);
  });

  it('rejects a state that is not a questionnaire state', () => {
    expect(() => parseState({ schema: 99 })).toThrow(/unreadable questionnaire state/);
  });

  it('refuses to run a state against another definition version', () => {
    expect(() => step(fixtureV1, initialState('fixture', 2), { type: 'start' }, testEnv)).toThrow(/upgrade/);
  });
});
