// Finding IPC entries by code and walking the hierarchy: sections → classes → subclasses.
import type { Locale } from '../i18n.ts';
import { type IpcEntry, type IpcLevel, ipcScheme, parentCode } from './scheme.ts';

export interface IpcInfo {
  code: string;
  level: IpcLevel;
  titles: { zh?: string; en?: string };
}

const clean = (code: string) => code.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');

/** The section, class or subclass with this code ("h01m" and "Ｈ01M" too); undefined when unknown. */
export function lookup(code: string): IpcInfo | undefined {
  return ipcScheme().byCode.get(clean(code));
}

/** The sections for '' (or nothing), a section's classes, a class's subclasses; [] below that. */
export function children(code = ''): readonly IpcEntry[] {
  return ipcScheme().childrenOf.get(clean(code)) ?? [];
}

/** The entries above `code`, from its section down to itself: H01M → [H, H01, H01M]. */
export function pathTo(code: string): IpcEntry[] {
  const entries: IpcEntry[] = [];
  for (let at = clean(code); at !== ''; at = parentCode(at)) {
    const entry = ipcScheme().byCode.get(at);
    if (entry) entries.unshift(entry);
  }
  return entries;
}

/** The title in the reader's language, else in the other one (the sources do not cover every code). */
export function ipcTitle(entry: Pick<IpcInfo, 'titles'>, locale: Locale): string {
  const { zh, en } = entry.titles;
  return (locale === 'zh-CN' ? (zh ?? en) : (en ?? zh)) ?? '';
}
