// A private DATA_DIR for what core writes while a test file runs (reply files, exports, contracts),
// and the previous value back afterwards. Assigning undefined to process.env would set the string
// "undefined" (and later files would write into ./undefined): an unset variable is deleted instead.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TemporaryDataDir {
  readonly path: string;
  /** Restores the previous DATA_DIR and removes the directory with what was written there. */
  restore(): Promise<void>;
}

export async function temporaryDataDir(prefix: string): Promise<TemporaryDataDir> {
  const previous = process.env.DATA_DIR;
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  process.env.DATA_DIR = dir;
  return {
    path: dir,
    async restore() {
      if (previous === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = previous;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
