// Splits decoded CSV text into records, fed chunk by chunk, the way csv-parse reads our lists
// (relax_quotes, relax_column_count, empty lines kept as one empty field) but several times faster:
// a line without a quote — nearly every line of a real list — is cut with String.split, and only a
// line with a quote goes through the character-by-character rules. csv-parse decoded every field
// from bytes on its own; this was a fifth of a 100 000-row import (bench/import).
//
// The rules, as csv-parse applies them with those options:
// - the line ending is the first one met outside quotes (\r\n, \n or \r) and only it ends records;
// - a quote opens a quoted field only at the start of a field; inside, "" is one quote and a quote
//   followed by the delimiter, the line ending or the end of the text closes the field; a quote
//   followed by anything else is kept (with the opening one) and the field goes on unquoted;
// - a quote inside an unquoted field is an ordinary character;
// - the end of the text inside a quoted field is an error (a truncated file), reported after the
//   records before it.

export class CsvFormatError extends Error {}

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvRecords {
  private buffer = '';
  /** Don't try the unfinished record again before the buffer reaches this length (a long quoted field). */
  private retryAt = 0;
  private lineEnd: string | null = null;
  private readonly delimiterCode: number;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars: number,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** The records completed by this text (the rest waits for the next call or `end`). */
  push(text: string, out: string[][]): void {
    this.buffer = this.buffer === '' ? text : this.buffer + text;
    if (this.buffer.length < this.retryAt) {
      this.tooLong(this.buffer.length);
      return;
    }
    this.retryAt = 0;
    this.parse(false, out);
  }

  /** The last record; throws CsvFormatError when the text ends inside a quoted field. */
  end(out: string[][]): void {
    this.parse(true, out);
  }

  private tooLong(length: number) {
    if (length > this.maxRecordChars) {
      throw new CsvFormatError(`a record longer than ${this.maxRecordChars} characters`);
    }
  }

  private parse(end: boolean, out: string[][]): void {
    const s = this.buffer;
    const length = s.length;
    let pos = 0;
    // The next quote at or after pos (found again only once passed: a search per line would make
    // a text without quotes quadratic).
    let quote = -1;
    while (pos < length) {
      if (this.lineEnd !== null) {
        // Fast path: a whole line without a quote is split as it is.
        const eol = s.indexOf(this.lineEnd, pos);
        if (eol < 0 && !end) break;
        const stop = eol < 0 ? length : eol;
        if (quote < pos) {
          quote = s.indexOf('"', pos);
          if (quote < 0) quote = length;
        }
        if (quote >= stop) {
          this.tooLong(stop - pos);
          out.push(s.slice(pos, stop).split(this.delimiter));
          pos = eol < 0 ? length : eol + this.lineEnd.length;
          continue;
        }
      }
      const next = this.slowRecord(s, pos, end, out);
      if (next < 0) break;
      pos = next;
    }
    this.buffer = pos >= length ? '' : s.slice(pos);
    if (!end && this.buffer !== '') {
      this.tooLong(this.buffer.length);
      this.retryAt = this.buffer.length * 2;
    }
  }

  /** The length of the line ending at i (outside quotes), discovering it on the first one; 0 if none. */
  private lineEndAt(s: string, i: number, end: boolean): number {
    const c = s.charCodeAt(i);
    if (c !== CR && c !== LF) return 0;
    if (this.lineEnd === null) {
      // csv-parse looks for \r\n before \r: a \r at the end of the text so far waits for more.
      if (c === CR && i + 1 >= s.length && !end) return -1;
      this.lineEnd = c === LF ? '\n' : s.charCodeAt(i + 1) === LF ? '\r\n' : '\r';
    }
    if (this.lineEnd === '\r\n') {
      if (c !== CR) return 0;
      if (i + 1 >= s.length) return end ? 0 : -1;
      return s.charCodeAt(i + 1) === LF ? 2 : 0;
    }
    return c === this.lineEnd.charCodeAt(0) ? 1 : 0;
  }

  /**
   * One record from `start`, character by character; its end position (after the line ending), or
   * -1 when the text so far does not finish it.
   */
  private slowRecord(s: string, start: number, end: boolean, out: string[][]): number {
    const record: string[] = [];
    const length = s.length;
    let field = '';
    let quoting = false;
    let wasQuoting = false;
    let fieldStart = start;
    let recordChars = 0;
    let i = start;
    const closeField = (to: number) => {
      field += s.slice(fieldStart, to);
      record.push(field);
      recordChars += field.length;
      field = '';
      wasQuoting = false;
    };
    while (i < length) {
      const c = s.charCodeAt(i);
      if (quoting) {
        if (c === QUOTE) {
          if (i + 1 >= length && !end) return -1;
          const n = s.charCodeAt(i + 1);
          if (n === QUOTE) {
            // "" inside quotes: one quote.
            field += s.slice(fieldStart, i + 1);
            i += 2;
            fieldStart = i;
            continue;
          }
          const ending = i + 1 >= length ? 0 : this.lineEndAt(s, i + 1, end);
          if (ending < 0) return -1;
          field += s.slice(fieldStart, i);
          quoting = false;
          wasQuoting = true;
          if (i + 1 >= length || n === this.delimiterCode || ending > 0) {
            i += 1;
            fieldStart = i;
            continue;
          }
          // A quote followed by text: both quotes are kept and the field goes on unquoted.
          field = `"${field}`;
          fieldStart = i;
          i += 1;
          continue;
        }
        i++;
        continue;
      }
      if (c === QUOTE && i === fieldStart && field === '') {
        quoting = true;
        i++;
        fieldStart = i;
        continue;
      }
      if (c === this.delimiterCode) {
        closeField(i);
        i++;
        fieldStart = i;
        continue;
      }
      const ending = this.lineEndAt(s, i, end);
      if (ending < 0) return -1;
      if (ending > 0) {
        closeField(i);
        this.tooLong(recordChars);
        out.push(record);
        return i + ending;
      }
      i++;
    }
    if (!end) return -1;
    if (quoting) throw new CsvFormatError('the text ends inside a quoted field');
    // The last line, without a line ending (an empty one is no record).
    if (fieldStart < length || field !== '' || wasQuoting || record.length > 0) {
      closeField(length);
      this.tooLong(recordChars);
      out.push(record);
    }
    return length;
  }
}
