// Every catalogue namespace exists in every supported locale with the same keys, no empty strings and the
// same {{placeholders}}. Generic over whatever files are in locales/, so new namespaces are covered.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, SUPPORTED_LOCALES } from '../core/i18n.ts';

const [reference, ...others] = SUPPORTED_LOCALES;

/** i18next plural forms (key_one, key_other …) differ by language, so keys are compared by their base.
 *  A key is a plural form only if its base also has an `_other` form in some locale: "too_many" alone is
 *  an ordinary key. */
const PLURAL_SUFFIX = /_(?:ordinal_)?(zero|one|two|few|many|other)$/;

function pluralBases(namespace: string): Set<string> {
  const bases = new Set<string>();
  for (const locale of SUPPORTED_LOCALES) {
    for (const key of load(locale, namespace).keys()) {
      if (key.endsWith('_other')) bases.add(key.replace(PLURAL_SUFFIX, ''));
    }
  }
  return bases;
}

function baseKeyIn(bases: Set<string>): (key: string) => string {
  return (key) => {
    const base = key.replace(PLURAL_SUFFIX, '');
    return base !== key && bases.has(base) ? base : key;
  };
}

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function load(locale: string, namespace: string): Map<string, unknown> {
  return flatten(JSON.parse(readFileSync(path.join(LOCALES_DIR, locale, `${namespace}.json`), 'utf8')));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^\s,}]+)[^}]*\}\}/g)].map((m) => m[1]!);
}

/** Base key → sorted placeholder names used by any of its (plural) forms. */
function placeholderMap(
  entries: Map<string, unknown>,
  baseKey: (key: string) => string,
): Map<string, string[]> {
  const result = new Map<string, Set<string>>();
  for (const [key, value] of entries) {
    const set = result.get(baseKey(key)) ?? new Set<string>();
    if (typeof value === 'string') for (const p of placeholders(value)) set.add(p);
    result.set(baseKey(key), set);
  }
  return new Map([...result].map(([k, v]) => [k, [...v].sort()]));
}

const namespaces = [
  ...new Set(
    SUPPORTED_LOCALES.flatMap((locale) =>
      readdirSync(path.join(LOCALES_DIR, locale))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.replace(/\.json$/, '')),
    ),
  ),
].sort();

describe('locale catalogues', () => {
  it('finds catalogues to check', () => {
    expect(namespaces.length).toBeGreaterThan(0);
  });

  describe.each(namespaces)('%s', (namespace) => {
    it.each(SUPPORTED_LOCALES)('exists and parses in %s', (locale) => {
      const file = path.join(LOCALES_DIR, locale, `${namespace}.json`);
      expect(existsSync(file), `${locale}/${namespace}.json is missing`).toBe(true);
      expect(() => load(locale, namespace)).not.toThrow();
    });

    it.each(SUPPORTED_LOCALES)('has only non-empty strings in %s', (locale) => {
      const bad = [...load(locale, namespace)]
        .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
        .map(([key]) => key);
      expect(bad, `empty or non-string values in ${locale}/${namespace}.json`).toEqual([]);
    });

    it.each(others)(`has the same keys in ${reference} and %s`, (locale) => {
      const baseKey = baseKeyIn(pluralBases(namespace));
      const keys = (l: string) => [...new Set([...load(l, namespace).keys()].map(baseKey))].sort();
      const ref = keys(reference);
      const other = keys(locale);
      expect(
        other.filter((k) => !ref.includes(k)),
        `keys in ${locale} but not in ${reference}`,
      ).toEqual([]);
      expect(
        ref.filter((k) => !other.includes(k)),
        `keys in ${reference} but not in ${locale}`,
      ).toEqual([]);
    });

    it.each(others)(`uses the same placeholders in ${reference} and %s`, (locale) => {
      const baseKey = baseKeyIn(pluralBases(namespace));
      const ref = placeholderMap(load(reference, namespace), baseKey);
      const other = placeholderMap(load(locale, namespace), baseKey);
      const mismatched = [...ref]
        .filter(([key, names]) => other.has(key) && other.get(key)!.join() !== names.join())
        .map(
          ([key, names]) =>
            `${key}: ${reference} {{${names.join(', ')}}} vs ${locale} {{${other.get(key)!.join(', ')}}}`,
        );
      expect(mismatched).toEqual([]);
    });
  });
});
