// The digest's buttons: download the full table of a scope; the weekly digest's weekday and mute.
import { defineButton, isUuid } from '../chat/buttons.ts';
import type { DigestScope } from './figures.ts';

/** "c" the country, "p<code>" a province, "i<uuid>" an institution. */
const scopeTail = {
  encode: ({ scope }: { scope: DigestScope }) =>
    scope.kind === 'country'
      ? 'c'
      : scope.kind === 'province'
        ? `p${scope.province}`
        : `i${scope.institutionId}`,
  decode: (tail: string): { scope: DigestScope } | null => {
    if (tail === 'c') return { scope: { kind: 'country' } };
    if (/^p\d{6}$/.test(tail)) return { scope: { kind: 'province', province: tail.slice(1) } };
    if (tail.startsWith('i') && isUuid(tail.slice(1)))
      return { scope: { kind: 'institution', institutionId: tail.slice(1) } };
    return null;
  },
};

export const digestDownloadAction = defineButton('dgx', scopeTail);

export const digestWeekdayAction = defineButton('dgw', {
  encode: ({ weekday }: { weekday: number }) => String(weekday),
  decode: (tail) => (/^[1-7]$/.test(tail) ? { weekday: Number(tail) } : null),
});

export const digestMuteAction = defineButton('dgm', {
  encode: ({ muted }: { muted: boolean }) => (muted ? '1' : '0'),
  decode: (tail) => (tail === '1' ? { muted: true } : tail === '0' ? { muted: false } : null),
});
