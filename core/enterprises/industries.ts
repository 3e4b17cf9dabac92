// The nine strategic emerging industries (战略性新兴产业) of the national classification (国家统计局
// 《战略性新兴产业分类（2018）》, State Council's list), which CNIPA's concordance with the IPC
// (战略性新兴产业分类与国际专利分类参照关系表, 2021) maps patents to and bureaus report by. An enterprise
// names the industries it works in; the codes below are what Enterprise.industries stores: never
// rename one. `number` is the classification's own first-level number (1–9), accepted in imports.

export interface StrategicIndustry {
  /** Stored on Enterprise.industries and used as the option id of the questionnaires. */
  readonly code: string;
  /** The classification's first-level number. */
  readonly number: number;
  /** The classification's name, as bureaus write it. */
  readonly zh: string;
  readonly en: string;
  /** Shorter forms seen in lists ("新一代信息技术", "节能环保"), accepted in imports. */
  readonly aliases: readonly string[];
}

export const STRATEGIC_INDUSTRIES = [
  {
    code: 'next_generation_it',
    number: 1,
    zh: '新一代信息技术产业',
    en: 'New-generation information technology',
    aliases: ['新一代信息技术'],
  },
  {
    code: 'high_end_equipment',
    number: 2,
    zh: '高端装备制造产业',
    en: 'High-end equipment manufacturing',
    aliases: ['高端装备制造', '高端装备'],
  },
  { code: 'new_materials', number: 3, zh: '新材料产业', en: 'New materials', aliases: ['新材料'] },
  {
    code: 'biotechnology',
    number: 4,
    zh: '生物产业',
    en: 'Biotechnology',
    aliases: ['生物', 'Bio-industry'],
  },
  {
    code: 'new_energy_vehicles',
    number: 5,
    zh: '新能源汽车产业',
    en: 'New energy vehicles',
    aliases: ['新能源汽车'],
  },
  { code: 'new_energy', number: 6, zh: '新能源产业', en: 'New energy', aliases: ['新能源'] },
  {
    code: 'energy_saving_environmental',
    number: 7,
    zh: '节能环保产业',
    en: 'Energy saving and environmental protection',
    aliases: ['节能环保'],
  },
  {
    code: 'digital_creative',
    number: 8,
    zh: '数字创意产业',
    en: 'Digital creativity',
    aliases: ['数字创意'],
  },
  { code: 'related_services', number: 9, zh: '相关服务业', en: 'Related services', aliases: ['相关服务'] },
] as const satisfies readonly StrategicIndustry[];

export type IndustryCode = (typeof STRATEGIC_INDUSTRIES)[number]['code'];
export const INDUSTRY_CODES = STRATEGIC_INDUSTRIES.map((i) => i.code) as [IndustryCode, ...IndustryCode[]];

export const isIndustryCode = (value: string): value is IndustryCode =>
  (INDUSTRY_CODES as readonly string[]).includes(value);

/** The industry's name in a locale (names are data here; the chat shows the same through i18n). */
export function industryName(code: string, locale: 'zh-CN' | 'en'): string {
  const industry = STRATEGIC_INDUSTRIES.find((i) => i.code === code);
  if (!industry) return code;
  return locale === 'en' ? industry.en : industry.zh;
}

const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

/** One industry as written in a list: its code, its number (1–9), or its name in either language. */
export function findIndustry(text: string): IndustryCode | null {
  const typed = fold(text);
  if (typed === '') return null;
  for (const industry of STRATEGIC_INDUSTRIES) {
    const names = [industry.code, String(industry.number), industry.zh, industry.en, ...industry.aliases];
    if (names.some((name) => fold(name) === typed)) return industry.code;
  }
  return null;
}
