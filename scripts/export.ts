// npm run export -- --institution <code> [--out <file.xlsx>] [--as <email>] [--locale en]
// Writes the annotated inventory (one row per patent, Chinese and English headers) as XLSX;
// by default into DATA_DIR/exports/.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportFileName, exportsDir } from '../core/export/file-names.ts';
import { exportInventory } from '../core/export/inventory-export.ts';
import { t } from '../core/i18n.ts';
import { openCli, resolveActor, resolveInstitution, runCli } from './cli-support.ts';

await runCli('export', async () => {
  const { values } = parseArgs({
    options: {
      institution: { type: 'string' },
      out: { type: 'string' },
      as: { type: 'string' },
      locale: { type: 'string' },
    },
  });
  const ctx = await openCli('export', values.locale);
  try {
    const institution = await resolveInstitution(ctx, values.institution);
    const actor = await resolveActor(ctx, values.as);
    const out =
      values.out ??
      path.join(
        exportsDir(ctx.config.DATA_DIR),
        exportFileName('inventory', institution.code, ctx.clock.now(), ctx.config.DEFAULT_TIME_ZONE),
      );
    await mkdir(path.dirname(out), { recursive: true });
    const result = await exportInventory(ctx.db.prisma, {
      institutionId: institution.id,
      actor,
      path: out,
      locale: ctx.locale,
      timeZone: ctx.config.DEFAULT_TIME_ZONE,
      logger: ctx.logger,
    });
    process.stdout.write(
      `${t(ctx.locale, 'export:summary.inventory', { count: result.patents, path: out })}\n`,
    );
    return 0;
  } finally {
    await ctx.db.close();
  }
});
