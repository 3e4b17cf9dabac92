// A small streaming XML tokenizer for the parts of an XLSX file (SpreadsheetML): start and end
// tags with their raw attributes, and text only where the reader asks for it. It is fed text in
// chunks and keeps only the unfinished token between them, so memory does not depend on the size
// of the part; a token that grows beyond `maxToken` characters (a text of megabytes, a tag without
// end) stops it, since no spreadsheet Excel can open has one. Written for speed with indexOf
// rather than character by character: a 100 000-row sheet is some 100 MB of XML.
// Entities are the five predefined ones and character references; a DOCTYPE (the way to define
// other entities, "billion laughs") is refused.

export class XmlError extends Error {
  override name = 'XmlError';
}

export interface XmlHandler {
  /** `name` without namespace prefix; `attributes` is the raw text between the name and the end. */
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Text (entities decoded) between tags, called only while `capture` is true. */
  text(text: string): void;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, entity: string) => {
    if (entity[0] !== '#') return NAMED[entity] ?? whole;
    const code =
      entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const localName = (qualified: string) => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

/** Attributes of a start tag by local name ("r:id" → "id"), values decoded. */
export function parseAttributes(raw: string): Record<string, string> {
  const result: Record<string, string> = {};
  const pattern = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
    result[localName(m[1]!)] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return result;
}

/** One attribute's value, without building them all (the hot path: each cell's r, s and t). */
export function attribute(raw: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = raw.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    const before = at === 0 ? ' ' : raw[at - 1]!;
    if (before !== ' ' && before !== '\t' && before !== '\n' && before !== '\r' && before !== ':') continue;
    let i = from;
    while (raw[i] === ' ') i++;
    if (raw[i] !== '=') continue;
    i++;
    while (raw[i] === ' ') i++;
    const quote = raw[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = raw.indexOf(quote, i + 1);
    if (end < 0) return undefined;
    return decodeEntities(raw.slice(i + 1, end));
  }
}

export class XmlScanner {
  /** Set by the handler: text between tags is delivered only while true. */
  capture = false;
  private pending = '';

  constructor(
    private readonly handler: XmlHandler,
    private readonly maxToken = 4 * 1024 * 1024,
  ) {}

  write(chunk: string): void {
    const buffer = this.pending.length > 0 ? this.pending + chunk : chunk;
    const length = buffer.length;
    let pos = 0;
    for (;;) {
      const lt = buffer.indexOf('<', pos);
      if (lt < 0) break;
      if (lt > pos && this.capture) this.handler.text(decodeEntities(buffer.slice(pos, lt)));
      if (lt + 1 >= length) {
        pos = lt;
        break;
      }
      const next = buffer.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) {
        const gt = buffer.indexOf('>', lt + 2);
        if (gt < 0) {
          pos = lt;
          break;
        }
        this.handler.close(localName(buffer.slice(lt + 2, gt).trim()));
        pos = gt + 1;
      } else if (next === 0x3f /* ? */) {
        const end = buffer.indexOf('?>', lt + 2);
        if (end < 0) {
          pos = lt;
          break;
        }
        pos = end + 2;
      } else if (next === 0x21 /* ! */) {
        if (buffer.startsWith('<!--', lt)) {
          const end = buffer.indexOf('-->', lt + 4);
          if (end < 0) {
            pos = lt;
            break;
          }
          pos = end + 3;
        } else if (buffer.startsWith('<![CDATA[', lt)) {
          const end = buffer.indexOf(']]>', lt + 9);
          if (end < 0) {
            pos = lt;
            break;
          }
          if (this.capture) this.handler.text(buffer.slice(lt + 9, end));
          pos = end + 3;
        } else if (lt + 9 > length) {
          pos = lt;
          break;
        } else {
          throw new XmlError('DOCTYPE or declaration in a spreadsheet part');
        }
      } else {
        const gt = tagEnd(buffer, lt + 1);
        if (gt < 0) {
          pos = lt;
          break;
        }
        const selfClosing = buffer.charCodeAt(gt - 1) === 0x2f;
        const inner = buffer.slice(lt + 1, selfClosing ? gt - 1 : gt);
        let nameEnd = 0;
        while (nameEnd < inner.length) {
          const c = inner.charCodeAt(nameEnd);
          if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
          nameEnd++;
        }
        this.handler.open(localName(inner.slice(0, nameEnd)), inner.slice(nameEnd), selfClosing);
        pos = gt + 1;
      }
    }
    this.pending = pos < length ? buffer.slice(pos) : '';
    if (this.pending.length > this.maxToken) throw new XmlError('token too long');
  }

  end(): void {
    if (this.pending.trim() !== '') throw new XmlError('unexpected end of XML');
  }
}

/** The '>' ending a start tag that begins at `from`, skipping quoted attribute values; -1 if not yet read. */
function tagEnd(buffer: string, from: number): number {
  const gt = buffer.indexOf('>', from);
  if (gt < 0) return -1;
  // Fast path: no quote with a '>' inside it (the usual case) when quotes before gt are balanced.
  let quote = 0;
  for (let i = from; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
  }
  return -1;
}
