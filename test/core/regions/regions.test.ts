// The shipped GB/T 2260 table (core/regions/gb2260.json) and its API: known codes and names, the
// municipalities, validation of a province and city, names typed in chat.
import { describe, expect, it } from 'vitest';
import { t } from '../../../core/i18n.ts';
import {
  allRegions,
  citiesOf,
  isCity,
  isProvince,
  placeName,
  provinceOf,
  provinces,
  regionByCode,
  regionTableSource,
  resolveRegion,
  searchRegions,
  validateRegion,
} from '../../../core/regions/regions.ts';

describe('the GB/T 2260 table', () => {
  it('knows provinces and cities by code, in Chinese and English', () => {
    expect(regionByCode('330000')).toMatchObject({ level: 'province', zh: '浙江省', en: 'Zhejiang' });
    expect(regionByCode('330100')).toMatchObject({
      level: 'prefecture',
      province: '330000',
      zh: '杭州市',
      en: 'Hangzhou',
    });
    expect(regionByCode('110000')).toMatchObject({ zh: '北京市', en: 'Beijing', municipality: true });
    expect(regionByCode('650000')).toMatchObject({ zh: '新疆维吾尔自治区', en: 'Xinjiang' });
    expect(regionByCode('150000')?.en).toBe('Inner Mongolia');
    expect(regionByCode('450000')?.en).toBe('Guangxi');
    expect(regionByCode('540000')?.en).toBe('Tibet (Xizang)');
    expect(regionByCode('810000')?.en).toBe('Hong Kong');
    expect(regionByCode('820000')?.en).toBe('Macao');
    expect(regionByCode('710000')?.en).toBe('Taiwan');
    expect(regionByCode('610100')?.en).toBe("Xi'an");
    expect(regionByCode('222400')?.en).toBe('Yanbian Korean Autonomous Prefecture');
    expect(regionByCode('152500')?.en).toBe('Xilingol League');
    expect(regionByCode('653100')?.en).toBe('Kashgar Prefecture');
    expect(regionByCode('659001')).toMatchObject({ level: 'county', zh: '石河子市', province: '650000' });
    expect(regionByCode('999999')).toBeUndefined();
    expect(regionByCode('')).toBeUndefined();
  });

  it('has sane counts: 34 provinces, at least 330 prefecture-level divisions, every province with cities', () => {
    expect(provinces()).toHaveLength(34);
    const prefectures = allRegions().filter((r) => r.level === 'prefecture');
    expect(prefectures.length).toBeGreaterThanOrEqual(330);
    for (const p of provinces()) {
      if (['710000', '810000', '820000'].includes(p.code)) continue;
      expect(citiesOf(p.code).length, p.zh).toBeGreaterThan(0);
    }
    expect(citiesOf('330000')).toHaveLength(11);
    // codes are unique, every city's province exists, names are filled in both languages
    const codes = allRegions().map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of allRegions()) {
      expect(isProvince(r.province), r.code).toBe(true);
      expect(r.code.slice(0, 2)).toBe(r.province.slice(0, 2));
      expect(r.en).toMatch(/^[A-Z][A-Za-z' ()-]+$/);
    }
    expect(regionTableSource()).toContain('2023');
  });

  it('makes the four municipalities their own city', () => {
    for (const code of ['110000', '120000', '310000', '500000']) {
      expect(isProvince(code)).toBe(true);
      expect(isCity(code)).toBe(true);
      expect(citiesOf(code).map((c) => c.code)).toEqual([code]);
      expect(validateRegion(code, code).ok).toBe(true);
    }
    // the statistical groupings 市辖区 / 县 are not divisions
    expect(regionByCode('110100')).toBeUndefined();
    expect(regionByCode('500200')).toBeUndefined();
    expect(isCity('330000')).toBe(false);
  });

  it('tells the province of any code', () => {
    expect(provinceOf('330106')?.code).toBe('330000');
    expect(provinceOf('330100')?.zh).toBe('浙江省');
    expect(provinceOf('990000')).toBeUndefined();
    expect(provinceOf('33')).toBeUndefined();
  });
});

describe('validateRegion', () => {
  it('accepts a city of its province, and a province alone', () => {
    expect(validateRegion('330000', '330100')).toMatchObject({
      ok: true,
      province: { code: '330000' },
      city: { code: '330100' },
    });
    expect(validateRegion('330000')).toMatchObject({ ok: true, city: null });
  });

  it('refuses a city that is not in the province, an unknown code, a province as a city', () => {
    const elsewhere = validateRegion('330000', '320100');
    expect(elsewhere).toMatchObject({ ok: false, error: 'city_not_in_province' });
    if (elsewhere.ok) throw new Error('unreachable');
    expect(t('zh-CN', elsewhere.reason.key, elsewhere.reason.params)).toBe(
      '南京市 320100 不属于 浙江省 330000',
    );
    expect(validateRegion('999999', '330100')).toMatchObject({ ok: false, error: 'unknown_province' });
    expect(validateRegion('330100')).toMatchObject({ ok: false, error: 'unknown_province' });
    expect(validateRegion('330000', '339900')).toMatchObject({ ok: false, error: 'unknown_city' });
    expect(validateRegion('330000', '330106')).toMatchObject({ ok: false, error: 'unknown_city' });
    expect(validateRegion('330000', '320000')).toMatchObject({ ok: false, error: 'unknown_city' });
    expect(validateRegion('110000', '120000')).toMatchObject({ ok: false, error: 'city_not_in_province' });
  });
});

describe('names as people write them', () => {
  it('resolves codes and names, zh or en, full or short', () => {
    for (const [province, city] of [
      ['330000', '330100'],
      ['浙江省', '杭州市'],
      ['浙江', '杭州'],
      ['Zhejiang', 'hangzhou'],
      [' ZHEJIANG ', 'Hang Zhou'],
    ] as const) {
      expect(resolveRegion(province, city), `${province} ${city}`).toMatchObject({
        ok: true,
        province: { code: '330000' },
        city: { code: '330100' },
      });
    }
    expect(resolveRegion('新疆', '石河子')).toMatchObject({ ok: true, city: { code: '659001' } });
    expect(resolveRegion('吉林省', '吉林市')).toMatchObject({ ok: true, city: { code: '220200' } });
    expect(resolveRegion('Tibet', 'Lhasa')).toMatchObject({ ok: true, city: { code: '540100' } });
    expect(resolveRegion('Xizang', '拉萨')).toMatchObject({ ok: true, city: { code: '540100' } });
    expect(resolveRegion('陕西', "Xi'an")).toMatchObject({ ok: true, city: { code: '610100' } });
    expect(resolveRegion('陕西', 'xian')).toMatchObject({ ok: true, city: { code: '610100' } });
  });

  it('gives a municipality as its own city and asks for the city elsewhere when required', () => {
    expect(resolveRegion('北京', '')).toMatchObject({ ok: true, city: { code: '110000' } });
    expect(resolveRegion('上海市', '上海')).toMatchObject({ ok: true, city: { code: '310000' } });
    expect(resolveRegion('浙江', null, { cityRequired: true })).toMatchObject({
      ok: false,
      error: 'city_required',
    });
    expect(resolveRegion('浙江', null)).toMatchObject({ ok: true, city: null });
  });

  it('names what is wrong', () => {
    expect(resolveRegion('浙江', '南京')).toMatchObject({ ok: false, error: 'city_not_in_province' });
    expect(resolveRegion('浙江', '不存在市')).toMatchObject({ ok: false, error: 'unknown_city' });
    expect(resolveRegion('Atlantis', '杭州')).toMatchObject({ ok: false, error: 'unknown_province' });
  });

  it('searches by name for chat: exact first, provinces before cities', () => {
    expect(searchRegions('杭州')[0]?.code).toBe('330100');
    expect(searchRegions('hang')[0]?.code).toBe('330100');
    expect(searchRegions('吉林').map((r) => r.code)).toEqual(['220000', '220200']);
    expect(searchRegions('苏州').map((r) => r.code)).toEqual(['320500']);
    expect(
      searchRegions('suzhou')
        .map((r) => r.code)
        .sort(),
    ).toEqual(['320500', '341300']);
    expect(searchRegions('Inner')[0]?.code).toBe('150000');
    expect(searchRegions('州', { province: '330000' }).every((r) => r.province === '330000')).toBe(true);
    expect(searchRegions('浙', { level: 'city' })).toEqual([]);
    expect(searchRegions('   ')).toEqual([]);
    expect(searchRegions('a', { limit: 3 })).toHaveLength(3);
  });

  it('writes a place in the reader language', () => {
    expect(placeName('330000', '330100', 'zh-CN')).toBe('浙江省杭州市');
    expect(placeName('330000', '330100', 'en')).toBe('Hangzhou, Zhejiang');
    expect(placeName('110000', '110000', 'en')).toBe('Beijing');
    expect(placeName('110000', null, 'zh-CN')).toBe('北京市');
  });
});
