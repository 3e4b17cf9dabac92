// Hostile and accidental files: what a reader throws when a file is not a list it can read safely
// (not a spreadsheet, over a size limit, no data rows), with the one-line reason the person sees,
// in chat and on the command line. The limits themselves are configuration (core/config.ts).
import { type ImportLimits, importLimits } from '../config.ts';
import { type Msg, msg } from '../i18n.ts';

export type { ImportLimits } from '../config.ts';

/** Which of the reasons below: the command line's exit code tells limits from unreadable files. */
export type FileProblem =
  | 'too_large'
  | 'too_large_stream'
  | 'too_large_uncompressed'
  | 'too_large_uncompressed_stream'
  | 'too_many_rows'
  | 'too_many_shared_strings'
  | 'not_spreadsheet'
  | 'damaged'
  | 'no_rows';

/** A file refused as a whole. `reason` is an inventory:fatal.* message. */
export class FileRefused extends Error {
  override name = 'FileRefused';
  readonly reason: Msg;
  constructor(
    readonly problem: FileProblem,
    params?: Record<string, string | number>,
  ) {
    super(`file refused: ${problem}${params ? ` ${JSON.stringify(params)}` : ''}`);
    this.reason = msg(`inventory:fatal.${problem}`, params);
  }
}

/** Problems that are limits (configurable), not defects of the file. */
export const LIMIT_PROBLEMS: ReadonlySet<string> = new Set(
  [
    'too_large',
    'too_large_stream',
    'too_large_uncompressed',
    'too_large_uncompressed_stream',
    'too_many_rows',
    'too_many_shared_strings',
  ].map((p) => `inventory:fatal.${p}`),
);

/**
 * Megabytes as people read them: "20", "1.5". A size over a limit is rounded up, so that it never
 * reads as the limit itself ("1.1 MB, limit 1 MB", not "1 MB, limit 1 MB").
 */
export const megabytes = (bytes: number, up = false): string => {
  const mb = bytes / 1024 / 1024;
  const round = up ? Math.ceil : Math.round;
  return mb >= 10 ? String(round(mb)) : String(round(mb * 10) / 10);
};

/**
 * The size check made before a file is opened, from the size the platform or the file system
 * reports. Null when the size is unknown or within the limit.
 */
export function uploadSizeProblem(
  size: number | null | undefined,
  limits: ImportLimits = importLimits(),
): FileRefused | null {
  if (size === null || size === undefined || size <= limits.maxUploadBytes) return null;
  return new FileRefused('too_large', {
    size: megabytes(size, true),
    limit: megabytes(limits.maxUploadBytes),
  });
}

/** The reason of a refused file, or null for any other error. */
export const fileProblemOf = (error: unknown): Msg | null =>
  error instanceof FileRefused ? error.reason : null;

export { importLimits };
