// Column headers of an institution list, in Chinese or English, matched by name (never by position):
// one row per institution, or per college when its parent's code is given (parent_code / 上级代码).
import { type Cell, cellText } from '../inventory/cells.ts';
import type { InstitutionField } from './fields.ts';

// Written in the normalised form (normaliseHeader): NFKC, lower case, no spaces, brackets, "_" or "-".
const ALIASES: Record<InstitutionField, string[]> = {
  code: [
    '代码',
    '机构代码',
    '单位代码',
    '简称代码',
    '英文简称',
    '简称',
    'code',
    'shortcode',
    'institutioncode',
  ],
  nameZh: [
    '中文名称',
    '名称',
    '机构名称',
    '单位名称',
    '学院名称',
    '院系名称',
    'namezh',
    'chinesename',
    'name',
  ],
  nameEn: ['英文名称', '英文名', 'nameen', 'englishname'],
  kind: ['类型', '机构类型', '单位类型', 'kind', 'type'],
  creditCode: [
    '统一社会信用代码',
    '社会信用代码',
    '信用代码',
    'creditcode',
    'unifiedsocialcreditcode',
    'uscc',
  ],
  province: ['省份', '省', '所在省份', '省级行政区', '省份代码', 'province', 'provincecode'],
  city: ['城市', '市', '所在城市', '地级市', '城市代码', 'city', 'citycode'],
  parentCode: [
    '上级代码',
    '上级单位代码',
    '所属单位代码',
    '所属高校代码',
    '所属机构代码',
    '上级单位',
    'parentcode',
    'parent',
    'universitycode',
  ],
};

const LOOKUP = new Map<string, InstitutionField>();
for (const [field, aliases] of Object.entries(ALIASES)) {
  for (const alias of aliases) LOOKUP.set(alias, field as InstitutionField);
}

/** Without these a row is nothing; the others are required by row kind (institution or college). */
export const REQUIRED_HEADERS: readonly InstitutionField[] = ['code', 'nameZh'];

/** "名称（中文）" → "名称中文"; "Name_EN" → "nameen". */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s()[\]【】:：*＊_-]/g, '')
    .toLowerCase();
}

export const fieldForHeader = (raw: string): InstitutionField | undefined => LOOKUP.get(normaliseHeader(raw));

export interface InstitutionHeader {
  /** Index into the scanned rows of the header row: data starts after it. */
  index: number;
  texts: string[];
  /** Column (0-based) → field; the first column with a field wins. */
  columns: Map<number, InstitutionField>;
  ignored: string[];
}

/** The first of the leading rows whose headers name every required field, or what is missing. */
export function locateInstitutionHeader(
  rows: readonly Cell[][],
): InstitutionHeader | { missing: InstitutionField[] } {
  let fewestMissing: InstitutionField[] = [...REQUIRED_HEADERS];
  for (let index = 0; index < rows.length; index++) {
    const texts = rows[index]!.map(cellText);
    const columns = new Map<number, InstitutionField>();
    const ignored: string[] = [];
    texts.forEach((text, column) => {
      if (text === '') return;
      const field = fieldForHeader(text);
      if (field && ![...columns.values()].includes(field)) columns.set(column, field);
      else if (!field) ignored.push(text);
    });
    const present = new Set(columns.values());
    const missing = REQUIRED_HEADERS.filter((f) => !present.has(f));
    if (missing.length === 0) return { index, texts, columns, ignored };
    if (missing.length < fewestMissing.length) fewestMissing = missing;
  }
  return { missing: fewestMissing };
}
