// How far an import is, as people read it: percent done, rows per second and the time left, for the
// progress bar on the command line and the progress message edited in place in chat. Elapsed time
// is the machine's (a duration, never a date); "done" is the share of the data read (of the sheet
// for an XLSX, which is copied whole before its rows are read, of the bytes for a CSV).
import { type Locale, t } from '../i18n.ts';

export interface ProgressFigures {
  /** 0–99 while running (100 only once finished), "…" when the size is unknown. */
  percent: number | string;
  /** "1 234 行/秒" or "…" before there is a measure. */
  rate: string;
  /** "剩余 1 分 5 秒" or "…". */
  eta: string;
}

export interface ProgressInput {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number | null;
  /** Share of the data read (0–1) when the reader knows better than bytes. */
  fraction?: number | null;
  elapsedMs?: number;
}

/** The share done, from the reader's fraction or the bytes read; null when unknown. */
export function doneShare(p: ProgressInput): number | null {
  if (p.fraction !== undefined && p.fraction !== null) return Math.min(1, Math.max(0, p.fraction));
  return p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : null;
}

export function durationText(ms: number, locale: Locale): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return t(locale, 'inventory:duration.seconds', { count: seconds });
  if (seconds < 3600) {
    return t(locale, 'inventory:duration.minutes', {
      minutes: Math.floor(seconds / 60),
      seconds: seconds % 60,
    });
  }
  return t(locale, 'inventory:duration.hours', {
    hours: Math.floor(seconds / 3600),
    minutes: Math.floor((seconds % 3600) / 60),
  });
}

export function progressFigures(p: ProgressInput, locale: Locale): ProgressFigures {
  const share = doneShare(p);
  const elapsed = p.elapsedMs ?? 0;
  const measured = elapsed >= 500 && p.rowsRead > 0;
  const rate = measured
    ? t(locale, 'inventory:cli.rate', {
        rate: Math.round(p.rowsRead / (elapsed / 1000)).toLocaleString('en'),
      })
    : '…';
  const eta =
    measured && share !== null && share > 0
      ? t(locale, 'inventory:cli.eta', { eta: durationText((elapsed * (1 - share)) / share, locale) })
      : '…';
  return { percent: share === null ? '…' : Math.min(99, Math.floor(share * 100)), rate, eta };
}

/**
 * The chat's progress message for a patent import: with rows per second and the time left once
 * there is a measure (coordinator:import.progress_rate), the plain one before.
 */
export function importProgressText(
  locale: Locale,
  fileName: string,
  p: ProgressInput & { failed: number },
): string {
  const figures = progressFigures(p, locale);
  const params = { file: fileName, rows: p.rowsRead, percent: figures.percent, failed: p.failed };
  if (figures.rate === '…') return t(locale, 'coordinator:import.progress', params);
  return t(locale, 'coordinator:import.progress_rate', { ...params, rate: figures.rate, eta: figures.eta });
}
