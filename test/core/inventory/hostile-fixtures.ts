// Hostile and unusual files made in the test, small: XLSX workbooks assembled part by part (so that
// the order of the parts, their declared sizes and their shared strings are ours to choose), zip
// bombs that declare or hide what they inflate to, and binaries renamed .csv.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  data: Buffer | string;
  /** What the central directory claims the part inflates to (a lie, for a zip bomb that hides). */
  declaredSize?: number;
}

/** A ZIP archive of the parts, in the given order, deflated. */
export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8');
    const compressed = deflateRawSync(data);
    const name = Buffer.from(part.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(part.declaredSize ?? data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(part.declaredSize ?? data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const columnName = (index: number) => {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

export interface WorkbookOptions {
  /** Part order; Excel writes the sheet before the shared strings. Default: strings first. */
  sheetFirst?: boolean;
  /** Extra shared strings no cell uses (a shared-strings bomb pads these). */
  padding?: string[];
  /** Overrides the sheet's <dimension ref>. */
  dimension?: string;
  declared?: Partial<Record<'sheet' | 'sharedStrings', number>>;
}

/** An XLSX workbook of these rows, every text a shared string, as Excel writes it. */
export function workbook(rows: string[][], options: WorkbookOptions = {}): Buffer {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sheetRows = rows
    .map((row, r) => {
      const cells = row
        .map((value, c) => {
          if (value === '') return '';
          let i = index.get(value);
          if (i === undefined) {
            i = strings.length;
            strings.push(value);
            index.set(value, i);
          }
          return `<c r="${columnName(c)}${r + 1}" t="s"><v>${i}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const all = [...strings, ...(options.padding ?? [])];
  const width = Math.max(1, ...rows.map((r) => r.length));
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<dimension ref="${options.dimension ?? `A1:${columnName(width - 1)}${rows.length}`}"/>` +
    `<sheetData>${sheetRows}</sheetData></worksheet>`;
  const sharedStrings =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${all.length}" uniqueCount="${all.length}">` +
    all.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('') +
    '</sst>';
  const parts: Record<string, ZipPart> = {
    types: {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    rels: {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    },
    workbook: {
      name: 'xl/workbook.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets><sheet name="专利清单" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    workbookRels: {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
        '</Relationships>',
    },
    sheet: { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: options.declared?.sheet },
    sharedStrings: {
      name: 'xl/sharedStrings.xml',
      data: sharedStrings,
      declaredSize: options.declared?.sharedStrings,
    },
  };
  const order = options.sheetFirst
    ? ['types', 'rels', 'workbook', 'workbookRels', 'sheet', 'sharedStrings']
    : ['types', 'rels', 'workbook', 'workbookRels', 'sharedStrings', 'sheet'];
  return zip(order.map((k) => parts[k]!));
}
