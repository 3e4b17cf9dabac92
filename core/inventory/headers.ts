// Column headers of patent lists as institutions actually have them: CNIPA's patent search export,
// the national platform's batch template, hand-made lists, in Chinese or English. Headers are matched
// by name, never by position, so that extra columns (agency, priority …) and reordered files import.

export const FIELDS = [
  'applicationNumber',
  'applicationDate',
  'publicationNumber',
  'grantDate',
  'title',
  'abstract',
  'patentees',
  'inventors',
  'ipc',
  'mainIpc',
  'locarno',
  'type',
  'legalStatus',
  'college',
  'contactEmail',
  'contactMobile',
] as const;
export type Field = (typeof FIELDS)[number];

/** Without these a row cannot become a patent; type and legal status have defaults (see validate-row). */
export const REQUIRED_FIELDS: readonly Field[] = [
  'applicationNumber',
  'applicationDate',
  'title',
  'inventors',
];

// Written in the normalised form (see normaliseHeader): NFKC, no spaces or brackets, lower case.
const ALIASES: Record<Field, string[]> = {
  applicationNumber: [
    '申请号',
    '专利申请号',
    '申请号/专利号',
    '专利号',
    '申请专利号',
    'applicationnumber',
    'applicationno',
    'applicationno.',
    'appno',
    'patentnumber',
  ],
  applicationDate: ['申请日', '申请日期', 'applicationdate', 'filingdate'],
  publicationNumber: [
    '公开公告号',
    '公开号',
    '公告号',
    '授权公告号',
    '公开号公告号',
    'publicationnumber',
    'publicationno',
    'publicationno.',
  ],
  grantDate: ['授权公告日', '授权日', '授权日期', '公告日', '授权公告日期', 'grantdate', 'dateofgrant'],
  title: ['发明名称', '专利名称', '名称', '发明创造名称', '标题', 'title', 'inventiontitle', 'patenttitle'],
  abstract: ['摘要', 'abstract'],
  patentees: [
    '申请专利权人',
    '专利权人',
    '申请人',
    '当前权利人',
    '当前专利权人',
    '权利人',
    'applicant',
    'applicants',
    'patentee',
    'patentees',
    'assignee',
  ],
  inventors: ['发明人', '发明设计人', '设计人', '发明人姓名', 'inventor', 'inventors', 'inventors/designers'],
  ipc: ['ipc分类号', 'ipc', '分类号', 'ipc分类', '国际专利分类号', 'ipcclassification', 'ipccodes'],
  mainIpc: ['主分类号', '主ipc', '主ipc分类号', 'mainipc', 'mainclassification', 'primaryipc'],
  locarno: ['洛迦诺分类号', '外观设计洛迦诺分类号', '洛迦诺分类', 'locarno', 'locarnoclass', 'loc'],
  type: ['专利类型', '类型', '专利类别', 'type', 'patenttype'],
  legalStatus: ['法律状态', '当前法律状态', '法律状态/事件', '专利状态', 'legalstatus', 'status'],
  college: ['学院', '所属学院', '院系', '所属院系', '二级单位', 'college', 'department', 'school'],
  contactEmail: [
    '第一发明人邮箱',
    '联系人邮箱',
    '邮箱',
    '电子邮箱',
    'email',
    'contactemail',
    'inventoremail',
  ],
  contactMobile: ['第一发明人手机', '联系人手机', '手机', '手机号', '联系电话', 'mobile', 'phone'],
};

const LOOKUP = new Map<string, Field>();
for (const field of FIELDS) for (const alias of ALIASES[field]) LOOKUP.set(alias, field);

/** "公开（公告）号 " → "公开公告号"; "Application No." → "applicationno." */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s()[\]【】:：*＊]/g, '')
    .toLowerCase();
}

export function fieldForHeader(raw: string): Field | undefined {
  return LOOKUP.get(normaliseHeader(raw));
}

export interface HeaderMapping<F extends string = Field> {
  /** Column index (0-based) → field; the first column with a field wins. */
  columns: Map<number, F>;
  /** Headers we do not know: ignored, and listed in the report so that a typo is visible. */
  ignored: string[];
  missing: F[];
}

export const mapHeaders = (cells: readonly string[]): HeaderMapping =>
  mapHeadersWith(cells, fieldForHeader, REQUIRED_FIELDS);

/**
 * Header matching for any list read like the patent list (the staff directory, experts): `fieldOf`
 * names the field of one header text, `required` the fields a file cannot do without.
 */
export function mapHeadersWith<F extends string>(
  cells: readonly string[],
  fieldOf: (header: string) => F | undefined,
  required: readonly F[],
): HeaderMapping<F> {
  const columns = new Map<number, F>();
  const seen = new Set<F>();
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const text = cell.trim();
    if (text === '') return;
    const field = fieldOf(text);
    if (field && !seen.has(field)) {
      columns.set(index, field);
      seen.add(field);
    } else if (!field) {
      ignored.push(text);
    }
  });
  return { columns, ignored, missing: required.filter((f) => !seen.has(f)) };
}
