// The benchmark's patent lists on disk, written as streams so that a 1 000 000-row list costs no
// memory to make: a UTF-8 CSV, and an XLSX as Excel writes one (every text a shared string, the
// sheet stored before the shared strings, filing dates as date-formatted numbers) through a small
// streaming ZIP writer with data descriptors.
import { createWriteStream, type WriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw } from 'node:zlib';
import { benchRow, HEADERS, sheetValues } from './rows.ts';

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function writeCsv(file: string, rows: number): Promise<void> {
  async function* lines() {
    yield `${HEADERS.map(csvField).join(',')}\n`;
    let batch = '';
    for (let i = 1; i <= rows; i++) {
      batch += `${sheetValues(benchRow(i)).map(csvField).join(',')}\n`;
      if (i % 2000 === 0) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(lines()), createWriteStream(file));
}

// ------------------------------------------------------------------------------ XLSX

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const column = (index: number) => String.fromCharCode(65 + index);
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const serial = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return (Date.UTC(y!, m! - 1, d!) - EXCEL_EPOCH) / 86_400_000;
};

/** Column (0-based) of the filing date, written as a date cell; every other cell is a shared string. */
const DATE_COLUMN = 1;
/** Columns whose text is different on every row: they follow the repeated texts in the table. */
const UNIQUE_COLUMNS = [0, 2, 4];

/**
 * Where each text sits in the shared-string table without a map of every text: the repeated ones
 * (headers, names, classes, statuses …) first, found in one pass over a full cycle of the rows'
 * patterns, then three texts per row in row order.
 */
function stringTable() {
  const repeated = new Map<string, number>();
  const add = (text: string) => {
    if (!repeated.has(text)) repeated.set(text, repeated.size);
  };
  for (const h of HEADERS) add(h);
  for (let i = 1; i <= 840; i++) {
    sheetValues(benchRow(i)).forEach((value, c) => {
      if (c !== DATE_COLUMN && !UNIQUE_COLUMNS.includes(c)) add(value);
    });
  }
  // Row 0 is the header, among the repeated texts.
  const index = (row: number, c: number, value: string) =>
    row > 0 && UNIQUE_COLUMNS.includes(c)
      ? repeated.size + (row - 1) * UNIQUE_COLUMNS.length + UNIQUE_COLUMNS.indexOf(c)
      : repeated.get(value)!;
  return { repeated: [...repeated.keys()], index };
}

class ZipWriter {
  private offset = 0;
  private readonly entries: {
    name: Buffer;
    crc: number;
    compressed: number;
    size: number;
    offset: number;
  }[] = [];
  constructor(private readonly out: WriteStream) {
    // Each part is piped into the same file stream without ending it.
    out.setMaxListeners(100);
  }

  private write(buffer: Buffer): Promise<void> {
    this.offset += buffer.length;
    return new Promise((resolve, reject) => this.out.write(buffer, (e) => (e ? reject(e) : resolve())));
  }

  async add(name: string, content: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 name
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(nameBytes.length, 26);
    const start = this.offset;
    await this.write(Buffer.concat([header, nameBytes]));
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _e, done) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const count = new Transform({
      transform(chunk: Buffer, _e, done) {
        compressed += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(
      Readable.from(content, { objectMode: false }),
      measure,
      createDeflateRaw({ level: 6 }),
      count,
      this.out,
      { end: false },
    );
    this.offset += compressed;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.write(descriptor);
    this.entries.push({ name: nameBytes, crc, compressed, size, offset: start });
  }

  async close(): Promise<void> {
    const directoryStart = this.offset;
    for (const e of this.entries) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0808, 8);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(e.crc, 16);
      central.writeUInt32LE(e.compressed, 20);
      central.writeUInt32LE(e.size, 24);
      central.writeUInt16LE(e.name.length, 28);
      central.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([central, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - directoryStart, 12);
    end.writeUInt32LE(directoryStart, 16);
    await this.write(end);
    await new Promise<void>((resolve, reject) =>
      this.out.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
  }
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

export async function writeXlsx(file: string, rows: number): Promise<void> {
  const table = stringTable();
  const zip = new ZipWriter(createWriteStream(file));
  await zip.add('[Content_Types].xml', [
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '</Types>',
  ]);
  await zip.add('_rels/.rels', [
    `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ]);
  await zip.add('xl/workbook.xml', [
    `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="专利清单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ]);
  await zip.add('xl/_rels/workbook.xml.rels', [
    `${XML}<Relationships xmlns="${PKG}">` +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
      '</Relationships>',
  ]);
  // Excel's order: the sheet, then the styles and shared strings it refers to.
  await zip.add('xl/worksheets/sheet1.xml', sheetXml(rows, table));
  await zip.add('xl/styles.xml', [
    `${XML}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>` +
      '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
      '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs>' +
      '</styleSheet>',
  ]);
  await zip.add('xl/sharedStrings.xml', sharedStringsXml(rows, table));
  await zip.close();
}

async function* sheetXml(rows: number, table: ReturnType<typeof stringTable>): AsyncGenerator<string> {
  yield `${XML}<worksheet xmlns="${MAIN}"><dimension ref="A1:L${rows + 1}"/><sheetData>`;
  yield `<row r="1">${HEADERS.map((h, c) => `<c r="${column(c)}1" t="s"><v>${table.index(0, c, h)}</v></c>`).join('')}</row>`;
  let batch = '';
  for (let i = 1; i <= rows; i++) {
    const r = i + 1;
    const cells = sheetValues(benchRow(i))
      .map((value, c) =>
        c === DATE_COLUMN
          ? `<c r="${column(c)}${r}" s="1"><v>${serial(value)}</v></c>`
          : `<c r="${column(c)}${r}" t="s"><v>${table.index(i, c, value)}</v></c>`,
      )
      .join('');
    batch += `<row r="${r}">${cells}</row>`;
    if (i % 1000 === 0) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}</sheetData></worksheet>`;
}

async function* sharedStringsXml(
  rows: number,
  table: ReturnType<typeof stringTable>,
): AsyncGenerator<string> {
  const total = table.repeated.length + rows * UNIQUE_COLUMNS.length;
  yield `${XML}<sst xmlns="${MAIN}" count="${total}" uniqueCount="${total}">`;
  yield table.repeated.map((s) => `<si><t>${escapeXml(s)}</t></si>`).join('');
  let batch = '';
  for (let i = 1; i <= rows; i++) {
    const values = sheetValues(benchRow(i));
    for (const c of UNIQUE_COLUMNS) batch += `<si><t>${escapeXml(values[c]!)}</t></si>`;
    if (i % 1000 === 0) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}</sst>`;
}
