// A refused file as people meet it: on the command line one line on stderr and its exit code (the
// command run in this process, scripts/import/main.ts), in chat the progress message turned into
// "not imported" and the one-line reason, on both databases. The progress message shows rows per
// second and the time left.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IncomingMessage, OutgoingMessage } from '../../../core/channel/messages.ts';
import type { ChatContext } from '../../../core/chat/context.ts';
import { CONFIG_VARIABLES } from '../../../core/config.ts';
import { t } from '../../../core/i18n.ts';
import { importUpload } from '../../../core/inventory/import-chat.ts';
import { importProgressText, progressFigures } from '../../../core/inventory/progress.ts';
import { runImport } from '../../../scripts/import/main.ts';
import { testClock } from '../../support/clock.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from '../../support/databases.ts';
import { CNIPA_HEADERS, cnipaRow, createWorld, csv, opener, utf8, type World } from './fixtures.ts';
import { workbook } from './hostile-fixtures.ts';

const MB = 1024 * 1024;

/** Runs `npm run import -- …` in this process with exactly `env`; stdout, stderr and exit code. */
async function importInProcess(args: string[], env: Record<string, string>) {
  const savedEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  const savedExitCode = process.exitCode;
  process.exitCode = 0;
  let stdout = '';
  let stderr = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await runImport(args);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = savedExitCode;
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  }
}

describe('a refused file on the command line', () => {
  let db: TestDatabase;
  let dir: string;
  let code: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'revive-refusals-'));
    const world = await createWorld(db.prisma);
    code = (await db.prisma.institution.findUniqueOrThrow({ where: { id: world.institutionId } })).code;
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${db.name}`;
    env = { DATABASE_URL: url.toString(), DATA_DIR: dir, DEFAULT_LOCALE: 'en' };
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gets one line on stderr and exit 3 when over a limit, before the file is read', async () => {
    const file = path.join(dir, 'huge.csv');
    await writeFile(file, Buffer.alloc(MB + 1, 0x41));
    const run = await importInProcess([file, '--institution', code], {
      ...env,
      REVIVE_IMPORT_MAX_UPLOAD_MB: '1',
    });
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'revive import: huge.csv not imported: Too large: 1.1 MB, limit 1 MB. Split the list and upload the parts.\n',
    });
  });

  it('gets one line and exit 2 for a gzip renamed .csv and for a file with only its header', async () => {
    const gz = path.join(dir, 'list.csv');
    await writeFile(gz, gzipSync(csv([CNIPA_HEADERS, cnipaRow(1)])));
    const binary = await importInProcess([gz, '--institution', code, '--locale', 'zh-CN'], env);
    expect(binary).toEqual({
      code: 2,
      stdout: '',
      stderr: `revive import: 未导入 list.csv：${t('zh-CN', 'inventory:fatal.not_spreadsheet')}\n`,
    });
    const headers = path.join(dir, 'headers.xlsx');
    await writeFile(headers, workbook([CNIPA_HEADERS]));
    const empty = await importInProcess([headers, '--institution', code], env);
    expect(empty).toEqual({
      code: 2,
      stdout: '',
      stderr: 'revive import: headers.xlsx not imported: No data rows: the file has only its header.\n',
    });
  });
});

describe.each(DATABASE_KINDS)('a refused file in chat on %s', (kind) => {
  let db: TestDatabase;
  let world: World;
  let dataDirHandle: TemporaryDataDir | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    world = await createWorld(db.prisma);
    dataDirHandle = await temporaryDataDir('revive-refusals-chat-');
  });
  afterAll(async () => {
    await dataDirHandle?.restore();
    await db?.close();
  });

  /** The patent list's chat flow itself (core/inventory/import-chat.ts), as the upload dispatch calls it. */
  const upload = async (
    fileName: string,
    content: Buffer,
    size: number | null = content.length,
    open: () => Promise<NodeJS.ReadableStream> = opener(content),
  ) => {
    const ctx = {
      db: db.prisma,
      logger: pino({ level: 'silent' }),
      actor: world.coordinator,
      channel: 'TERMINAL',
      locale: 'zh-CN',
      clock: testClock(),
      supportsForms: false,
    } as unknown as ChatContext;
    const progress: OutgoingMessage[] = [];
    let opened = false;
    const message = {
      progress: async (m: OutgoingMessage) => {
        progress.push(m);
      },
    } as unknown as IncomingMessage;
    const replies = await importUpload(
      ctx,
      {
        kind: 'file',
        fileName,
        mimeType: null,
        size,
        open: async () => {
          opened = true;
          return open();
        },
      },
      message,
    );
    return { replies, progress, opened };
  };

  it('answers a file too large, before downloading it, with one line', async () => {
    const { replies, opened } = await upload('大清单.xlsx', Buffer.alloc(0), 25 * MB);
    expect(opened).toBe(false);
    expect(replies[0]).toEqual({ text: '⛔ 未导入 大清单.xlsx。', slot: 'progress' });
    expect(replies[1]!.text).toBe('未导入 大清单.xlsx：文件太大：25 MB，上限 20 MB。请拆分后分批上传。');
    expect(replies[1]!.attachment).toBeUndefined();
  });

  it('answers a zip bomb, a binary and a headers-only file with their one-line reasons', async () => {
    const bomb = workbook([CNIPA_HEADERS, cnipaRow(2)], {
      padding: Array.from({ length: 40_000 }, () => 'x'),
    });
    const cases: [string, Buffer, string][] = [
      ['bomb.xlsx', bomb, 'too_large_uncompressed'],
      ['list.csv', gzipSync(utf8(csv([CNIPA_HEADERS, cnipaRow(3)]))), 'not_spreadsheet'],
      ['headers.csv', utf8(csv([CNIPA_HEADERS])), 'no_rows'],
    ];
    const previous = process.env.REVIVE_IMPORT_MAX_UNCOMPRESSED_MB;
    process.env.REVIVE_IMPORT_MAX_UNCOMPRESSED_MB = '1';
    try {
      for (const [name, content, key] of cases) {
        const { replies } = await upload(name, content);
        expect(replies[0]!.text).toBe(`⛔ 未导入 ${name}。`);
        expect(replies[1]!.text).toMatch(new RegExp(`^未导入 ${name.replace('.', '\\.')}：`));
        expect(replies[1]!.text).toContain(t('zh-CN', `inventory:fatal.${key}`).slice(0, 4));
        expect(replies[1]!.text).not.toContain('\n');
      }
    } finally {
      if (previous === undefined) delete process.env.REVIVE_IMPORT_MAX_UNCOMPRESSED_MB;
      else process.env.REVIVE_IMPORT_MAX_UNCOMPRESSED_MB = previous;
    }
  });

  it('shows rows per second and the time left in the progress message of a longer import', async () => {
    // The file arrives over four seconds of the machine's clock (only Date is faked: the database
    // and the streams run as usual).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const content = utf8(csv([CNIPA_HEADERS, ...Array.from({ length: 8 }, (_, i) => cnipaRow(10 + i))]));
      const slowly = async () =>
        Readable.from(
          (async function* () {
            const part = Math.ceil(content.length / 4);
            for (let i = 0; i < content.length; i += part) {
              vi.setSystemTime(Date.now() + 1000);
              yield content.subarray(i, i + part);
            }
          })(),
        );
      const { replies, progress } = await upload('清单.csv', content, content.length, slowly);
      expect(progress[0]!.text).toBe(
        t('zh-CN', 'coordinator:import.progress', { file: '清单.csv', rows: 0, percent: 0, failed: 0 }),
      );
      expect(progress.at(-1)!.text).toMatch(
        /^⏳ 正在导入 清单\.csv：已读取 8 行（99%，[12] 行\/秒，剩余 1 秒），错误 0 行$/,
      );
      expect(replies[0]!.text).toBe(t('zh-CN', 'coordinator:import.done', { rows: 8 }));
    } finally {
      vi.useRealTimers();
    }
  });

  it('imports a good file with its progress message, as before', async () => {
    const { replies, progress } = await upload(
      '清单.csv',
      utf8(csv([CNIPA_HEADERS, cnipaRow(4), cnipaRow(5)])),
    );
    expect(progress[0]!.text).toBe(
      t('zh-CN', 'coordinator:import.progress', { file: '清单.csv', rows: 0, percent: 0, failed: 0 }),
    );
    expect(replies[0]).toEqual({
      text: t('zh-CN', 'coordinator:import.done', { rows: 2 }),
      slot: 'progress',
    });
  });
});

describe('progress figures', () => {
  it('give rows per second and the time left once measured', () => {
    const base = { rowsRead: 20_000, bytesRead: 2 * MB, totalBytes: 8 * MB, failed: 3 };
    expect(progressFigures({ ...base, elapsedMs: 100 }, 'zh-CN')).toEqual({
      percent: 25,
      rate: '…',
      eta: '…',
    });
    expect(progressFigures({ ...base, elapsedMs: 10_000 }, 'zh-CN')).toEqual({
      percent: 25,
      rate: '2,000 行/秒',
      eta: '剩余 30 秒',
    });
    // An XLSX says how much of its sheet was read; its bytes were all read first.
    expect(progressFigures({ ...base, bytesRead: 8 * MB, fraction: 0.1, elapsedMs: 10_000 }, 'en')).toEqual({
      percent: 10,
      rate: '2,000 rows/s',
      eta: '1 min 30 s left',
    });
    expect(importProgressText('zh-CN', '清单.xlsx', { ...base, elapsedMs: 10_000 })).toBe(
      '⏳ 正在导入 清单.xlsx：已读取 20000 行（25%，2,000 行/秒，剩余 30 秒），错误 3 行',
    );
  });
});
