// The pure parts of the importer: header matching, dates, vocabulary, row validation, the
// responsible-inventor rule and file sniffing.
import { describe, expect, it } from 'vitest';
import { t } from '../../../core/i18n.ts';
import { formatApplicationNumber } from '../../../core/identifiers/cn-application-number.ts';
import { parseDateCell } from '../../../core/inventory/dates.ts';
import { mapHeaders, normaliseHeader } from '../../../core/inventory/headers.ts';
import { locateHeader } from '../../../core/inventory/locate-header.ts';
import { responsibleInventor } from '../../../core/inventory/responsible.ts';
import { sniffFormat } from '../../../core/inventory/sniff.ts';
import { validateRow } from '../../../core/inventory/validate-row.ts';
import { parseLegalStatus, parsePatentType, splitNames } from '../../../core/inventory/vocabulary.ts';
import { appNo, gbk, utf8, utf8Bom } from './fixtures.ts';

const day = (d: Date | undefined) => d?.toISOString().slice(0, 10);

describe('headers', () => {
  it('match CNIPA, platform-template and English variants, and list what is missing', () => {
    expect(normaliseHeader(' 公开（公告）号 ')).toBe('公开公告号');
    const mapping = mapHeaders([
      '申请号',
      '申请日',
      '申请（专利权）人',
      '发明（设计）人',
      '代理机构',
      'Title',
    ]);
    expect([...mapping.columns.values()]).toEqual([
      'applicationNumber',
      'applicationDate',
      'patentees',
      'inventors',
      'title',
    ]);
    expect(mapping.ignored).toEqual(['代理机构']);
    expect(mapping.missing).toEqual([]);
    expect(mapHeaders(['Application No.', 'Filing Date']).missing).toEqual(['title', 'inventors']);
  });

  it('find the header under a title row and across two merged header rows', () => {
    const located = locateHeader([
      ['某大学专利清单', null, null, null, null],
      ['申请号', '日期', null, '发明名称', '发明人'],
      [null, '申请日', '授权公告日', null, null],
    ]);
    expect('mapping' in located && located.lastIndex).toBe(2);
  });
});

describe('dates', () => {
  it('read Excel dates, serial numbers and written forms, and reject impossible dates', () => {
    expect(day(parseDateCell(43500).ok ? (parseDateCell(43500) as { value: Date }).value : undefined)).toBe(
      '2019-02-04',
    );
    for (const written of [
      '2017-06-01',
      '2017/6/1',
      '2017.06.01',
      '20170601',
      '2017年6月1日',
      '2017-06-01T00:00:00Z',
    ]) {
      const parsed = parseDateCell(written);
      expect(parsed.ok && day(parsed.value)).toBe('2017-06-01');
    }
    expect(parseDateCell('2023-02-30').ok).toBe(false);
    expect(parseDateCell(12).ok).toBe(false);
    const date = parseDateCell(new Date(Date.UTC(2020, 4, 3)));
    expect(date.ok && day(date.value)).toBe('2020-05-03');
  });
});

describe('vocabulary', () => {
  it('maps types, legal statuses and name lists', () => {
    expect(parsePatentType('实用新型')).toBe('UTILITY_MODEL');
    expect(parsePatentType('Design')).toBe('DESIGN');
    expect(parseLegalStatus('未缴年费专利权终止')).toBe('LAPSED');
    expect(parseLegalStatus('有效')).toBe('VALID');
    expect(parseLegalStatus('实质审查')).toBe('PENDING');
    expect(parseLegalStatus('全部无效')).toBe('INVALIDATED');
    expect(splitNames('张伟；李明、王芳,John Smith;张伟')).toEqual(['张伟', '李明', '王芳', 'John Smith']);
  });
});

describe('validateRow', () => {
  const base = {
    applicationNumber: `ZL ${appNo(2017, 1, 601862)}`,
    applicationDate: '2017-08-01',
    title: '一种电池',
    inventors: '张伟',
    ipc: 'H01M 10/0562(2010.01)',
  };
  const has = () => false;

  it('normalises a good row', () => {
    const result = validateRow(base, has);
    expect(result.ok && result.record).toMatchObject({
      applicationNumber: appNo(2017, 1, 601862),
      type: 'INVENTION',
      legalStatus: 'VALID',
      ipcCodes: ['H01M 10/0562'],
    });
  });

  it('accepts a number Excel stored without its ".0" check character', () => {
    const digits = Array.from({ length: 200 }, (_, i) => appNo(2019, 1, 500000 + i)).find((n) =>
      n.endsWith('.0'),
    )!;
    const result = validateRow(
      { ...base, applicationNumber: Number(digits.slice(0, 12)), applicationDate: '2019-01-02' },
      has,
    );
    expect(result.ok && result.record.applicationNumber).toBe(digits);
  });

  it('gives every reason at once, each with its column', () => {
    const result = validateRow(
      {
        ...base,
        applicationDate: '2016-01-01',
        type: '外观设计',
        grantDate: '2015-01-01',
        contactEmail: 'nope',
      },
      has,
    );
    expect(!result.ok && result.issues.map((i) => [i.field, i.reason.key])).toEqual([
      ['type', 'inventory:row.type_mismatch'],
      ['applicationDate', 'inventory:row.date_year_mismatch'],
    ]);
    // Secondary fields are warnings, given all the same.
    expect(result.warnings.map((i) => [i.field, i.reason.key])).toEqual([
      ['grantDate', 'inventory:row.grant_before_filing'],
      ['contactEmail', 'inventory:row.email_invalid'],
    ]);
  });

  it('keeps a patent whose secondary fields fail, without their values, and says why', () => {
    const result = validateRow(
      {
        ...base,
        publicationNumber: 'CN110023555U',
        grantDate: '不详',
        abstract: '长'.repeat(20_001),
        locarno: '99-99x',
        contactMobile: 'abc',
      },
      has,
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.record).toMatchObject({
      publicationNumber: null,
      grantDate: null,
      abstract: null,
      locarnoClass: null,
      contactMobile: null,
      skipped: ['grantDate', 'publicationNumber', 'abstract', 'locarno', 'contactMobile'],
    });
    expect(result.warnings.map((w) => w.reason)).toEqual([
      { key: 'inventory:row.date_invalid', params: { value: '不详' } },
      { key: 'inventory:row.publication_kind_mismatch.UTILITY_MODEL', params: { value: 'CN110023555U' } },
      { key: 'inventory:row.too_long', params: { max: 20_000 } },
      { key: 'inventory:row.locarno_invalid', params: { value: '99-99x' } },
      { key: 'inventory:row.mobile_invalid' },
    ]);
    expect(t('en', result.warnings[1]!.reason.key, result.warnings[1]!.reason.params)).toBe(
      'CN110023555U: a utility-model publication number starts with 2',
    );
  });

  it('names the type digit a publication number needs, and accepts the 7-digit numbers of old documents', () => {
    const utility = { ...base, applicationNumber: appNo(2017, 2, 601862) };
    const wrongDigit = validateRow({ ...utility, publicationNumber: 'CN110023555U' }, has);
    expect(wrongDigit.warnings[0]!.reason).toEqual({
      key: 'inventory:row.publication_kind_mismatch.UTILITY_MODEL',
      params: { value: 'CN110023555U' },
    });
    expect(t('zh-CN', wrongDigit.warnings[0]!.reason.key, wrongDigit.warnings[0]!.reason.params)).toBe(
      'CN110023555U：实用新型专利的公告号以 2 开头',
    );
    const otherType = validateRow({ ...utility, publicationNumber: 'CN110023555B' }, has);
    expect(otherType.warnings[0]!.reason.key).toBe('inventory:row.publication_type_mismatch.UTILITY_MODEL');
    const old = validateRow(
      {
        ...base,
        applicationNumber: formatApplicationNumber('97101765'),
        applicationDate: '1997-03-01',
        publicationNumber: 'CN1234567C',
      },
      has,
    );
    expect(old.warnings).toEqual([]);
  });

  it('lets a design row go without IPC but not an invention', () => {
    const design = validateRow(
      { ...base, applicationNumber: appNo(2017, 3, 601862), ipc: '', locarno: '14-03' },
      has,
    );
    expect(design.ok && design.record.locarnoClass).toBe('14-03');
    const invention = validateRow({ ...base, ipc: '' }, has);
    expect(!invention.ok && invention.issues[0]!.reason.key).toBe('inventory:row.ipc_required');
  });
});

describe('responsible inventor rule', () => {
  const id = (n: number) => `p${n}`;
  it('is the first inventor when serving', () => {
    expect(responsibleInventor([{ position: 1, personId: id(1), employment: 'SERVING' }])).toBe(id(1));
  });
  it('skips a student, retired or departed first inventor for the highest-ranked serving one', () => {
    for (const employment of ['STUDENT', 'RETIRED', 'LEFT'] as const) {
      expect(
        responsibleInventor([
          { position: 3, personId: id(3), employment: 'SERVING' },
          { position: 1, personId: id(1), employment },
          { position: 2, personId: id(2), employment: 'STUDENT' },
        ]),
      ).toBe(id(3));
    }
  });
  it('decides nothing when the first inventor is unknown', () => {
    expect(
      responsibleInventor([
        { position: 1, personId: null, employment: null },
        { position: 2, personId: id(2), employment: 'SERVING' },
      ]),
    ).toBeNull();
  });
});

describe('sniffFormat', () => {
  it('tells XLSX, old XLS, UTF-8 (with or without BOM) and GBK apart', () => {
    expect(sniffFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toMatchObject({ ok: true, format: 'xlsx' });
    expect(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toEqual({ ok: false, reason: 'xls' });
    expect(sniffFormat(utf8Bom('申请号'))).toEqual({ ok: true, format: 'csv-utf8', bom: true });
    // a character cut in half at the end of the sample is still UTF-8
    expect(sniffFormat(utf8('申请号,申').subarray(0, 13))).toMatchObject({ format: 'csv-utf8' });
    expect(sniffFormat(gbk('申请号,发明名称'))).toMatchObject({ format: 'csv-gbk' });
    expect(sniffFormat(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
  });
});
