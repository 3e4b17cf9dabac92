// Hostile and accidental files on both databases: each is refused with a one-line reason (the
// report in chat and on the command line) and its exit code, before it is read when its size says
// so, and leaves no temporary file behind. Files are made small here; limits are set low to meet them.
import { createHash } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits, importLimits } from '../../../core/config.ts';
import { t } from '../../../core/i18n.ts';
import { type ImportOptions, importPatents } from '../../../core/inventory/import.ts';
import { renderImportReport } from '../../../core/inventory/report.ts';
import { EXIT_FAILED, EXIT_PARTIAL, EXIT_TOO_LARGE, importExitCode } from '../../../scripts/cli-support.ts';
import { testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { appNo, CNIPA_HEADERS, cnipaRow, createWorld, csv, opener, utf8, type World } from './fixtures.ts';
import { workbook, zip } from './hostile-fixtures.ts';

const MB = 1024 * 1024;
const limits = (overrides: Partial<ImportLimits>): ImportLimits => ({
  ...DEFAULT_IMPORT_LIMITS,
  ...overrides,
});

describe('import limits from the environment', () => {
  it('default to 20 MB uploads and read REVIVE_IMPORT_MAX_*', () => {
    expect(importLimits({})).toEqual(DEFAULT_IMPORT_LIMITS);
    expect(DEFAULT_IMPORT_LIMITS.maxUploadBytes).toBe(20 * MB);
    expect(
      importLimits({
        REVIVE_IMPORT_MAX_UPLOAD_MB: '5',
        REVIVE_IMPORT_MAX_UNCOMPRESSED_MB: '64',
        REVIVE_IMPORT_MAX_SHARED_STRINGS: '1000',
        REVIVE_IMPORT_MAX_ROWS: '50',
      }),
    ).toEqual({ maxUploadBytes: 5 * MB, maxUncompressedBytes: 64 * MB, maxSharedStrings: 1000, maxRows: 50 });
    expect(() => importLimits({ REVIVE_IMPORT_MAX_UPLOAD_MB: 'lots' })).toThrow(
      /REVIVE_IMPORT_MAX_UPLOAD_MB/,
    );
  });
});

describe.each(DATABASE_KINDS)('hostile files on %s', (kind) => {
  let db: TestDatabase;
  let world: World;
  let temp: string;
  const previousTmp = process.env.TMPDIR;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    world = await createWorld(db.prisma);
    // The readers' temporary files go here, so that the test sees every one of them.
    temp = await mkdtemp(path.join(tmpdir(), 'revive-hostile-'));
    process.env.TMPDIR = temp;
  });
  afterAll(async () => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await db?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  const run = (file: Buffer, extra: Partial<ImportOptions> = {}) =>
    importPatents(db.prisma, {
      institutionId: world.institutionId,
      actor: world.coordinator,
      fileName: 'list.xlsx',
      open: opener(file),
      locale: 'en',
      clock: testClock(),
      ...extra,
    });

  /** The refusal as chat and the command line show it: one line, and the exit code. */
  const refused = async (summary: Awaited<ReturnType<typeof run>>, key: string, code: number) => {
    expect(summary.status).toBe('FAILED');
    expect(summary.fatal?.key).toBe(`inventory:fatal.${key}`);
    const line = renderImportReport(summary, 'list.xlsx', 'en');
    expect(line).toBe(
      t('en', 'inventory:report.refused', {
        file: 'list.xlsx',
        reason: t('en', summary.fatal!.key, summary.fatal!.params),
      }),
    );
    expect(line).not.toContain('\n');
    expect(renderImportReport(summary, 'list.xlsx', 'zh-CN')).not.toContain('\n');
    expect(importExitCode(summary)).toBe(code);
    const stored = await db.prisma.importRun.findUniqueOrThrow({ where: { id: summary.importRunId } });
    expect(stored.status).toBe('FAILED');
    expect(stored.errors).toEqual([expect.objectContaining({ row: 0, code: `inventory:fatal.${key}` })]);
    // Nothing left in the temporary directory.
    expect(await readdir(temp)).toEqual([]);
  };

  it('refuses a file over the upload limit without opening it', async () => {
    let opened = false;
    const summary = await run(Buffer.alloc(0), {
      totalBytes: 21 * MB,
      open: async () => {
        opened = true;
        return Readable.from([]);
      },
    });
    expect(opened).toBe(false);
    expect(summary.fatal).toEqual({ key: 'inventory:fatal.too_large', params: { size: '21', limit: '20' } });
    expect(renderImportReport(summary, 'list.xlsx', 'en')).toBe(
      'list.xlsx not imported: Too large: 21 MB, limit 20 MB. Split the list and upload the parts.',
    );
    await refused(summary, 'too_large', EXIT_TOO_LARGE);
  });

  it('refuses an upload whose size was not told once it passes the limit, CSV and XLSX', async () => {
    const big = utf8(csv([CNIPA_HEADERS, ...Array.from({ length: 400 }, (_, i) => cnipaRow(9000 + i))]));
    const csvSummary = await run(big, { limits: limits({ maxUploadBytes: 64 * 1024 }) });
    await refused(csvSummary, 'too_large_stream', EXIT_TOO_LARGE);
    const sheet = workbook([CNIPA_HEADERS, ...Array.from({ length: 200 }, (_, i) => cnipaRow(9500 + i))]);
    const xlsxSummary = await run(sheet, { limits: limits({ maxUploadBytes: 4 * 1024 }) });
    await refused(xlsxSummary, 'too_large_stream', EXIT_TOO_LARGE);
  });

  it('refuses a zip bomb by what it declares, before inflating it', async () => {
    // 1.5 MB of shared strings that deflate to a few kilobytes.
    const bomb = workbook([CNIPA_HEADERS, cnipaRow(1)], {
      padding: Array.from({ length: 40_000 }, () => 'x'),
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const summary = await run(bomb, { limits: limits({ maxUncompressedBytes: 1 * MB }) });
    expect(summary.fatal?.params).toEqual({ size: expect.stringMatching(/^\d+(\.\d)?$/), limit: '1' });
    expect(t('en', summary.fatal!.key, summary.fatal!.params)).toMatch(
      /^Too large: [\d.]+ MB uncompressed, limit 1 MB\.$/,
    );
    await refused(summary, 'too_large_uncompressed', EXIT_TOO_LARGE);
  });

  it('stops a zip bomb that hides its size as soon as it inflates past the limit', async () => {
    const bomb = workbook([CNIPA_HEADERS, cnipaRow(1)], {
      padding: Array.from({ length: 40_000 }, () => 'x'),
      declared: { sharedStrings: 1000 },
    });
    const summary = await run(bomb, { limits: limits({ maxUncompressedBytes: 1 * MB }) });
    await refused(summary, 'too_large_uncompressed_stream', EXIT_TOO_LARGE);
  });

  it('refuses more shared strings than the limit, by the count the file declares', async () => {
    const file = workbook([CNIPA_HEADERS, cnipaRow(2), cnipaRow(3)]);
    const summary = await run(file, { limits: limits({ maxSharedStrings: 10 }) });
    expect(summary.fatal?.params).toEqual({ limit: 10 });
    await refused(summary, 'too_many_shared_strings', EXIT_TOO_LARGE);
  });

  it('refuses an XLSX whose sheet declares more rows than the limit, and stops a CSV at the limit', async () => {
    const rows = [CNIPA_HEADERS, ...Array.from({ length: 30 }, (_, i) => cnipaRow(9700 + i))];
    const xlsxSummary = await run(workbook(rows), { limits: limits({ maxRows: 5 }) });
    await refused(xlsxSummary, 'too_many_rows', EXIT_TOO_LARGE);
    // A CSV does not say how long it is: it is stopped at the limit (chunks already stored would stay).
    const csvSummary = await run(utf8(csv(rows.slice(0, 5))), { limits: limits({ maxRows: 2 }) });
    expect(csvSummary).toMatchObject({ created: 0, failed: 0 });
    expect(csvSummary.fatal).toEqual({ key: 'inventory:fatal.too_many_rows', params: { limit: 2 } });
    await refused(csvSummary, 'too_many_rows', EXIT_TOO_LARGE);
    expect(await db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 109700) } })).toBe(0);
  });

  it('refuses a gzip archive, an image and other binaries renamed .csv as not a spreadsheet', async () => {
    const list = utf8(csv([CNIPA_HEADERS, cnipaRow(4)]));
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const random = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256));
    for (const file of [gzipSync(list), png, random]) {
      const summary = await run(file, { fileName: 'list.csv' });
      expect(t('zh-CN', summary.fatal!.key)).toBe(
        '这不是电子表格：请上传 .xlsx 或 CSV 文件（不要上传压缩包、PDF 或图片）。',
      );
      await refused(summary, 'not_spreadsheet', EXIT_FAILED);
    }
  });

  it('refuses a ZIP that is not a workbook as not a spreadsheet, and a broken one as damaged', async () => {
    const document = zip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<document/>' },
    ]);
    await refused(await run(document), 'not_spreadsheet', EXIT_FAILED);
    const cut = workbook([CNIPA_HEADERS, cnipaRow(5)]);
    await refused(await run(cut.subarray(0, cut.length - 30)), 'damaged', EXIT_FAILED);
  });

  it('says "no data rows" for a file with only its header, CSV and XLSX', async () => {
    const csvSummary = await run(utf8(csv([CNIPA_HEADERS, [''], ['']])), { fileName: 'list.csv' });
    expect(renderImportReport(csvSummary, 'list.csv', 'zh-CN')).toBe(
      '未导入 list.csv：没有数据行：文件只有表头。',
    );
    await refused(csvSummary, 'no_rows', EXIT_FAILED);
    await refused(await run(workbook([['清单'], CNIPA_HEADERS])), 'no_rows', EXIT_FAILED);
  });

  it('reads an XLSX whose sheet comes before its shared strings, in a private temporary directory it removes', async () => {
    const rows = [CNIPA_HEADERS, cnipaRow(6), cnipaRow(7, { 法律状态: '未缴年费专利权终止' })];
    // Texts that do not compress, so that the file is larger than what is read to tell its format.
    const padding = Array.from({ length: 12_000 }, (_, i) =>
      createHash('sha1').update(String(i)).digest('hex'),
    );
    const file = workbook(rows, { sheetFirst: true, padding });
    expect(file.length).toBeGreaterThan(200 * 1024);
    // Looks at the temporary directory while the upload is still being copied into it.
    const seen: { name: string; mode: number }[] = [];
    const half = 150 * 1024;
    /** Resolves once the reader has made its directory (watched, not polled). */
    const directoryMade = () =>
      new Promise<void>((resolve) => {
        const watcher = watch(temp, () => {
          watcher.close();
          resolve();
        });
        void readdir(temp).then((names) => {
          if (names.length > 0) {
            watcher.close();
            resolve();
          }
        });
      });
    async function* slowly() {
      yield file.subarray(0, half);
      await directoryMade();
      for (const name of await readdir(temp)) {
        seen.push({ name, mode: (await stat(path.join(temp, name))).mode & 0o777 });
      }
      yield file.subarray(half);
    }
    const summary = await run(file, { open: async () => Readable.from(slowly()) });
    expect(summary).toMatchObject({ status: 'COMPLETED', format: 'xlsx', created: 2, failed: 0 });
    expect(seen).toEqual([{ name: expect.stringMatching(/^revive-upload-/), mode: 0o700 }]);
    expect(await readdir(temp)).toEqual([]);
    const lapsed = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100007) },
    });
    expect(lapsed.legalStatus).toBe('LAPSED');
  });

  it('imports rows of a file that breaks partway and exits 1 or 2 as before', async () => {
    const partial = await run(utf8(csv([CNIPA_HEADERS, cnipaRow(8), cnipaRow(8)])), { fileName: 'list.csv' });
    expect(importExitCode(partial)).toBe(EXIT_PARTIAL);
  });
});
