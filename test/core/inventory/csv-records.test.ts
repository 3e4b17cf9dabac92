// The CSV record splitter the patent import reads with (csv-records.ts): the rules csv-parse applies
// with the import's options, checked case by case and against csv-parse itself on random texts cut
// into random chunks (a record split across chunks must come out whole).
import { parse } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, CsvRecords } from '../../../core/inventory/csv-records.ts';

function split(text: string, delimiter = ',', cuts: number[] = []): { records: string[][]; error: boolean } {
  const parser = new CsvRecords(delimiter, 4_000_000);
  const records: string[][] = [];
  let last = 0;
  try {
    for (const cut of [...cuts, text.length]) {
      parser.push(text.slice(last, cut), records);
      last = cut;
    }
    parser.end(records);
    return { records, error: false };
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    return { records, error: true };
  }
}

function csvParse(text: string, delimiter: string): Promise<{ records: string[][]; error: boolean }> {
  return new Promise((resolve) => {
    const records: string[][] = [];
    const parser = parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: 4_000_000,
      skip_empty_lines: false,
    });
    parser.on('data', (record: string[]) => records.push(record));
    parser.on('error', () => resolve({ records, error: true }));
    parser.on('end', () => resolve({ records, error: false }));
    parser.end(Buffer.from(text));
  });
}

describe('CSV records', () => {
  it('splits lines, keeps empty lines as one empty field and drops the final line ending', () => {
    expect(split('a,b\r\n\r\nc,,d\r\n').records).toEqual([['a', 'b'], [''], ['c', '', 'd']]);
    expect(split('a;b\nc', ';').records).toEqual([['a', 'b'], ['c']]);
    expect(split('a\tb\rc\td', '\t').records).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, across chunks', () => {
    const text = 'h1,h2\r\n"多行\r\n摘要,""引号""",x\r\n"",y\r\n';
    const expected = [
      ['h1', 'h2'],
      ['多行\r\n摘要,"引号"', 'x'],
      ['', 'y'],
    ];
    expect(split(text).records).toEqual(expected);
    for (let cut = 1; cut < text.length; cut++) expect(split(text, ',', [cut]).records).toEqual(expected);
  });

  it('keeps stray quotes as text, and uses only the first line ending met as the record end', () => {
    expect(split('a"b,"c"d,e\n').records).toEqual([['a"b', '"c"d', 'e']]);
    expect(split('a,b\r\nc\nd,e\r\n').records).toEqual([
      ['a', 'b'],
      ['c\nd', 'e'],
    ]);
  });

  it('reports a quote never closed after the records before it', () => {
    expect(split('a,b\r\nc,"never closed\r\nd,e\r\n')).toEqual({ records: [['a', 'b']], error: true });
  });

  it('refuses a record longer than the limit', () => {
    const parser = new CsvRecords(',', 10);
    expect(() => parser.push('"01234567890123', [])).toThrow(CsvFormatError);
  });

  it('splits random texts exactly as csv-parse does, whatever the chunks', async () => {
    // A fixed seed: a failure can be replayed.
    let seed = 15;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = ['a', '名', ',', ';', '\t', '"', '"', '\n', '\r', '\r\n', ' '];
    for (let n = 0; n < 600; n++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const delimiter = [',', ';', '\t'][n % 3]!;
      const cuts = Array.from({ length: Math.floor(random() * 5) }, () =>
        Math.floor(random() * text.length),
      ).sort((a, b) => a - b);
      expect(split(text, delimiter, cuts), JSON.stringify({ text, delimiter, cuts })).toEqual(
        await csvParse(text, delimiter),
      );
    }
  });
});
