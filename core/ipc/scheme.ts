// The IPC scheme Revive ships down to subclasses: every section, class and subclass with its short
// title in Chinese and English (core/ipc/scheme.json, made by scripts/generate-ipc.ts; docs/ipc.md
// says which editions and how many titles each language has). Validated once, on first use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export type IpcLevel = 'section' | 'class' | 'subclass';

export interface IpcEntry {
  /** "H", "H01", "H01M". */
  code: string;
  level: IpcLevel;
  /** A title may be missing in one language (the sources' coverage differs): see ipcTitle. */
  titles: { zh?: string; en?: string };
}

const CODE_OF: Record<IpcLevel, RegExp> = {
  section: /^[A-H]$/,
  class: /^[A-H]\d{2}$/,
  subclass: /^[A-H]\d{2}[A-Z]$/,
};

const count = z.object({ total: z.number(), zh: z.number(), en: z.number(), both: z.number() });

const SchemeFile = z.object({
  scheme: z.literal('IPC'),
  sources: z.object({ zh: z.string(), en: z.string() }),
  coverage: z.object({ section: count, class: count, subclass: count }),
  truncated: z.array(z.string()),
  entries: z
    .array(
      z
        .object({
          code: z.string(),
          level: z.enum(['section', 'class', 'subclass']),
          zh: z.string().min(1).optional(),
          en: z.string().min(1).optional(),
        })
        .refine((e) => CODE_OF[e.level].test(e.code), { message: 'code does not match its level' })
        .refine((e) => e.zh !== undefined || e.en !== undefined, { message: 'entry without a title' }),
    )
    .min(1),
});

export const IPC_SCHEME_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scheme.json');

export interface IpcScheme {
  sources: { zh: string; en: string };
  /** In code order: A, A01, A01B, A01C, …, A21, … */
  entries: readonly IpcEntry[];
  byCode: ReadonlyMap<string, IpcEntry>;
  /** Children by parent code; '' holds the sections. */
  childrenOf: ReadonlyMap<string, readonly IpcEntry[]>;
}

/** "H01M" → "H01", "H01" → "H", "H" → "" (the root). */
export const parentCode = (code: string): string =>
  code.length === 4 ? code.slice(0, 3) : code.length === 3 ? code.slice(0, 1) : '';

let loaded: IpcScheme | undefined;

/** The scheme, read and checked on first use; a broken file fails loudly rather than half-works. */
export function ipcScheme(): IpcScheme {
  if (loaded) return loaded;
  const file = SchemeFile.parse(JSON.parse(readFileSync(IPC_SCHEME_FILE, 'utf8')));
  const entries: IpcEntry[] = file.entries.map((e) =>
    Object.freeze({
      code: e.code,
      level: e.level,
      titles: Object.freeze({ ...(e.zh ? { zh: e.zh } : {}), ...(e.en ? { en: e.en } : {}) }),
    }),
  );
  entries.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const childrenOf = new Map<string, IpcEntry[]>();
  for (const e of entries) {
    const parent = parentCode(e.code);
    if (parent !== '' && !byCode.has(parent)) throw new Error(`IPC scheme: ${e.code} has no ${parent}`);
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(e);
    childrenOf.set(parent, siblings);
  }
  loaded = { sources: file.sources, entries, byCode, childrenOf };
  return loaded;
}
