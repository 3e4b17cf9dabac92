// Names of exported files: institution code, kind and a local timestamp, so that successive exports
// sort by time and never overwrite each other.
import path from 'node:path';

export function exportFileName(
  kind: 'inventory' | 'invites',
  institutionCode: string,
  now = new Date(),
): string {
  const stamp = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .format(now)
    .replace(/[-: ]/g, '');
  return `${institutionCode.replace(/[^\w-]/g, '_')}-${kind}-${stamp}.xlsx`;
}

export const exportsDir = (dataDir: string) => path.join(dataDir, 'exports');
