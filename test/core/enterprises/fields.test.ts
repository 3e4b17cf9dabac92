// What enterprise fields accept, without a database: the nine industries, credit codes, regions
// against the shipped GB/T 2260 table, IPC interests, keywords, types, and the whole input.
import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  checkIndustries,
  checkIpcInterests,
  checkIpcInterestsOrWords,
  checkKeywords,
  checkNeeds,
  checkRegion,
  checkTypes,
  enterpriseInputSchema,
  firstProblem,
  splitIpcTyped,
  typeFromOptionId,
  typeOptionId,
} from '../../../core/enterprises/fields.ts';
import {
  findIndustry,
  INDUSTRY_CODES,
  industryName,
  STRATEGIC_INDUSTRIES,
} from '../../../core/enterprises/industries.ts';
import { enterpriseProfileV1, enterpriseRegistrationV1 } from '../../../core/enterprises/questionnaire.ts';
import { hasKey, t } from '../../../core/i18n.ts';
import { allQuestions } from '../../../core/questionnaire/definition.ts';
import { creditCode, withWrongCheck } from './fixtures.ts';

describe('the nine strategic emerging industries', () => {
  it('are the classification’s nine, numbered 1–9, with unique codes', () => {
    expect(STRATEGIC_INDUSTRIES.map((i) => i.zh)).toEqual([
      '新一代信息技术产业',
      '高端装备制造产业',
      '新材料产业',
      '生物产业',
      '新能源汽车产业',
      '新能源产业',
      '节能环保产业',
      '数字创意产业',
      '相关服务业',
    ]);
    expect(STRATEGIC_INDUSTRIES.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(INDUSTRY_CODES).size).toBe(9);
    for (const code of INDUSTRY_CODES) expect(code).toMatch(/^[a-z][a-z_]*$/);
  });

  it('show the same names in chat as in the data', () => {
    for (const industry of STRATEGIC_INDUSTRIES) {
      expect(t('zh-CN', `enterprises:industry.${industry.code}`)).toBe(industry.zh);
      expect(t('en', `enterprises:industry.${industry.code}`)).toBe(industry.en);
      expect(industryName(industry.code, 'en')).toBe(industry.en);
    }
  });

  it('are found by code, number, full or short name in either language', () => {
    expect(findIndustry('新材料产业')).toBe('new_materials');
    expect(findIndustry('新材料')).toBe('new_materials');
    expect(findIndustry('6')).toBe('new_energy');
    expect(findIndustry('新能源汽车')).toBe('new_energy_vehicles');
    expect(findIndustry('Digital creativity')).toBe('digital_creative');
    expect(findIndustry('biotechnology')).toBe('biotechnology');
    expect(findIndustry('纺织')).toBeNull();
    expect(checkIndustries('节能环保、1；新材料')).toEqual({
      ok: true,
      value: ['next_generation_it', 'new_materials', 'energy_saving_environmental'],
    });
    expect(checkIndustries('纺织').ok).toBe(false);
  });
});

describe('fields', () => {
  it('credit codes: the check character is verified, the code normalized', () => {
    const code = creditCode();
    expect(checkCreditCode(` ${code.toLowerCase().slice(0, 9)} ${code.slice(9).toLowerCase()} `)).toEqual({
      ok: true,
      value: code,
    });
    const bad = checkCreditCode(withWrongCheck(code));
    expect(bad).toMatchObject({ ok: false, error: { key: 'enterprises:error.credit_code.check_digit' } });
    expect(checkCreditCode('123')).toMatchObject({
      ok: false,
      error: { key: 'enterprises:error.credit_code.length' },
    });
    expect(checkCreditCode('91330100MA27XXXXXI')).toMatchObject({
      ok: false,
      error: { key: 'enterprises:error.credit_code.character' },
    });
  });

  it('regions: codes of the GB/T 2260 table, or a name only one region has', () => {
    expect(checkRegion('330100')).toEqual({ ok: true, value: '330100' });
    expect(checkRegion('330000')).toEqual({ ok: true, value: '330000' });
    // Districts are not in the table: they stand for their city, or their municipality.
    expect(checkRegion('330106')).toEqual({ ok: true, value: '330100' });
    expect(checkRegion('110105')).toEqual({ ok: true, value: '110000' });
    expect(checkRegion('杭州')).toEqual({ ok: true, value: '330100' });
    expect(checkRegion('Hangzhou')).toEqual({ ok: true, value: '330100' });
    expect(checkRegion('999999')).toMatchObject({
      ok: false,
      error: { key: 'enterprises:error.region_unknown' },
    });
    expect(checkRegion('12345')).toMatchObject({ ok: false });
    expect(checkRegion('亚特兰蒂斯')).toMatchObject({
      ok: false,
      error: { key: 'enterprises:error.region_unknown' },
    });
  });

  it('IPC interests: subclasses and groups, in the one written form', () => {
    expect(checkIpcInterests('h01m, G06N 3/04；H02J H01L')).toEqual({
      ok: true,
      value: ['H01M', 'G06N 3/04', 'H02J', 'H01L'],
    });
    expect(checkIpcInterests('H01M 10')).toEqual({ ok: true, value: ['H01M 10/00'] });
    expect(checkIpcInterests('H01M 10/0562')).toEqual({ ok: true, value: ['H01M 10/0562'] });
    expect(checkIpcInterests('电池')).toMatchObject({ ok: false, error: { key: 'enterprises:error.ipc' } });
    expect(checkIpcInterests('Z99Z')).toMatchObject({ ok: false, error: { key: 'enterprises:error.ipc' } });
    expect(checkIpcInterests('H01M, X01')).toMatchObject({ ok: false, error: { params: { code: 'X01' } } });
  });

  it('IPC interests typed with words: split, and a word stands for the one subclass it matches', () => {
    expect(splitIpcTyped('h01m, 电池；G06N 3/04, X9')).toMatchObject({
      codes: ['H01M', 'G06N 3/04'],
      words: ['电池'],
      invalid: ['X9'],
    });
    expect(checkIpcInterestsOrWords('电池, G06N 3/04', 'zh-CN')).toEqual({
      ok: true,
      value: ['H01M', 'G06N 3/04'],
    });
    expect(checkIpcInterestsOrWords('h01m', 'en')).toEqual({ ok: true, value: ['H01M'] });
    expect(checkIpcInterestsOrWords('量子纠缠蜂蜜', 'zh-CN')).toMatchObject({
      ok: false,
      error: { key: 'enterprises:error.ipc_word_unknown', params: { word: '量子纠缠蜂蜜' } },
    });
    expect(checkIpcInterestsOrWords('computer', 'en')).toMatchObject({
      ok: false,
      error: { key: 'enterprises:error.ipc_word_ambiguous', params: { word: 'computer' } },
    });
    expect(checkIpcInterestsOrWords('电池, X9', 'zh-CN')).toMatchObject({
      ok: false,
      error: { key: 'enterprises:error.ipc', params: { code: 'X9' } },
    });
  });

  it('keywords, needs and types', () => {
    expect(checkKeywords('固态电池、储能, 储能')).toEqual({ ok: true, value: ['固态电池', '储能'] });
    expect(checkKeywords('一'.repeat(31)).ok).toBe(false);
    expect(checkNeeds('x'.repeat(2001)).ok).toBe(false);
    expect(checkNeeds('  ')).toEqual({ ok: true, value: null });
    expect(checkTypes('高新技术企业；专精特新')).toEqual({
      ok: true,
      value: ['SPECIALIZED_SME', 'HIGH_TECH'],
    });
    expect(checkTypes('上市公司').ok).toBe(false);
    expect(typeFromOptionId(typeOptionId('IP_DEMONSTRATION'))).toBe('IP_DEMONSTRATION');
  });

  it('the whole input: the first problem names its field and message', () => {
    const parsed = enterpriseInputSchema.safeParse({ name: '某公司', creditCode: 'bad', region: '330100' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(firstProblem(parsed.error)).toMatchObject({
        field: 'creditCode',
        error: { key: 'enterprises:error.credit_code.length' },
      });
    }
  });
});

describe('the questionnaires', () => {
  it('name every label, help and option in both languages', () => {
    for (const def of [enterpriseRegistrationV1, enterpriseProfileV1]) {
      const keys = [
        def.title,
        ...def.sections.map((s) => s.title),
        ...allQuestions(def).flatMap((q) => [
          q.label,
          ...(q.help ? [q.help] : []),
          ...('options' in q ? q.options.map((o) => o.label) : []),
        ]),
      ];
      for (const key of keys) {
        expect(hasKey('zh-CN', key), key).toBe(true);
        expect(hasKey('en', key), key).toBe(true);
      }
    }
  });
});
