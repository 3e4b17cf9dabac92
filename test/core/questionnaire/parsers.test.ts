import { describe, expect, it } from 'vitest';
import { allQuestions, type Question } from '../../../core/questionnaire/definition.ts';
import { toIsoDate } from '../../../core/questionnaire/parsers/date.ts';
import { parseAnswer } from '../../../core/questionnaire/parsers/index.ts';
import { fixtureV1, testEnv } from './fixtures.ts';

const q = (id: string): Question => allQuestions(fixtureV1).find((x) => x.id === id)!;
const parse = (id: string, raw: Parameters<typeof parseAnswer>[1]) => parseAnswer(q(id), raw, testEnv);
const errorKey = (id: string, raw: Parameters<typeof parseAnswer>[1]) => {
  const r = parse(id, raw);
  return r.ok ? `accepted ${JSON.stringify(r.value)}` : r.error.key;
};

describe('single choice', () => {
  it('accepts an option id, its number and its label in either language', () => {
    expect(parse('licenceType', 'exclusive')).toEqual({ ok: true, value: 'exclusive' });
    expect(parse('licenceType', '1')).toEqual({ ok: true, value: 'ordinary' });
    expect(parse('licenceType', '２')).toEqual({ ok: true, value: 'exclusive' });
    expect(parse('licenceType', '普通许可')).toEqual({ ok: true, value: 'ordinary' });
    expect(parse('licenceType', 'exclusive licence')).toEqual({ ok: true, value: 'exclusive' });
  });
  it('rejects unknown options, out-of-range numbers and blanks', () => {
    expect(errorKey('licenceType', 'sole')).toBe('engine:error.choice_unknown');
    expect(errorKey('licenceType', '3')).toBe('engine:error.choice_unknown');
    expect(errorKey('licenceType', '0')).toBe('engine:error.choice_unknown');
    expect(errorKey('licenceType', ' ')).toBe('engine:error.choice_required');
  });
});

describe('multiple choice', () => {
  it('accepts lists by number, label or id with Chinese and ASCII separators, in definition order', () => {
    expect(parse('intention', '2,1')).toEqual({ ok: true, value: ['transfer', 'licence'] });
    expect(parse('intention', '1、3')).toEqual({ ok: true, value: ['transfer', 'equity'] });
    expect(parse('intention', '许可，转让')).toEqual({ ok: true, value: ['transfer', 'licence'] });
    expect(parse('intention', ['equity', 'licence'])).toEqual({ ok: true, value: ['licence', 'equity'] });
    expect(parse('intention', '1 1')).toEqual({ ok: true, value: ['transfer'] });
  });
  it('keeps a label that contains a separator whole', () => {
    expect(parse('fees', '入门费+提成')).toEqual({ ok: true, value: ['upfront'] });
  });
  it('rejects an exclusive option combined with others, unknown items, too few and too many', () => {
    expect(errorKey('intention', '1,4')).toBe('engine:error.choice_exclusive');
    expect(errorKey('intention', '1,9')).toBe('engine:error.choice_unknown_item');
    expect(errorKey('intention', [])).toBe('engine:error.choice_too_few');
    expect(errorKey('fees', '1,2')).toBe('engine:error.choice_too_many');
  });
});

describe('scale and technology readiness level', () => {
  it('accepts integers in range, with common prefixes and suffixes', () => {
    expect(parse('prospects', '5')).toEqual({ ok: true, value: 5 });
    expect(parse('prospects', 3)).toEqual({ ok: true, value: 3 });
    expect(parse('trl', 'TRL 4')).toEqual({ ok: true, value: 4 });
    expect(parse('trl', '第7级')).toEqual({ ok: true, value: 7 });
    expect(parse('trl', '９')).toEqual({ ok: true, value: 9 });
  });
  it('rejects out of range, fractions and words', () => {
    expect(errorKey('prospects', '6')).toBe('engine:error.scale_range');
    expect(errorKey('prospects', '0')).toBe('engine:error.scale_range');
    expect(errorKey('trl', '10')).toBe('engine:error.trl_range');
    expect(errorKey('trl', '4.5')).toBe('engine:error.trl_range');
    expect(errorKey('trl', 'high')).toBe('engine:error.trl_range');
  });
});

describe('number', () => {
  it('accepts decimals, thousands separators and the unit typed after the number', () => {
    expect(parse('price', '12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parse('price', '1,200')).toEqual({ ok: true, value: 1200 });
    expect(parse('price', '300万元')).toEqual({ ok: true, value: 300 });
    expect(parse('price', '３００')).toEqual({ ok: true, value: 300 });
  });
  it('enforces format, range and integers', () => {
    expect(errorKey('price', 'about 300')).toBe('engine:error.number_format');
    expect(errorKey('price', '-1')).toBe('engine:error.number_min');
    expect(errorKey('price', '100001')).toBe('engine:error.number_max');
    expect(errorKey('staff', '2.5')).toBe('engine:error.number_integer');
    expect(errorKey('staff', '0')).toBe('engine:error.number_min');
  });
  it('refuses numbers it could only store rounded: beyond the range, too many decimals or digits', () => {
    // was accepted and shown as "100,000,000,000,000,000,000 万元"
    expect(errorKey('price', '99999999999999999999')).toBe('engine:error.number_max');
    expect(parse('price', '99999999999999999999')).toMatchObject({ error: { params: { max: 100000 } } });
    expect(errorKey('price', '12.345')).toBe('engine:error.number_decimals');
    expect(parse('price', '12.3400')).toEqual({ ok: true, value: 12.34 });
    expect(errorKey('price', '0.000000000000000000001')).toBe('engine:error.number_decimals');
    // the engine's own guard, whatever a question allows: 2^53 + 1 is not exact in a double
    const wide = { ...(q('staff') as Extract<Question, { type: 'number' }>), max: 1e300 };
    expect(parseAnswer(wide, '9007199254740993', testEnv)).toMatchObject({
      error: { key: 'engine:error.number_precision' },
    });
    expect(parseAnswer(wide, '9007199254740991', testEnv)).toEqual({ ok: true, value: 9007199254740991 });
  });
});

describe('text', () => {
  it('counts characters, not UTF-16 units, and collapses whitespace on one-line answers', () => {
    expect(parse('remarks', '  储能  电池 ')).toEqual({ ok: true, value: '储能 电池' });
    expect(parse('remarks', '𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀')).toEqual({ ok: true, value: '𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀' });
  });
  it('rejects too short, too long and empty text with the lengths', () => {
    const long = parse('remarks', '一二三四五六七八九十十一');
    expect(long).toEqual({
      ok: false,
      error: { key: 'engine:error.text_too_long', params: { max: 10, length: 12 } },
    });
    expect(errorKey('remarks', '一')).toBe('engine:error.text_too_short');
    expect(errorKey('remarks', '   ')).toBe('engine:error.text_empty');
  });
});

describe('date', () => {
  it('accepts the common written forms and normalises to ISO', () => {
    expect(parse('since', '2024-06-30')).toEqual({ ok: true, value: '2024-06-30' });
    expect(parse('since', '2024/6/3')).toEqual({ ok: true, value: '2024-06-03' });
    expect(parse('since', '2024年6月30日')).toEqual({ ok: true, value: '2024-06-30' });
    expect(parse('since', '２０２４．６．３０')).toEqual({ ok: true, value: '2024-06-30' });
  });
  it('rejects impossible dates and dates outside the range ("today" is the respondent\'s today)', () => {
    expect(toIsoDate('2023-02-29')).toBeNull();
    expect(errorKey('since', '2024-13-01')).toBe('engine:error.date_format');
    expect(errorKey('since', 'yesterday')).toBe('engine:error.date_format');
    expect(errorKey('since', '1999-12-31')).toBe('engine:error.date_min');
    expect(errorKey('since', '2026-11-29')).toBe('engine:error.date_max');
    expect(parse('since', '2026-11-28')).toEqual({ ok: true, value: '2026-11-28' });
  });
});

describe('yes / no', () => {
  it('accepts Chinese and English words and booleans', () => {
    for (const yes of ['是', '是的', 'Yes', 'y', true])
      expect(parse('funded', yes)).toEqual({ ok: true, value: true });
    for (const no of ['否', '不是', 'NO', 'n', false])
      expect(parse('funded', no)).toEqual({ ok: true, value: false });
  });
  it('rejects anything else', () => {
    expect(errorKey('funded', 'maybe')).toBe('engine:error.yes_no');
    expect(errorKey('funded', '')).toBe('engine:error.yes_no');
  });
});
