// npm run import -- <file> --institution <code> [--as <email>] [--errors <path>] [--locale en]
// Imports a patent list (CSV in UTF-8/GBK or XLSX) with a progress bar; prints the report. Rows
// with errors go to <file>.errors.csv|xlsx (or --errors), ready to fix and import again.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { t } from '../core/i18n.ts';
import { importPatents } from '../core/inventory/import.ts';
import { renderImportReport } from '../core/inventory/report.ts';
import {
  EXIT_FAILED,
  EXIT_PARTIAL,
  openCli,
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
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new UsageError(`cannot read ${file}`);
    },
  );
  const ctx = await openCli('import', values.locale);
  try {
    const institution = await resolveInstitution(ctx, values.institution);
    const actor = await resolveActor(ctx, values.as);
    const bar = new cliProgress.SingleBar(
      {
        format: `{bar} {percentage}% | {rows} ${t(ctx.locale, 'inventory:cli.rows')} | ${t(ctx.locale, 'inventory:cli.errors')} {failed}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(size, 0, { rows: 0, failed: 0 });
    const base = values.errors
      ? values.errors.replace(/\.(csv|xlsx)$/i, '')
      : path.join(path.dirname(file), `${path.basename(file).replace(/\.[^.]+$/, '')}.errors`);
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
      onProgress: (p) => bar.update(Math.min(p.bytesRead, size), { rows: p.rowsRead, failed: p.failed }),
    });
    bar.stop();
    process.stdout.write(`${renderImportReport(summary, path.basename(file), ctx.locale)}\n`);
    if (summary.status === 'FAILED') return EXIT_FAILED;
    return summary.failed > 0 ? EXIT_PARTIAL : 0;
  } finally {
    await ctx.db.close();
  }
});
