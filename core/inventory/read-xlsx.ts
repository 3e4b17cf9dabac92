// Streams the rows of the first worksheet of an XLSX file, with bounded memory and limits checked
// before and while reading. The upload is first copied into a private temporary directory (made by
// mkdtemp, readable by this user only) and unlinked as soon as it is open, so that nothing is left
// behind whatever happens next; it is then read as a ZIP by its central directory (zip.ts): the
// workbook for the first sheet, the styles (which numbers are dates), the shared strings (the
// texts cells refer to, counted against their limit and kept compactly, spilling to a private
// temporary file past a budget: shared-strings.ts), then the sheet, row by row,
// whatever order the parts were written in. Excel writes the sheet before the shared strings; a
// front-to-back reader has to park the whole sheet somewhere (exceljs writes it to a temporary
// file: 600 MB for a 585 KB upload), this one just reads the strings first.
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { importLimits } from '../config.ts';
import type { Cell, SheetRow } from './cells.ts';
import { FileRefused, type ImportLimits, megabytes } from './limits.ts';
import { HEADER_SCAN_ROWS } from './locate-header.ts';
import { SharedStrings } from './shared-strings.ts';
import { attribute, decodeEntities, parseAttributes, XmlError, XmlScanner } from './xml-scan.ts';
import { entryBytes, readCentralDirectory, type ZipEntry, ZipError } from './zip.ts';

/** Excel's own limit for one cell is 32 767 characters; one XML token may not exceed this. */
const MAX_TOKEN = 1024 * 1024;

export interface XlsxOptions {
  limits?: ImportLimits;
  /** Updated while the sheet is read: its bytes inflated so far and the size it declares. */
  position?: { done: number; total: number };
}

export async function* readXlsxRows(stream: Readable, options: XlsxOptions = {}): AsyncGenerator<SheetRow> {
  const limits = options.limits ?? importLimits();
  const { handle, size } = await spool(stream, limits);
  try {
    yield* readWorkbook(handle, size, limits, options.position ?? { done: 0, total: 0 });
  } finally {
    await handle.close();
  }
}

/** Copies the upload into a private temporary file, opened and already unlinked. */
async function spool(stream: Readable, limits: ImportLimits): Promise<{ handle: FileHandle; size: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'revive-upload-'));
  const file = path.join(dir, 'upload.xlsx');
  try {
    let size = 0;
    await pipeline(
      stream,
      async function* (source: AsyncIterable<Buffer | string>) {
        for await (const chunk of source) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          size += bytes.length;
          if (size > limits.maxUploadBytes) {
            throw new FileRefused('too_large_stream', { limit: megabytes(limits.maxUploadBytes) });
          }
          yield bytes;
        }
      },
      createWriteStream(file, { mode: 0o600 }),
    );
    const handle = await open(file, 'r');
    return { handle, size };
  } finally {
    // Unlinked while open: the data stays readable through the handle and is gone when it closes.
    await rm(dir, { recursive: true, force: true });
  }
}

interface Parts {
  sheet: ZipEntry;
  sharedStrings: ZipEntry | null;
  styles: ZipEntry | null;
  date1904: boolean;
}

async function* readWorkbook(
  handle: FileHandle,
  size: number,
  limits: ImportLimits,
  position: { done: number; total: number },
): AsyncGenerator<SheetRow> {
  let entries: ZipEntry[];
  try {
    entries = await readCentralDirectory(handle, size);
  } catch (error) {
    if (error instanceof ZipError) throw new FileRefused('damaged');
    throw error;
  }
  const byName = new Map(entries.map((e) => [e.name.replace(/^\/+/, ''), e]));
  let inflated = 0;
  const count = (length: number) => {
    inflated += length;
    if (inflated > limits.maxUncompressedBytes) {
      throw new FileRefused('too_large_uncompressed_stream', {
        limit: megabytes(limits.maxUncompressedBytes),
      });
    }
  };
  const reader = (entry: ZipEntry) => entryBytes(handle, entry, count);

  let parts: Parts;
  try {
    parts = await locateParts(byName, reader);
  } catch (error) {
    throw asRefusal(error);
  }
  const declared = [parts.sheet, parts.sharedStrings, parts.styles].reduce(
    (sum, e) => sum + (e?.uncompressedSize ?? 0),
    0,
  );
  // Refused before a byte of the big parts is inflated: what the archive says they inflate to.
  if (declared + inflated > limits.maxUncompressedBytes) {
    throw new FileRefused('too_large_uncompressed', {
      size: megabytes(declared + inflated, true),
      limit: megabytes(limits.maxUncompressedBytes),
    });
  }
  let dateStyles: Set<number>;
  const shared = new SharedStrings();
  try {
    try {
      dateStyles = parts.styles ? await readDateStyles(reader(parts.styles)) : new Set();
      if (parts.sharedStrings) await readSharedStrings(reader(parts.sharedStrings), limits, shared);
      shared.finish();
    } catch (error) {
      throw asRefusal(error);
    }
    position.total = parts.sheet.uncompressedSize;
    const sheetBytes = entryBytes(handle, parts.sheet, (length) => {
      count(length);
      position.done += length;
    });
    yield* readSheet(sheetBytes, {
      shared,
      dateStyles,
      date1904: parts.date1904,
      maxRows: limits.maxRows + HEADER_SCAN_ROWS,
      maxRowsShown: limits.maxRows,
    });
  } finally {
    shared.close();
  }
}

/** Before the sheet: a broken or foreign archive is refused as a whole, in the person's words. */
function asRefusal(error: unknown): unknown {
  if (error instanceof ZipError || error instanceof XmlError) return new FileRefused('damaged');
  return error;
}

// ------------------------------------------------------------------------------ workbook structure

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;

/** Reads a small XML part whole (workbook, relationships): they are a few kilobytes. */
async function collect(
  stream: AsyncIterable<Buffer>,
  onOpen: (name: string, attributes: Record<string, string>) => void,
): Promise<void> {
  const scanner = new XmlScanner(
    {
      open: (name, raw) => onOpen(name, parseAttributes(raw)),
      close: () => undefined,
      text: () => undefined,
    },
    MAX_TOKEN,
  );
  await feed(stream, scanner);
}

async function feed(stream: AsyncIterable<Buffer>, scanner: XmlScanner): Promise<void> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) scanner.write(decoder.write(chunk));
  scanner.write(decoder.end());
  scanner.end();
}

async function relationships(
  byName: Map<string, ZipEntry>,
  reader: (e: ZipEntry) => AsyncIterable<Buffer>,
  partPath: string,
): Promise<{ type: string; id: string; target: string }[]> {
  const dir = path.posix.dirname(partPath);
  const entry = byName.get(path.posix.join(dir, '_rels', `${path.posix.basename(partPath)}.rels`));
  if (!entry) return [];
  const found: { type: string; id: string; target: string }[] = [];
  await collect(reader(entry), (name, a) => {
    if (name === 'Relationship' && a.Target && a.TargetMode !== 'External') {
      const target = a.Target.startsWith('/')
        ? a.Target.slice(1)
        : path.posix.normalize(path.posix.join(dir, a.Target));
      found.push({ type: a.Type ?? '', id: a.Id ?? '', target });
    }
  });
  return found;
}

async function locateParts(
  byName: Map<string, ZipEntry>,
  reader: (e: ZipEntry) => AsyncIterable<Buffer>,
): Promise<Parts> {
  const root = await relationships(byName, reader, '');
  const workbookPath = root.find((r) => REL_OFFICE_DOCUMENT.test(r.type))?.target ?? 'xl/workbook.xml';
  const workbook = byName.get(workbookPath);
  // A ZIP that is not a workbook: a .docx, a zipped folder, a renamed archive.
  if (!workbook) throw new FileRefused('not_spreadsheet');
  let firstSheetRel: string | null = null;
  let date1904 = false;
  await collect(reader(workbook), (name, a) => {
    if (name === 'sheet' && firstSheetRel === null) firstSheetRel = a.id ?? null;
    if (name === 'workbookPr' && (a.date1904 === '1' || a.date1904 === 'true')) date1904 = true;
  });
  const rels = await relationships(byName, reader, workbookPath);
  const sheetPath = rels.find((r) => r.id === firstSheetRel)?.target ?? 'xl/worksheets/sheet1.xml';
  const sheet = byName.get(sheetPath);
  if (!sheet) throw new FileRefused('not_spreadsheet');
  const part = (pattern: RegExp, fallback: string) =>
    byName.get(rels.find((r) => pattern.test(r.type))?.target ?? fallback) ?? null;
  return {
    sheet,
    sharedStrings: part(REL_SHARED_STRINGS, 'xl/sharedStrings.xml'),
    styles: part(REL_STYLES, 'xl/styles.xml'),
    date1904,
  };
}

// ------------------------------------------------------------------------------ styles

// Built-in number formats that show dates or times (ECMA-376 18.8.30, with the CJK ids 27–36, 50–58).
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format code shows a date when, outside quoted text and [..] sections, it has y/m/d/h/s. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Indexes of the cell styles (the `s` attribute of cells) whose number format is a date. */
async function readDateStyles(stream: AsyncIterable<Buffer>): Promise<Set<number>> {
  const customDates = new Set<number>();
  const dates = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  const scanner = new XmlScanner(
    {
      open(name, raw, selfClosing) {
        if (name === 'numFmt') {
          const a = parseAttributes(raw);
          if (a.formatCode && isDateFormat(a.formatCode)) customDates.add(Number(a.numFmtId));
        } else if (name === 'cellXfs') {
          inCellXfs = !selfClosing;
        } else if (name === 'xf' && inCellXfs) {
          const id = Number(attribute(raw, 'numFmtId') ?? 0);
          if (BUILTIN_DATE_FORMATS.has(id) || customDates.has(id)) dates.add(index);
          index++;
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text: () => undefined,
    },
    MAX_TOKEN,
  );
  await feed(stream, scanner);
  return dates;
}

// ------------------------------------------------------------------------------ shared strings

/** Excel escapes characters XML cannot carry as _xHHHH_ (a carriage return is _x000D_). */
const unescapeExcel = (text: string) =>
  text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;

async function readSharedStrings(
  stream: AsyncIterable<Buffer>,
  limits: ImportLimits,
  strings: SharedStrings,
): Promise<void> {
  let parts: string[] = [];
  let phonetic = 0;
  let inText = false;
  const scanner: XmlScanner = new XmlScanner(
    {
      open(name, raw, selfClosing) {
        if (name === 'sst') {
          // Refused on what the file declares, before reading the strings.
          const declared = Number(attribute(raw, 'uniqueCount') ?? 0);
          if (declared > limits.maxSharedStrings) {
            throw new FileRefused('too_many_shared_strings', { limit: limits.maxSharedStrings });
          }
        } else if (name === 'si') {
          parts = [];
        } else if (name === 'rPh') {
          // Phonetic guides (furigana, pinyin runs) are not part of the cell's text.
          if (!selfClosing) phonetic++;
        } else if (name === 't' && !selfClosing) {
          inText = true;
          scanner.capture = phonetic === 0;
        }
        if (name === 'si' && selfClosing) push('');
      },
      close(name) {
        if (name === 't') {
          inText = false;
          scanner.capture = false;
        } else if (name === 'rPh') phonetic--;
        else if (name === 'si') push(parts.length === 1 ? parts[0]! : parts.join(''));
      },
      text(text) {
        if (inText) parts.push(text);
      },
    },
    MAX_TOKEN,
  );
  const push = (text: string) => {
    if (strings.size >= limits.maxSharedStrings) {
      throw new FileRefused('too_many_shared_strings', { limit: limits.maxSharedStrings });
    }
    strings.add(unescapeExcel(text));
  };
  await feed(stream, scanner);
}

// ------------------------------------------------------------------------------ the sheet

interface SheetContext {
  shared: SharedStrings;
  dateStyles: Set<number>;
  date1904: boolean;
  maxRows: number;
  maxRowsShown: number;
}

/** "AB12" → 27 (0-based column), or -1 without a reference. */
function columnOf(reference: string | undefined): number {
  if (!reference) return -1;
  let column = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c < 65 || c > 90) break;
    column = column * 26 + (c - 64);
  }
  return i === 0 ? -1 : column - 1;
}

const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A cell's value from its type (t), style (s), value (<v>), formula (<f>) and inline text (<is>). */
function cellValue(
  ctx: SheetContext,
  type: string,
  style: number,
  value: string | null,
  formula: string | null,
  inline: string | null,
): Cell {
  if (formula !== null && (value === null || (value === '' && type !== 'str'))) {
    return { kind: 'formula', formula };
  }
  if (type === 'inlineStr') return inline === null ? null : unescapeExcel(inline);
  if (value === null) return null;
  if (type === 's') return ctx.shared.get(Number(value)) ?? null;
  if (type === 'str') return unescapeExcel(value);
  if (type === 'b') return value === '1' || value === 'true';
  if (type === 'e') return { kind: 'error', error: value };
  if (type === 'd') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  }
  const n = Number(value);
  if (Number.isNaN(n)) return value;
  if (style >= 0 && ctx.dateStyles.has(style)) {
    const epoch = ctx.date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900;
    return new Date(epoch + Math.round(n * 86_400_000));
  }
  return n;
}

/** Puts a cell at its column (from its reference; after the previous one without). */
function placeCell(cells: Cell[], column: number, cell: Cell): void {
  if (cell !== null) {
    const at = column >= 0 ? column : cells.length;
    while (cells.length < at) cells.push(null);
    cells[at] = cell;
  } else if (column < 0) {
    cells.push(null);
  }
}

/** "A1:L100001" → 100001. */
function checkDimension(ref: string | undefined, ctx: SheetContext): void {
  const last = /(\d+)$/.exec(ref ?? '');
  if (last && Number(last[1]) > ctx.maxRows)
    throw new FileRefused('too_many_rows', { limit: ctx.maxRowsShown });
}

const SHEET_DATA = Buffer.from('sheetData');
const ROW_OPEN = Buffer.from('<row');
const ROW_CLOSE = Buffer.from('</row>');

/**
 * The rows of a sheet, found in the bytes (memchr-fast) and decoded one row at a time: a sheet is
 * some 400 bytes of markup per row, and this is several times quicker than tokenizing all of it.
 * Sheets written with a namespace prefix (<x:row>, from some generators) go through the general
 * tokenizer instead.
 */
async function* readSheet(stream: AsyncIterable<Buffer>, ctx: SheetContext): AsyncGenerator<SheetRow> {
  const iterator = stream[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  // Up to <sheetData: the dimension, and whether the elements carry a prefix.
  let start = -1;
  while (start < 0) {
    const next = await iterator.next();
    if (next.done) throw new XmlError('no sheet data');
    pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
    start = pending.indexOf(SHEET_DATA);
    if (start < 0 && pending.length > MAX_TOKEN) throw new XmlError('no sheet data');
  }
  const head = pending.toString('utf8', 0, start);
  const prefixed = head.charAt(head.length - 1) === ':';
  const dimension = /<(?:\w+:)?dimension\s[^>]*>/.exec(head);
  if (dimension) checkDimension(attribute(dimension[0], 'ref'), ctx);
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => iterator,
  };
  if (prefixed) {
    yield* readSheetTokens(
      (async function* () {
        yield pending;
        yield* rest;
      })(),
      ctx,
    );
    return;
  }

  let rowNumber = 0;
  let position = start;
  const rows: SheetRow[] = [];
  for (;;) {
    for (;;) {
      const open = pending.indexOf(ROW_OPEN, position);
      if (open < 0) {
        // Keep a possible "<ro" cut at the end of the chunk.
        position = Math.max(position, pending.length - ROW_OPEN.length);
        break;
      }
      const after = pending[open + 4];
      if (after === undefined) {
        position = open;
        break;
      }
      if (
        after !== 0x20 &&
        after !== 0x3e &&
        after !== 0x2f &&
        after !== 0x09 &&
        after !== 0x0a &&
        after !== 0x0d
      ) {
        position = open + 4;
        continue;
      }
      const tagEnd = pending.indexOf(0x3e, open);
      if (tagEnd < 0) {
        position = open;
        break;
      }
      const tag = pending.toString('latin1', open + 4, tagEnd);
      const r = Number(attribute(tag, 'r'));
      const number = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
      if (pending[tagEnd - 1] === 0x2f) {
        rowNumber = number;
        if (rowNumber > ctx.maxRows) throw new FileRefused('too_many_rows', { limit: ctx.maxRowsShown });
        rows.push({ rowNumber, cells: [] });
        position = tagEnd + 1;
        continue;
      }
      const close = pending.indexOf(ROW_CLOSE, tagEnd);
      if (close < 0) {
        position = open;
        break;
      }
      rowNumber = number;
      if (rowNumber > ctx.maxRows) throw new FileRefused('too_many_rows', { limit: ctx.maxRowsShown });
      rows.push({ rowNumber, cells: rowCells(pending.toString('utf8', tagEnd + 1, close), ctx) });
      position = close + ROW_CLOSE.length;
    }
    if (rows.length > 0) yield* rows.splice(0, rows.length);
    const next = await iterator.next();
    const remaining = pending.subarray(position);
    if (next.done) {
      if (remaining.indexOf(ROW_OPEN) >= 0) throw new XmlError('unexpected end of sheet');
      return;
    }
    if (remaining.length > MAX_TOKEN) throw new XmlError('row too long');
    pending = remaining.length === 0 ? next.value : Buffer.concat([remaining, next.value]);
    position = 0;
  }
}

/** The cells of one row's markup (between <row …> and </row>). */
function rowCells(markup: string, ctx: SheetContext): Cell[] {
  const cells: Cell[] = [];
  let at = 0;
  for (;;) {
    const open = markup.indexOf('<c', at);
    if (open < 0) return cells;
    const after = markup.charCodeAt(open + 2);
    if (
      after !== 0x20 &&
      after !== 0x3e &&
      after !== 0x2f &&
      after !== 0x09 &&
      after !== 0x0a &&
      after !== 0x0d
    ) {
      at = open + 2;
      continue;
    }
    const tagEnd = markup.indexOf('>', open);
    if (tagEnd < 0) throw new XmlError('cell without end');
    const selfClosing = markup.charCodeAt(tagEnd - 1) === 0x2f;
    const tag = markup.slice(open + 2, selfClosing ? tagEnd - 1 : tagEnd);
    const column = columnOf(attribute(tag, 'r'));
    const type = attribute(tag, 't') ?? '';
    const s = attribute(tag, 's');
    const style = s === undefined ? -1 : Number(s);
    if (selfClosing) {
      placeCell(cells, column, null);
      at = tagEnd + 1;
      continue;
    }
    const close = markup.indexOf('</c>', tagEnd);
    if (close < 0) throw new XmlError('cell without end');
    const inner = markup.slice(tagEnd + 1, close);
    placeCell(
      cells,
      column,
      cellValue(
        ctx,
        type,
        style,
        element(inner, 'v'),
        element(inner, 'f'),
        type === 'inlineStr' ? inlineText(inner) : null,
      ),
    );
    at = close + 4;
  }
}

/** The text of the first <name>…</name> in a cell's markup ('' when self-closing), or null. */
function element(inner: string, name: 'v' | 'f'): string | null {
  const open = inner.indexOf(`<${name}`);
  if (open < 0) return null;
  const after = inner.charCodeAt(open + 2);
  if (after !== 0x3e && after !== 0x20 && after !== 0x2f) return null;
  const tagEnd = inner.indexOf('>', open);
  if (tagEnd < 0) return null;
  if (inner.charCodeAt(tagEnd - 1) === 0x2f) return '';
  const close = inner.indexOf(`</${name}>`, tagEnd);
  return decodeEntities(inner.slice(tagEnd + 1, close < 0 ? inner.length : close));
}

/** The text of an inline string: its <t> runs, without phonetic guides (<rPh>). */
function inlineText(inner: string): string {
  const bare = inner.replace(/<rPh[\s>][\s\S]*?<\/rPh>/g, '');
  let text = '';
  const pattern = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
  for (let m = pattern.exec(bare); m; m = pattern.exec(bare)) text += decodeEntities(m[1]!);
  return text;
}

/** The general path: every element through the tokenizer (sheets with prefixed element names). */
async function* readSheetTokens(stream: AsyncIterable<Buffer>, ctx: SheetContext): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: Cell[] = [];
  let inRow = false;
  // The cell being read.
  let column = -1;
  let type = '';
  let style = -1;
  let value: string | null = null;
  let formula: string | null = null;
  let inline: string[] | null = null;
  let phonetic = 0;
  let target: 'v' | 'f' | 't' | null = null;
  let buffer: string[] = [];

  const finishCell = () =>
    placeCell(cells, column, cellValue(ctx, type, style, value, formula, inline ? inline.join('') : null));

  const scanner: XmlScanner = new XmlScanner(
    {
      open(name, raw, selfClosing) {
        switch (name) {
          case 'dimension':
            // "A1:L100001": refused before reading the rows.
            checkDimension(attribute(raw, 'ref'), ctx);
            return;
          case 'row': {
            const r = Number(attribute(raw, 'r'));
            rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
            if (rowNumber > ctx.maxRows) throw new FileRefused('too_many_rows', { limit: ctx.maxRowsShown });
            cells = [];
            inRow = !selfClosing;
            if (selfClosing) ready.push({ rowNumber, cells });
            return;
          }
          case 'c': {
            column = columnOf(attribute(raw, 'r'));
            type = attribute(raw, 't') ?? '';
            const s = attribute(raw, 's');
            style = s === undefined ? -1 : Number(s);
            value = null;
            formula = null;
            inline = null;
            if (selfClosing) finishCell();
            return;
          }
          case 'v':
          case 'f':
            if (selfClosing) {
              if (name === 'f') formula = '';
              return;
            }
            target = name;
            buffer = [];
            scanner.capture = true;
            return;
          case 'is':
            inline = [];
            return;
          case 'rPh':
            if (!selfClosing) phonetic++;
            return;
          case 't':
            if (inline && !selfClosing && phonetic === 0) {
              target = 't';
              buffer = [];
              scanner.capture = true;
            }
            return;
        }
      },
      close(name) {
        switch (name) {
          case 'v':
          case 'f':
          case 't': {
            if (target !== name) return;
            const text = buffer.length === 1 ? buffer[0]! : buffer.join('');
            if (name === 'v') value = text;
            else if (name === 'f') formula = text;
            else inline?.push(text);
            target = null;
            scanner.capture = false;
            return;
          }
          case 'rPh':
            phonetic--;
            return;
          case 'c':
            finishCell();
            return;
          case 'row':
            if (inRow) ready.push({ rowNumber, cells });
            inRow = false;
            return;
        }
      },
      text(text) {
        if (target) buffer.push(text);
      },
    },
    MAX_TOKEN,
  );

  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    scanner.write(decoder.write(chunk));
    // Rows are handed on chunk by chunk: a few hundred at most wait here.
    if (ready.length > 0) yield* ready.splice(0, ready.length);
  }
  scanner.write(decoder.end());
  scanner.end();
  yield* ready.splice(0, ready.length);
}
