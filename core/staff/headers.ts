// Column headers of staff lists as personnel offices export them, in Chinese or English. Matched by
// name like the patent list's headers (core/inventory/headers.ts normaliseHeader): extra columns are
// ignored and listed in the report.
import { type HeaderMapping, mapHeadersWith, normaliseHeader } from '../inventory/headers.ts';

export const STAFF_FIELDS = ['name', 'staffNumber', 'email', 'college', 'employment', 'phone'] as const;
export type StaffField = (typeof STAFF_FIELDS)[number];

/** Without these a row cannot become a staff record; email, college and phone may be left out. */
export const REQUIRED_STAFF_FIELDS: readonly StaffField[] = ['name', 'staffNumber', 'employment'];

// Written in normaliseHeader's form: NFKC, no spaces or brackets, lower case.
const ALIASES: Record<StaffField, string[]> = {
  name: ['姓名', '教职工姓名', '人员姓名', '名字', 'name', 'fullname', 'staffname'],
  staffNumber: [
    '工号',
    '职工号',
    '教工号',
    '教职工号',
    '人员编号',
    '职工编号',
    '学工号',
    '工号/学号',
    '学号/工号',
    'staffnumber',
    'staffno',
    'staffno.',
    'staffid',
    'employeeid',
    'employeenumber',
    'employeeno',
    'employeeno.',
  ],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', 'email', 'e-mail', 'emailaddress', 'mail'],
  college: [
    '学院',
    '所属学院',
    '院系',
    '所属院系',
    '二级单位',
    '所在单位',
    '部门',
    'college',
    'department',
    'school',
  ],
  employment: [
    '人员状态',
    '状态',
    '在职状态',
    '任职状态',
    '人员类别',
    '身份',
    'employmentstatus',
    'employment',
    'status',
  ],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', 'phone', 'mobile', 'mobilephone', 'telephone'],
};

const LOOKUP = new Map<string, StaffField>();
for (const field of STAFF_FIELDS) for (const alias of ALIASES[field]) LOOKUP.set(alias, field);

export const staffFieldForHeader = (raw: string): StaffField | undefined => LOOKUP.get(normaliseHeader(raw));

export const mapStaffHeaders = (cells: readonly string[]): HeaderMapping<StaffField> =>
  mapHeadersWith(cells, staffFieldForHeader, REQUIRED_STAFF_FIELDS);
