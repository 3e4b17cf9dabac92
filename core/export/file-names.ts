// Names of exported files: institution code, kind and a local timestamp, so that successive exports
// sort by time and never overwrite each other.
import path from 'node:path';
import { DEFAULT_TIME_ZONE, localStamp } from '../time-format.ts';

export function exportFileName(
  kind: 'inventory' | 'invites',
  institutionCode: string,
  now: Date,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  return `${institutionCode.replace(/[^\w-]/g, '_')}-${kind}-${localStamp(now, timeZone)}.xlsx`;
}

export const exportsDir = (dataDir: string) => path.join(dataDir, 'exports');
