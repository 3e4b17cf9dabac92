// The benchmark's patent rows, generated deterministically so that the XLSX import and the raw COPY
// load exactly the same data.
import { formatApplicationNumber } from '../../core/identifiers/cn-application-number.ts';
import { CNIPA_HEADERS } from '../../test/core/inventory/fixtures.ts';

/** The CNIPA export layout, as the import tests write it. */
export const HEADERS = CNIPA_HEADERS;

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰'];
const IPC = ['H01M 10/0562', 'H01M 4/62', 'G06N 3/04', 'C08L 23/06', 'B25J 9/16', 'A61K 31/00'];

export interface BenchRow {
  applicationNumber: string;
  year: number;
  applicationDate: string;
  publicationNumber: string;
  grantDate: string;
  title: string;
  abstract: string;
  patentee: string;
  inventors: string[];
  ipc: string[];
}

export function benchRow(i: number): BenchRow {
  const year = 2010 + (i % 14);
  const name = (k: number) => SURNAMES[(i + k) % SURNAMES.length]! + GIVEN[(i * 7 + k) % GIVEN.length]!;
  return {
    applicationNumber: formatApplicationNumber(`${year}1${String(i).padStart(7, '0')}`),
    year,
    applicationDate: `${year}-0${1 + (i % 9)}-1${i % 10}`,
    publicationNumber: `CN1${String(i).padStart(8, '0')}B`,
    grantDate: `${year + 2}-06-01`,
    title: `一种基于第${i}号实施例的储能材料制备方法`,
    abstract: '本发明公开了一种储能材料及其制备方法，具有能量密度高、循环寿命长的优点。',
    patentee: '基准测试大学',
    inventors: [name(0), name(1), name(2)],
    ipc: [IPC[i % IPC.length]!, IPC[(i + 1) % IPC.length]!],
  };
}

export function sheetValues(r: BenchRow): string[] {
  return [
    r.applicationNumber,
    r.applicationDate,
    r.publicationNumber,
    r.grantDate,
    r.title,
    r.abstract,
    r.patentee,
    r.inventors.join(';'),
    r.ipc.join(';'),
    r.ipc[0]!,
    '发明',
    '有效',
  ];
}
