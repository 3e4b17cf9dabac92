// Files that chat replies attach: each in a private directory nobody can predict, removed once sent,
// and swept after a day when never sent.
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chatFilePath, chatFilesDir, removeChatFile, sweepChatFiles } from '../../../core/chat/files.ts';
import { TEST_NOW } from '../../support/clock.ts';

describe('chat reply files', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'revive-chat-files-'));
    vi.stubEnv('DATA_DIR', dataDir);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('gives every file a private directory of its own under DATA_DIR/files, named unpredictably', async () => {
    const first = await chatFilePath('inventory.xlsx');
    const second = await chatFilePath('inventory.xlsx');
    expect(first).not.toBe(second);
    for (const file of [first, second]) {
      expect(path.basename(file)).toBe('inventory.xlsx');
      const dir = path.dirname(file);
      expect(path.dirname(dir)).toBe(path.join(dataDir, 'files'));
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    }
    // A name is a name: no way out of the directory.
    const sneaky = await chatFilePath('../../etc/passwd');
    expect(path.basename(sneaky)).toBe('passwd');
    expect(path.dirname(path.dirname(sneaky))).toBe(chatFilesDir());
  });

  it('removes a sent file with its directory, and nothing outside the files directory', async () => {
    const file = await chatFilePath('roadshow.ics');
    await writeFile(file, 'BEGIN:VCALENDAR');
    expect(await removeChatFile(file)).toBe(true);
    await expect(stat(path.dirname(file))).rejects.toThrow(/ENOENT/);

    const own = path.join(dataDir, 'operator-report.csv');
    await writeFile(own, 'a,b\n');
    expect(await removeChatFile(own)).toBe(false);
    expect((await stat(own)).isFile()).toBe(true);
  });

  it('sweeps what was never sent once it is a day old, by the clock it is given', async () => {
    await rm(chatFilesDir(), { recursive: true, force: true });
    const old = await chatFilePath('personal-data.json');
    const recent = await chatFilePath('export.xlsx');
    await writeFile(old, '{}');
    await writeFile(recent, 'x');
    // A loose file as earlier versions wrote them, and a directory that is not ours.
    const loose = path.join(chatFilesDir(), '20261101-inventory.xlsx');
    await writeFile(loose, 'x');
    const foreign = path.join(chatFilesDir(), 'keep');
    await mkdir(foreign);
    const dayAndMore = new Date(TEST_NOW.getTime() - 25 * 3600_000);
    const hourAgo = new Date(TEST_NOW.getTime() - 3600_000);
    for (const target of [path.dirname(old), loose, foreign]) await utimes(target, dayAndMore, dayAndMore);
    await utimes(path.dirname(recent), hourAgo, hourAgo);

    expect(await sweepChatFiles(TEST_NOW)).toBe(2);
    expect((await readdir(chatFilesDir())).sort()).toEqual(
      [path.basename(path.dirname(recent)), 'keep'].sort(),
    );
    await rm(chatFilesDir(), { recursive: true, force: true });
    expect(await sweepChatFiles(TEST_NOW)).toBe(0);
  });
});
