// The XLSX reader's parts, without a database: the tokenizer (entities, tokens cut between chunks,
// no DOCTYPE), the shared-string table (spilling to a private file past its budget), the sheet read
// by both paths (plain and namespace-prefixed element names) with shared, inline, rich and phonetic
// texts, dates by built-in and custom formats, the 1904 system, formulas and errors, and the number
// set that finds repeated application numbers.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatApplicationNumber } from '../../../core/identifiers/cn-application-number.ts';
import type { SheetRow } from '../../../core/inventory/cells.ts';
import { NumberSet, numberKey } from '../../../core/inventory/number-set.ts';
import { isDateFormat, readXlsxRows } from '../../../core/inventory/read-xlsx.ts';
import { SharedStrings } from '../../../core/inventory/shared-strings.ts';
import { XmlError, type XmlHandler, XmlScanner } from '../../../core/inventory/xml-scan.ts';
import { zip } from './hostile-fixtures.ts';

async function rows(file: Buffer, chunk = 97): Promise<SheetRow[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < file.length; i += chunk) chunks.push(file.subarray(i, i + chunk));
  const out: SheetRow[] = [];
  for await (const row of readXlsxRows(Readable.from(chunks))) out.push(row);
  return out;
}

describe('XmlScanner', () => {
  const events = (xml: string, chunk: number) => {
    const seen: string[] = [];
    const handler: XmlHandler = {
      open: (name, attributes, selfClosing) => {
        seen.push(`<${name}${attributes}${selfClosing ? '/' : ''}>`);
        scanner.capture = name === 't';
      },
      close: (name) => {
        seen.push(`</${name}>`);
        scanner.capture = false;
      },
      text: (text) => seen.push(text),
    };
    const scanner = new XmlScanner(handler);
    for (let i = 0; i < xml.length; i += chunk) scanner.write(xml.slice(i, i + chunk));
    scanner.end();
    return seen;
  };

  it('gives the same tokens however the text is cut, with entities and CDATA decoded', () => {
    const xml =
      '<?xml version="1.0"?><!-- note --><x:si a=">"><x:t xml:space="preserve">A &amp; B &#x4E2D;&#25991;</x:t>' +
      '<t><![CDATA[<raw> & text]]></t><e/></x:si>';
    const whole = events(xml, xml.length);
    expect(whole).toEqual([
      '<si a=">">',
      '<t xml:space="preserve">',
      'A & B 中文',
      '</t>',
      '<t>',
      '<raw> & text',
      '</t>',
      '<e/>',
      '</si>',
    ]);
    for (const chunk of [1, 2, 3, 7]) expect(events(xml, chunk).join('')).toBe(whole.join(''));
  });

  it('refuses a DOCTYPE (entity expansion) and an unfinished document', () => {
    expect(() => events('<!DOCTYPE x [<!ENTITY a "aaaa">]><t>&a;</t>', 100)).toThrow(XmlError);
    expect(() => events('<sst><si><t>unfinished', 100)).toThrow(XmlError);
  });
});

describe('SharedStrings', () => {
  let temp: string;
  const previousTmp = process.env.TMPDIR;
  beforeAll(async () => {
    temp = await mkdtemp(path.join(tmpdir(), 'revive-strings-test-'));
    process.env.TMPDIR = temp;
  });
  afterAll(async () => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await rm(temp, { recursive: true, force: true });
  });

  it('keeps strings in memory up to its budget and the rest in an unlinked private file', async () => {
    const table = new SharedStrings(64);
    const texts = Array.from({ length: 50 }, (_, i) => `第${i}个字符串${'x'.repeat(i % 7)}`);
    texts.push('', 'long'.repeat(100_000));
    for (const text of texts) table.add(text);
    table.finish();
    // The spill file was unlinked as soon as it was opened: nothing in the directory.
    expect(await readdir(temp)).toEqual([]);
    expect(table.size).toBe(texts.length);
    for (let round = 0; round < 2; round++) {
      texts.forEach((text, i) => {
        expect(table.get(i)).toBe(text);
      });
    }
    expect(table.get(texts.length)).toBeUndefined();
    expect(table.get(-1)).toBeUndefined();
    table.close();
  });
});

describe('readXlsxRows', () => {
  const sheetXml = (prefix: string) => {
    const p = prefix ? `${prefix}:` : '';
    return (
      `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet xmlns${prefix ? `:${prefix}` : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      `<${p}dimension ref="A1:H3"/><${p}sheetData>` +
      `<${p}row r="1"><${p}c r="A1" t="s"><${p}v>0</${p}v></${p}c><${p}c r="C1" t="s"><${p}v>1</${p}v></${p}c>` +
      `<${p}c r="D1" t="inlineStr"><${p}is><${p}r><${p}t>内</${p}t></${p}r><${p}r><${p}t xml:space="preserve">联 </${p}t></${p}r>` +
      `<${p}rPh sb="0" eb="1"><${p}t>nei</${p}t></${p}rPh></${p}is></${p}c>` +
      `<${p}c r="E1" s="1"><${p}v>43500</${p}v></${p}c><${p}c r="F1" s="2"><${p}v>43500.5</${p}v></${p}c>` +
      `<${p}c r="G1" s="3"><${p}v>2</${p}v></${p}c><${p}c r="H1" t="b"><${p}v>1</${p}v></${p}c></${p}row>` +
      `<${p}row r="3"><${p}c r="A3" t="str"><${p}f>A1&amp;"x"</${p}f><${p}v>a &amp; b</${p}v></${p}c>` +
      `<${p}c r="B3"><${p}f>SUM(1,2)</${p}f></${p}c><${p}c r="C3" t="e"><${p}v>#N/A</${p}v></${p}c>` +
      `<${p}c r="D3" t="d"><${p}v>2021-01-05T00:00:00Z</${p}v></${p}c><${p}c r="E3"/></${p}row>` +
      `</${p}sheetData></${p}worksheet>`
    );
  };
  const workbookFile = (prefix: string, date1904 = false) =>
    zip([
      {
        name: 'xl/workbook.xml',
        data: `<workbook xmlns:r="r"><workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="a" r:id="rId7"/></sheets></workbook>`,
      },
      { name: 'xl/worksheets/data.xml', data: sheetXml(prefix) },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data:
          '<Relationships><Relationship Id="rId7" Type="http://x/relationships/worksheet" Target="worksheets/data.xml"/>' +
          '<Relationship Id="rId8" Type="http://x/relationships/sharedStrings" Target="/xl/strings.xml"/>' +
          '<Relationship Id="rId9" Type="http://x/relationships/styles" Target="styles.xml"/></Relationships>',
      },
      {
        name: 'xl/styles.xml',
        data:
          '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>' +
          '<numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/></numFmts>' +
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>',
      },
      {
        name: 'xl/strings.xml',
        data:
          '<sst uniqueCount="2"><si><t>申请号</t></si><si><r><t>发明</t></r><r><t>名称_x000D_</t></r>' +
          '<rPh><t>ming</t></rPh></si></sst>',
      },
    ]);

  const expected = (date1904: boolean) => {
    const day = (serial: number) =>
      new Date((date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)) + serial * 86_400_000);
    return [
      { rowNumber: 1, cells: ['申请号', null, '发明名称\r', '内联 ', day(43500), day(43500.5), 2, true] },
      {
        rowNumber: 3,
        cells: [
          'a & b',
          { kind: 'formula', formula: 'SUM(1,2)' },
          { kind: 'error', error: '#N/A' },
          new Date(Date.UTC(2021, 0, 5)),
        ],
      },
    ];
  };

  it('reads shared, rich, inline and phonetic texts, dates by format, booleans, formulas and errors', async () => {
    expect(await rows(workbookFile(''))).toEqual(expected(false));
  });

  it('reads a sheet whose elements carry a namespace prefix the same way', async () => {
    expect(await rows(workbookFile('x'))).toEqual(expected(false));
  });

  it('counts dates from 1904 when the workbook says so', async () => {
    expect(await rows(workbookFile('', true), 4096)).toEqual(expected(true));
  });

  it('reads what exceljs writes, as before', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(['申请号', '日期', '名称']);
    sheet.addRow([
      '201710601862.3',
      new Date(Date.UTC(2017, 5, 1)),
      { richText: [{ text: '一种' }, { text: '电池' }] },
    ]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await rows(file)).toEqual([
      { rowNumber: 1, cells: ['申请号', '日期', '名称'] },
      { rowNumber: 2, cells: ['201710601862.3', new Date(Date.UTC(2017, 5, 1)), '一种电池'] },
    ]);
  });

  it('tells date formats from number formats', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('[$-804]yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('[h]:mm:ss')).toBe(true);
    expect(isDateFormat('0.00"d"')).toBe(false);
    expect(isDateFormat('[Red]#,##0')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
  });
});

describe('NumberSet', () => {
  it('finds a repeated application number, exactly, old and new forms apart', () => {
    const set = new NumberSet();
    const numbers = Array.from({ length: 5000 }, (_, i) =>
      formatApplicationNumber(`2018${i % 3 === 0 ? 1 : 2}${String(i).padStart(7, '0')}`),
    );
    numbers.forEach((n, i) => {
      set.add(n, i + 2);
    });
    numbers.forEach((n, i) => {
      expect(set.get(n)).toBe(i + 2);
    });
    set.add(numbers[0]!, 9999);
    expect(set.get(numbers[0]!)).toBe(2);
    const old = formatApplicationNumber('97101765');
    expect(set.get(old)).toBeUndefined();
    expect(numberKey(old)).not.toBe(numberKey(formatApplicationNumber('000097101765')));
  });
});
