// Column headers of expert lists, in Chinese or English, matched by name like the patent list's.
import { type HeaderMapping, mapHeadersWith, normaliseHeader } from '../inventory/headers.ts';

export const EXPERT_FIELDS = ['name', 'email', 'title', 'affiliation', 'region', 'ipc', 'keywords'] as const;
export type ExpertColumn = (typeof EXPERT_FIELDS)[number];

export const REQUIRED_EXPERT_FIELDS: readonly ExpertColumn[] = ['name', 'email'];

// Written in normaliseHeader's form: NFKC, no spaces or brackets, lower case.
const ALIASES: Record<ExpertColumn, string[]> = {
  name: ['姓名', '专家姓名', '名字', 'name', 'fullname', 'expertname'],
  email: ['邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail', 'emailaddress', 'mail'],
  title: ['职称', '职务', '职称/职务', '职称职务', 'title', 'professionaltitle', 'position'],
  affiliation: [
    '工作单位',
    '所在单位',
    '单位',
    '单位名称',
    '所属单位',
    '单位代码',
    '单位代码或统一社会信用代码',
    'affiliation',
    'organization',
    'organisation',
    'institution',
    'employer',
    'company',
  ],
  // For a free-text affiliation: a GB/T 2260 code or place name (a registered one has its own).
  region: [
    '地区',
    '所在地区',
    '省份',
    '所在省份',
    '行政区划代码',
    '地区代码',
    'region',
    'regioncode',
    'province',
  ],
  ipc: [
    'ipc',
    'ipc分类号',
    'ipc分类',
    '技术领域',
    '技术领域ipc',
    '专业领域ipc',
    '领域ipc',
    'ipc领域',
    'ipcfields',
    'fieldsipc',
    'fields',
  ],
  keywords: ['关键词', '关键字', '研究方向', '专业方向', 'keywords', 'keyword', 'expertise'],
};

const LOOKUP = new Map<string, ExpertColumn>();
for (const field of EXPERT_FIELDS) for (const alias of ALIASES[field]) LOOKUP.set(alias, field);

export const mapExpertHeaders = (cells: readonly string[]): HeaderMapping<ExpertColumn> =>
  mapHeadersWith(cells, (raw) => LOOKUP.get(normaliseHeader(raw)), REQUIRED_EXPERT_FIELDS);
