import { describe, expect, it } from 'vitest';
import { step } from '../../../core/questionnaire/engine.ts';
import { currentPage, submitPage } from '../../../core/questionnaire/pages.ts';
import { initialState } from '../../../core/questionnaire/state.ts';
import { fixtureV1, testEnv } from './fixtures.ts';

const fresh = () => initialState('fixture', 1, { patentType: 'DESIGN' });

describe('page mode', () => {
  it('hands out the first section with its visible questions and the page count', () => {
    const page = currentPage(fixtureV1, fresh())!;
    expect(page.section.id).toBe('basics');
    expect(page.questions.map((q) => q.id)).toEqual(['funded', 'trl', 'prospects']);
    expect(page).toMatchObject({ index: 1, total: 3 });
  });

  it('validates a page together and reports every bad field, accepting nothing', () => {
    const state = fresh();
    const result = submitPage(
      fixtureV1,
      state,
      'basics',
      { funded: 'perhaps', trl: '12', prospects: '4' },
      testEnv,
    );
    expect(Object.keys(result.errors).sort()).toEqual(['funded', 'trl']);
    expect(result.errors.trl).toEqual({ key: 'engine:error.trl_range', params: { max: 9 } });
    expect(result.state).toBe(state);
    expect(result.events).toEqual([]);
    expect(result.next?.section.id).toBe('basics');
  });

  it('reports a blank required field as required', () => {
    const result = submitPage(fixtureV1, fresh(), 'basics', { funded: true, trl: '', prospects: 3 }, testEnv);
    expect(result.errors).toEqual({ trl: { key: 'engine:error.required' } });
  });

  it('accepts a good page, emits an event per answer and moves to the next page', () => {
    const result = submitPage(
      fixtureV1,
      fresh(),
      'basics',
      { funded: true, trl: '6', prospects: 4 },
      testEnv,
    );
    expect(result.errors).toEqual({});
    expect(result.events.map((e) => e.type === 'answered' && e.questionId)).toEqual([
      'funded',
      'trl',
      'prospects',
    ]);
    expect(result.next?.section.id).toBe('transformation');
    expect(result.next?.questions.map((q) => q.id)).toEqual(['intention', 'fees']);
  });

  it('asks follow-ups revealed on the same page on a next page of the same section', () => {
    const s1 = submitPage(
      fixtureV1,
      fresh(),
      'basics',
      { funded: true, trl: '6', prospects: 4 },
      testEnv,
    ).state;
    const s2 = submitPage(
      fixtureV1,
      s1,
      'transformation',
      { intention: ['licence'], fees: ['lump'] },
      testEnv,
    );
    expect(s2.errors).toEqual({});
    expect(s2.next?.section.id).toBe('transformation');
    expect(s2.next?.questions.map((q) => q.id)).toEqual(['intention', 'licenceType', 'fees', 'price']);
    expect(s2.next?.values).toEqual({ intention: ['licence'], fees: ['lump'] });
  });

  it('validates a revealed follow-up in the same submission when the form carried it', () => {
    const s1 = submitPage(
      fixtureV1,
      fresh(),
      'basics',
      { funded: true, trl: '6', prospects: 4 },
      testEnv,
    ).state;
    const r = submitPage(
      fixtureV1,
      s1,
      'transformation',
      { intention: ['licence'], licenceType: 'sole', fees: ['lump'], price: '' },
      testEnv,
    );
    expect(r.errors).toEqual({ licenceType: { key: 'engine:error.choice_unknown', params: { count: 2 } } });
  });

  it('ends in the review, and the one-question engine continues from the same state', () => {
    const s1 = submitPage(
      fixtureV1,
      fresh(),
      'basics',
      { funded: true, trl: '6', prospects: 4 },
      testEnv,
    ).state;
    const s2 = submitPage(
      fixtureV1,
      s1,
      'transformation',
      { intention: ['transfer'], fees: ['lump'], price: '' },
      testEnv,
    ).state;
    expect(s2.skipped).toEqual(['price']);
    const s3 = submitPage(
      fixtureV1,
      s2,
      'other',
      { stability: 'yes', since: '', staff: '3', remarks: '' },
      testEnv,
    );
    expect(s3.next).toBeNull();
    expect(s3.state.phase).toBe('review');
    const submitted = step(fixtureV1, s3.state, { type: 'submit' }, testEnv);
    expect(submitted.state.phase).toBe('submitted');
    expect(submitted.events[0]).toMatchObject({ type: 'submitted', answers: { stability: true, staff: 3 } });
  });

  it('continues a one-question conversation in page mode at the section of the next open question', () => {
    const r = step(fixtureV1, fresh(), { type: 'start' }, testEnv);
    const r2 = step(fixtureV1, r.state, { type: 'answer', value: 'yes' }, testEnv);
    const page = currentPage(fixtureV1, r2.state)!;
    expect(page.section.id).toBe('basics');
    expect(page.values).toEqual({ funded: true });
  });
});
