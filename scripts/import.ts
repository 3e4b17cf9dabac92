// npm run import -- <file> --institution <code> [--as <email>] [--errors <path>] [--locale en]
// Imports a patent list (CSV in UTF-8/GBK or XLSX) with a progress bar; prints the report. Rows
// with errors go to <file>.errors.csv|xlsx (or --errors), ready to fix and import again.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPatents } from '../core/inventory/import.ts';
import { renderImportReport } from '../core/inventory/report.ts';
import {
  errorFileBase,
  importExitCode,
  importProgressBar,
  openCli,
  readableFileSize,
  resolveActor,
  resolveInstitution,
  runCli,
  UsageError,
} from './cli-support.ts';

await runCli('import', async () => {
  const { values, positionals } = parseArgs({
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
    process.stdout.write(`${renderImportReport(summary, path.basename(file), ctx.locale)}\n`);
    return importExitCode(summary);
  } finally {
    await ctx.db.close();
  }
});
