// npm run admin -- staff import <file> --institution <code> [--as <email>] [--errors <path>] [--locale en]
// npm run admin -- staff list --institution <code> [--status SERVING|STUDENT|RETIRED|LEFT] [--as <email>] [--locale en]
// A university's staff directory (core/staff): the list its coordinator imports (CSV in UTF-8/GBK or
// XLSX, zh or en headers) with a progress bar and the change report — who is new, who changed and
// what, who is unchanged —, rejected rows in <file>.errors.csv|xlsx. Exit codes as `npm run import`:
// 0 imported, 1 imported but some rows were rejected, 2 nothing done.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { t } from '../../core/i18n.ts';
import { institutionByCode } from '../../core/inventory/institutions.ts';
import { parseEmployment } from '../../core/staff/employment.ts';
import { importStaff } from '../../core/staff/import.ts';
import { listStaff } from '../../core/staff/list.ts';
import { renderStaffReport } from '../../core/staff/report.ts';
import {
  errorFileBase,
  importExitCode,
  importProgressBar,
  openCli,
  readableFileSize,
  resolveActor,
  resolveInstitution,
  UsageError,
} from '../cli-support.ts';
import type { AdminGroup } from './group.ts';

const write = (text: string) => process.stdout.write(`${text}\n`);

export const staffCommands: AdminGroup = {
  commands: {
    import: {
      usage: '<file> --institution <code> [--as <email>] [--errors <path>] [--locale en]',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
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
            'usage: npm run admin -- staff import <file> --institution <code> [--as <email>] [--errors <path>]',
          );
        }
        if (!values.institution) throw new UsageError('--institution <code> is required');
        const size = await readableFileSize(file);
        const ctx = await openCli('admin staff import', values.locale);
        try {
          const institution = await resolveInstitution(ctx, values.institution);
          const actor = await resolveActor(ctx, values.as);
          const bar = importProgressBar(ctx.locale, size);
          const base = errorFileBase(file, values.errors);
          const summary = await importStaff(ctx.db.prisma, {
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
          }).finally(() => bar.stop());
          write(renderStaffReport(summary, path.basename(file), ctx.locale));
          return importExitCode(summary);
        } finally {
          await ctx.db.close();
        }
      },
    },

    list: {
      usage: '--institution <code> [--status SERVING|STUDENT|RETIRED|LEFT] [--as <email>] [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: {
            institution: { type: 'string' },
            status: { type: 'string' },
            as: { type: 'string' },
            locale: { type: 'string' },
          },
        });
        if (!values.institution) throw new UsageError('--institution <code> is required');
        const ctx = await openCli('admin staff list', values.locale);
        try {
          const employment = values.status === undefined ? undefined : parseEmployment(values.status);
          if (employment === null) throw new UsageError(t(ctx.locale, 'staff:cli.status_invalid'));
          // Reading a deactivated institution's directory is still allowed.
          const institution = await institutionByCode(ctx.db.prisma, values.institution, {
            allowDeactivated: true,
          });
          const actor = await resolveActor(ctx, values.as);
          const staff = await listStaff(
            ctx.db.prisma,
            actor,
            institution.id,
            employment ? { employment } : {},
          );
          write(t(ctx.locale, 'staff:cli.list_header'));
          for (const s of staff) {
            write(
              [
                s.staffNumber,
                s.name,
                s.college ?? '',
                t(ctx.locale, `staff:status.${s.employment}`),
                s.email ?? '',
                s.phone ?? '',
              ].join('\t'),
            );
          }
          write(t(ctx.locale, 'staff:cli.list_count', { count: staff.length }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },
  },
};
