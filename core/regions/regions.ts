// GB/T 2260 administrative divisions as Revive needs them: provinces (省级, 34 with Hong Kong, Macao
// and Taiwan) and the level below (地级: cities, 自治州, 地区, 盟; and the county-level units a
// province administers directly, such as 石河子市 or 仙桃市, which stand where a prefecture would).
// The table is data, core/regions/gb2260.json, generated once by scripts/generate-regions.ts
// (docs/regions.md: source and edition). Beijing, Tianjin, Shanghai and Chongqing have no prefecture
// level: the province's code is also the city's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type Locale, type Msg, msg } from '../i18n.ts';

export type RegionLevel = 'province' | 'prefecture' | 'county';

export interface Region {
  /** Six digits: "330000" a province, "330100" a prefecture-level city, "659001" a county-level unit. */
  code: string;
  level: RegionLevel;
  /** The province's code (the region's own for a province). */
  province: string;
  /** Official Chinese name: 浙江省, 杭州市, 延边朝鲜族自治州. */
  zh: string;
  /** As said in speech: 浙江, 杭州, 延边. */
  short: string;
  /** English: Zhejiang, Hangzhou, Yanbian Korean Autonomous Prefecture. */
  en: string;
  /** Beijing, Tianjin, Shanghai, Chongqing: the province is also the city. */
  municipality?: boolean;
}

const TableSchema = z.object({
  standard: z.literal('GB/T 2260'),
  source: z.string(),
  counts: z.object({ province: z.number(), prefecture: z.number(), county: z.number() }),
  regions: z.array(
    z.object({
      code: z.string().regex(/^\d{6}$/),
      level: z.enum(['province', 'prefecture', 'county']),
      province: z.string().regex(/^\d{2}0000$/),
      zh: z.string().min(1),
      short: z.string().min(1),
      en: z.string().min(1),
      municipality: z.boolean().optional(),
    }),
  ),
});

export const REGION_TABLE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gb2260.json');

interface Index {
  source: string;
  all: readonly Region[];
  byCode: ReadonlyMap<string, Region>;
  citiesByProvince: ReadonlyMap<string, readonly Region[]>;
}

let index: Index | undefined;

function table(): Index {
  if (index) return index;
  const parsed = TableSchema.parse(JSON.parse(readFileSync(REGION_TABLE_FILE, 'utf8')));
  const all: Region[] = parsed.regions.map((r) => Object.freeze({ ...r }));
  const byCode = new Map(all.map((r) => [r.code, r]));
  const citiesByProvince = new Map<string, Region[]>();
  for (const r of all) {
    if (!isCityRegion(r)) continue;
    const list = citiesByProvince.get(r.province) ?? [];
    list.push(r);
    citiesByProvince.set(r.province, list);
  }
  index = { source: parsed.source, all, byCode, citiesByProvince };
  return index;
}

const isCityRegion = (r: Region): boolean => r.level !== 'province' || r.municipality === true;

/** Which edition the table is (for docs and the CLI's help). */
export const regionTableSource = (): string => table().source;

/** Every region of the table: provinces first by code, then their cities (sorted by code). */
export const allRegions = (): readonly Region[] => table().all;

export function regionByCode(code: string | null | undefined): Region | undefined {
  if (!code) return undefined;
  return table().byCode.get(code.trim());
}

/** The province a code belongs to (its first two digits), if that province is in the table. */
export function provinceOf(code: string | null | undefined): Region | undefined {
  const trimmed = code?.trim() ?? '';
  if (!/^\d{6}$/.test(trimmed)) return undefined;
  return table().byCode.get(`${trimmed.slice(0, 2)}0000`);
}

export function isProvince(code: string | null | undefined): boolean {
  return regionByCode(code)?.level === 'province';
}

/** A code that can stand as an institution's city: prefecture level, or a municipality itself. */
export function isCity(code: string | null | undefined): boolean {
  const region = regionByCode(code);
  return region !== undefined && isCityRegion(region);
}

export function provinces(): Region[] {
  return table().all.filter((r) => r.level === 'province');
}

/** The cities of a province (a municipality's only city is itself); empty for an unknown code. */
export function citiesOf(province: string): readonly Region[] {
  return table().citiesByProvince.get(province) ?? [];
}

/** A region's name in the reader's language. */
export function regionName(region: Region, locale: Locale): string {
  return locale === 'en' ? region.en : region.zh;
}

/** "杭州市, 浙江省" / "Hangzhou, Zhejiang"; a municipality or a lone province once. */
export function placeName(province: string, city: string | null | undefined, locale: Locale): string {
  const p = regionByCode(province);
  const c = regionByCode(city);
  if (!p) return province;
  if (!c || c.code === p.code) return regionName(p, locale);
  return locale === 'en' ? `${c.en}, ${p.en}` : `${p.zh}${c.zh}`;
}

// ------------------------------------------------------------------------------ validation

export type RegionError = 'unknown_province' | 'unknown_city' | 'city_not_in_province' | 'city_required';

export type RegionCheck =
  | { ok: true; province: Region; city: Region | null }
  | { ok: false; error: RegionError; reason: Msg };

const fail = (error: RegionError, params?: Record<string, string>): RegionCheck => ({
  ok: false,
  error,
  reason: msg(`regions:error.${error}`, params),
});

/**
 * Checks a province code and an optional city code against the table: the province must be a
 * province, the city a city of that province (for a municipality, the municipality itself).
 */
export function validateRegion(province: string, city?: string | null): RegionCheck {
  const p = regionByCode(province);
  if (p?.level !== 'province') return fail('unknown_province', { code: province });
  if (city === undefined || city === null || city.trim() === '') return { ok: true, province: p, city: null };
  const c = regionByCode(city);
  if (!c || !isCityRegion(c)) return fail('unknown_city', { code: city });
  if (c.province !== p.code) {
    return fail('city_not_in_province', { city: `${c.zh} ${c.code}`, province: `${p.zh} ${p.code}` });
  }
  return { ok: true, province: p, city: c };
}

// ------------------------------------------------------------------------------ names → regions

/** For matching what people type: NFKC, lower case, no spaces, apostrophes or hyphens. */
export function normaliseRegionText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s'’`\-–·.,，。()（）]/g, '');
}

/** The English name without "Prefecture", "League", "… Autonomous Prefecture": the place alone. */
function englishPlace(region: Region): string {
  return region.en.replace(
    /\s+(\(.*\)|Prefecture|League|County|Forestry District|[A-Za-z ]+ Autonomous \w+)$/,
    '',
  );
}

function keysOf(region: Region): string[] {
  const keys = [region.code, region.zh, region.short, region.en, englishPlace(region)];
  // Tibet (Xizang): both names
  for (const m of region.en.matchAll(/\(([^)]+)\)/g)) keys.push(m[1]!);
  return [...new Set(keys.map(normaliseRegionText))];
}

/** Exactly one region among `candidates` whose code or name is `text`; undefined if none or several. */
function exactly(candidates: readonly Region[], text: string): Region | undefined {
  const key = normaliseRegionText(text);
  if (key === '') return undefined;
  const found = candidates.filter((r) => keysOf(r).includes(key));
  return found.length === 1 ? found[0] : undefined;
}

/** A province from its code or its name (浙江省, 浙江, Zhejiang, 330000). */
export function resolveProvince(text: string): Region | undefined {
  return exactly(provinces(), text);
}

/** A city of this province from its code or name (杭州市, 杭州, Hangzhou, 330100). */
export function resolveCity(province: string, text: string): Region | undefined {
  return exactly(citiesOf(province), text);
}

/**
 * A province and city as people write them (codes or names, zh or en) turned into codes and
 * validated. The city may be left out only for a municipality (it is the province) when `required`.
 */
export function resolveRegion(
  provinceText: string,
  cityText: string | null | undefined,
  options: { cityRequired?: boolean } = {},
): RegionCheck {
  const province = resolveProvince(provinceText);
  if (!province) return fail('unknown_province', { code: provinceText.trim() });
  const cityGiven = cityText !== null && cityText !== undefined && cityText.trim() !== '';
  if (!cityGiven) {
    if (province.municipality) return { ok: true, province, city: province };
    return options.cityRequired
      ? fail('city_required', { province: province.zh })
      : validateRegion(province.code);
  }
  const city = resolveCity(province.code, cityText);
  if (city) return { ok: true, province, city };
  // Name the city's own province when it exists elsewhere: the likelier mistake is the province.
  const elsewhere = exactly(
    allRegions().filter((r) => isCityRegion(r)),
    cityText,
  );
  if (elsewhere) return validateRegion(province.code, elsewhere.code);
  return fail('unknown_city', { code: cityText.trim() });
}

export interface RegionSearchOptions {
  level?: 'province' | 'city';
  /** Only the cities of this province. */
  province?: string;
  limit?: number;
}

/**
 * Regions whose code or name (zh or en, full or short) matches what someone typed in chat: exact
 * matches first, then names starting with it, then names containing it; provinces before cities.
 */
export function searchRegions(query: string, options: RegionSearchOptions = {}): Region[] {
  const key = normaliseRegionText(query);
  if (key === '') return [];
  const scored: [number, Region][] = [];
  for (const region of table().all) {
    if (options.level === 'province' && region.level !== 'province') continue;
    if (options.level === 'city' && !isCityRegion(region)) continue;
    if (options.province && region.province !== options.province) continue;
    const keys = keysOf(region);
    const score = keys.includes(key)
      ? 0
      : keys.some((k) => k.startsWith(key))
        ? 1
        : keys.some((k) => k.includes(key))
          ? 2
          : -1;
    if (score >= 0) scored.push([score * 10 + (region.level === 'province' ? 0 : 1), region]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].code.localeCompare(b[1].code));
  return scored.slice(0, options.limit ?? 10).map(([, r]) => r);
}
