// npm run import -- <file> --institution <code> [--as <email>] [--errors <path>] [--locale en]
// Imports a patent list (CSV in UTF-8/GBK or XLSX) with a progress bar (rows per second, time
// left); prints the report. Rows with errors go to <file>.errors.csv|xlsx (or --errors), ready to
// fix and import again. A file refused as a whole (too large, not a spreadsheet, no data rows) gets
// one line on stderr and its exit code, before the file is even opened when its size says so.
// In its own module so that tests run the command in process (scripts/import.ts is the entry).
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPatents } from '../../core/inventory/import.ts';
import { refusedOutright, renderImportReport } from '../../core/inventory/report.ts';
import {
  errorFileBase,
  importExitCode,
  importProgressBar,
  limitHeapGrowth,
  openCli,
  readableFileSize,
  resolveActor,
  resolveInstitution,
  runCli,
  UsageError,
} from '../cli-support.ts';

export async function runImport(argv: readonly string[]): Promise<void> {
  limitHeapGrowth();
  await runCli('import', async () => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        institution: { type: 'string' },
        as: { type: 'string' },
        errors: { type: 'string' },
        locale: { type: 'string' },
      },
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      throw new UsageError(
        'usage: npm run import -- <file> --institution <code> [--as <email>] [--errors <path>]',
      );
    }
    const size = await readableFileSize(file);
    const ctx = await openCli('import', values.locale);
    try {
      const institution = await resolveInstitution(ctx, values.institution);
      const actor = await resolveActor(ctx, values.as);
      const bar = importProgressBar(ctx.locale, size);
      const base = errorFileBase(file, values.errors);
      const summary = await importPatents(ctx.db.prisma, {
        institutionId: institution.id,
        actor,
        fileName: path.basename(file),
        open: async () => createReadStream(file),
        totalBytes: size,
        errorFileBase: base,
        locale: ctx.locale,
        clock: ctx.clock,
        logger: ctx.logger,
        onProgress: bar.update,
      });
      bar.stop();
      const report = renderImportReport(summary, path.basename(file), ctx.locale);
      if (refusedOutright(summary)) process.stderr.write(`revive import: ${report}\n`);
      else process.stdout.write(`${report}\n`);
      return importExitCode(summary);
    } finally {
      await ctx.db.close();
    }
  });
}
