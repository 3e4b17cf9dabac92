// An IPC interest as chat shows it: "H01M · 用于直接转变化学能为电能的方法或装置，例如电池组".
import type { Locale } from '../i18n.ts';
import { ipcTitle, lookup } from './lookup.ts';

/**
 * The code and its title. A group ("G06N 3/04"), which the shipped scheme does not list, is shown
 * with its subclass's title and that subclass in brackets; an unknown code stands alone.
 */
export function describeIpc(code: string, locale: Locale): string {
  const symbol = code.trim();
  const entry = lookup(symbol);
  if (entry) return `${entry.code} · ${ipcTitle(entry, locale)}`;
  const subclass = /^([A-Ha-h]\d{2}[A-Za-z])\s*\d/.exec(symbol)?.[1];
  const parent = subclass ? lookup(subclass) : undefined;
  if (!parent) return symbol;
  const [open, close] = locale === 'zh-CN' ? ['（', '）'] : [' (', ')'];
  return `${symbol} · ${ipcTitle(parent, locale)}${open}${parent.code}${close}`;
}
