// Where chat imports and exports keep their files (uploaded lists' error files, exported
// workbooks): DATA_DIR/files, the same DATA_DIR the configuration validates at start (default
// ./data). Adapters send these files back as attachments from this path.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export function chatFilesDir(): string {
  return path.resolve(process.env.DATA_DIR?.trim() || './data', 'files');
}

export async function chatFilePath(name: string): Promise<string> {
  const dir = chatFilesDir();
  await mkdir(dir, { recursive: true });
  return path.join(dir, name);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv';
