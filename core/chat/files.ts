// Where chat replies keep the files they attach (exports, uploaded lists' error files, calendar
// files, a person's own data): under DATA_DIR/files, the same DATA_DIR the configuration validates
// at start (default ./data), each in a directory of its own made by mkdtemp, which only the
// service's user can open (0700) and whose name nobody can predict. So another account on the
// machine can neither read an export nor plant a file or link where the next one will be written,
// and two people exporting in the same second do not share a file.
//
// These files are institution data or personal information, not archives: an adapter removes one
// as soon as it has been sent (removeChatFile), and whatever was never sent (a failed send, the
// terminal, where the person at the server opens the file themselves) goes after a day
// (sweepChatFiles, run by `npm start`). Chat replies name the file, never its path on the server.
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Prefix of each reply's private directory: the sweep removes only what this module made. */
const REPLY_DIR_PREFIX = 'reply-';
export const CHAT_FILE_MAX_AGE_MS = 24 * 3600_000;

export function chatFilesDir(): string {
  return path.resolve(process.env.DATA_DIR?.trim() || './data', 'files');
}

/** A path for `name` (a file name, never a path) in a new private directory. */
export async function chatFilePath(name: string): Promise<string> {
  const root = chatFilesDir();
  await mkdir(root, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(root, REPLY_DIR_PREFIX));
  return path.join(dir, path.basename(name));
}

/** The private directory chatFilePath made for this file, or null for any other path. */
function replyDirOf(file: string): string | null {
  const dir = path.dirname(path.resolve(file));
  const inRoot = path.dirname(dir) === chatFilesDir();
  return inRoot && path.basename(dir).startsWith(REPLY_DIR_PREFIX) ? dir : null;
}

/**
 * Removes a sent file with its directory. Files elsewhere (an operator's own path given to a
 * command) are left alone; returns whether something was removed.
 */
export async function removeChatFile(file: string): Promise<boolean> {
  const dir = replyDirOf(file);
  if (!dir) return false;
  await rm(dir, { recursive: true, force: true });
  return true;
}

/** Removes reply files older than maxAgeMs at `now`; returns how many entries went. */
export async function sweepChatFiles(now: Date, maxAgeMs = CHAT_FILE_MAX_AGE_MS): Promise<number> {
  const root = chatFilesDir();
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    const target = path.join(root, entry);
    const info = await stat(target).catch(() => null);
    if (!info || now.getTime() - info.mtimeMs < maxAgeMs) continue;
    // Reply directories, and the loose files earlier versions wrote straight into the root.
    if (info.isDirectory() ? !entry.startsWith(REPLY_DIR_PREFIX) : !info.isFile()) continue;
    await rm(target, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv';
