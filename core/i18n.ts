// Every user-facing string lives in locales/<language>/<namespace>.json; zh-CN first, English second.
// Catalogues are loaded once at start (they are small) so that translation is synchronous.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n } from 'i18next';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'locales');

export function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Maps whatever a platform reports ("en-US", "zh-hans", "zh") to a supported locale. */
export function toLocale(value: string | null | undefined): Locale {
  if (!value) return DEFAULT_LOCALE;
  if (isLocale(value)) return value;
  const lower = value.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return DEFAULT_LOCALE;
}

export type Catalogue = Record<string, Record<string, unknown>>;

export function loadCatalogues(dir: string = LOCALES_DIR): Record<Locale, Catalogue> {
  const result = {} as Record<Locale, Catalogue>;
  for (const locale of SUPPORTED_LOCALES) {
    const catalogue: Catalogue = {};
    for (const file of readdirSync(path.join(dir, locale)).filter((f) => f.endsWith('.json'))) {
      catalogue[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, locale, file), 'utf8'));
    }
    result[locale] = catalogue;
  }
  return result;
}

let instance: i18n | undefined;

function translator(): i18n {
  if (instance) return instance;
  const catalogues = loadCatalogues();
  const created = i18next.createInstance();
  void created.init({
    initAsync: false, // resources are in memory: initialise synchronously
    resources: catalogues,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    ns: Object.keys(catalogues[DEFAULT_LOCALE]),
    defaultNS: 'common',
    nsSeparator: ':',
    keySeparator: '.',
    interpolation: { escapeValue: false }, // adapters escape for their own markup
    returnNull: false,
    showSupportNotice: false,
  });
  instance = created;
  return created;
}

export type TParams = Record<string, string | number>;

/** Translates a namespace-qualified key ("chat:menu.title"). */
export function t(locale: Locale, key: string, params?: TParams): string {
  return translator().t(key, { lng: locale, ...params });
}

export function hasKey(locale: Locale, key: string): boolean {
  return translator().exists(key, { lng: locale, fallbackLng: false });
}

/** A message not yet rendered: core code passes these around and renders at the edge of core. */
export interface Msg {
  key: string;
  params?: TParams;
}
export const msg = (key: string, params?: TParams): Msg => (params ? { key, params } : { key });
