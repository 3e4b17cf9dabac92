// npm run admin -- enterprise import <file.csv|xlsx> [--no-invite] [--days 30] [--bot <telegram bot>] [--as <email>] [--locale en]
// npm run admin -- enterprise verify <credit code> [--as <email>] [--locale en]
// npm run admin -- enterprise reject <credit code> [--as <email>] [--locale en]
// npm run admin -- enterprise list [--status PENDING|VERIFIED|REJECTED] [--as <email>] [--locale en]
// Enterprises through the same use cases as the chat (core/enterprises): a bureau's list imported as
// verified, with row-level errors and invitations for each row's contact; one enterprise verified
// or rejected; the enterprises by status. `--as <email>` acts as that person (a bureau officer acts
// in their own province); without it, as the operator at the server's command line.
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeEnterprise, regionText } from '../../core/enterprises/describe.ts';
import { listEnterprises, rejectEnterprise, verifyEnterprise } from '../../core/enterprises/enterprises.ts';
import { importEnterprises } from '../../core/enterprises/import.ts';
import { type Locale, t } from '../../core/i18n.ts';
import { parseCreditCode } from '../../core/identifiers/credit-code.ts';
import { BOT_USERNAME, botUsername, invitationText } from '../../core/invites/links.ts';
import type { EnterpriseStatus } from '../../prisma/generated/client.ts';
import {
  type CliContext,
  EXIT_FAILED,
  EXIT_PARTIAL,
  openCli,
  readableFileSize,
  resolveActor,
  UsageError,
} from '../cli-support.ts';
import type { AdminGroup } from './group.ts';

const write = (text: string) => process.stdout.write(`${text}\n`);
const k = (key: string) => `enterprises:cli.${key}`;

function days(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 365)
    throw new UsageError('--days must be a whole number of days between 1 and 365');
  return value;
}

const STATUSES: readonly EnterpriseStatus[] = ['PENDING', 'VERIFIED', 'REJECTED'];

function status(text: string | undefined): EnterpriseStatus | undefined {
  if (text === undefined) return undefined;
  const value = text.trim().toUpperCase() as EnterpriseStatus;
  if (!STATUSES.includes(value)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  return value;
}

/** The enterprise with this credit code (written in any common form), or a usage error. */
async function byCreditCode(ctx: CliContext, text: string | undefined) {
  if (!text) throw new UsageError('the unified social credit code is required');
  const parsed = parseCreditCode(text);
  const code = parsed.ok ? parsed.value : text.trim().toUpperCase();
  const enterprise = await ctx.db.prisma.enterprise.findUnique({ where: { creditCode: code } });
  if (!enterprise) throw new UsageError(`no enterprise with unified social credit code "${code}"`);
  return enterprise;
}

const rowLine = (
  locale: Locale,
  e: { row: number; field: string | null; error: { key: string; params?: Record<string, string | number> } },
) => t(locale, k('row_error'), { row: e.row, message: t(locale, e.error.key, e.error.params) });

async function decide(args: string[], decision: 'verify' | 'reject'): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { as: { type: 'string' }, locale: { type: 'string' } },
  });
  const ctx = await openCli(`admin enterprise ${decision}`, values.locale);
  try {
    const actor = await resolveActor(ctx, values.as);
    const found = await byCreditCode(ctx, positionals[0]);
    const now = ctx.clock.now();
    const { enterprise, changed } =
      decision === 'verify'
        ? await verifyEnterprise(ctx.db.prisma, actor, found.id, now)
        : await rejectEnterprise(ctx.db.prisma, actor, found.id, now);
    write(describeEnterprise(enterprise, ctx.locale, { status: true }).join('\n'));
    const key = `enterprises:${decision}.${changed ? 'done' : 'already'}`;
    write(t(ctx.locale, key, { name: enterprise.name }));
    return 0;
  } finally {
    await ctx.db.close();
  }
}

export const enterpriseCommands: AdminGroup = {
  commands: {
    import: {
      usage:
        '<file.csv|file.xlsx> [--no-invite] [--days 30] [--bot <telegram bot>] [--as <email>] [--locale en]',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: {
            'no-invite': { type: 'boolean' },
            days: { type: 'string' },
            bot: { type: 'string' },
            as: { type: 'string' },
            locale: { type: 'string' },
          },
        });
        const file = positionals[0];
        if (!file) throw new UsageError('the file to import is required: enterprise import <file>');
        await readableFileSize(file);
        const validDays = days(values.days);
        const bot = botUsername(values.bot ?? process.env.TELEGRAM_BOT_USERNAME);
        if (bot && !BOT_USERNAME.test(bot))
          throw new UsageError(`"${bot}" is not a valid Telegram bot username`);
        const ctx = await openCli('admin enterprise import', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const result = await importEnterprises(ctx.db.prisma, actor, {
            open: async () => createReadStream(file),
            now: ctx.clock.now(),
            invite: values['no-invite'] !== true,
            ...(validDays ? { validDays } : {}),
          });
          ctx.logger.info(
            { file, created: result.created, updated: result.updated, failed: result.failed },
            'enterprises imported',
          );
          if (result.fatal) {
            process.stderr.write(
              `revive admin enterprise import: ${t(ctx.locale, result.fatal.key, result.fatal.params)}\n`,
            );
            return EXIT_FAILED;
          }
          write(
            t(ctx.locale, k('import_counts'), {
              total: result.total,
              created: result.created,
              updated: result.updated,
              unchanged: result.unchanged,
              failed: result.failed,
            }),
          );
          if (result.verified > 0) write(t(ctx.locale, k('import_verified'), { count: result.verified }));
          if (result.errors.length > 0) {
            write(t(ctx.locale, k('import_errors')));
            for (const error of result.errors) write(rowLine(ctx.locale, error));
          }
          for (const invitation of result.invitations) {
            write('');
            write(
              invitationText(ctx.locale, {
                token: invitation.token,
                bot,
                personName: invitation.personName,
                personEmail: invitation.email,
                role: 'ENTERPRISE_ADMIN',
                scope: invitation.enterpriseName,
                expiresAt: invitation.expiresAt,
                timeZone: ctx.config.DEFAULT_TIME_ZONE,
              }),
            );
          }
          if (result.inviteProblems.length > 0) {
            write('');
            write(t(ctx.locale, k('invite_problems')));
            for (const problem of result.inviteProblems) write(rowLine(ctx.locale, problem));
          }
          return result.failed > 0 || result.inviteProblems.length > 0 ? EXIT_PARTIAL : 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    verify: {
      usage: '<credit code> [--as <email>] [--locale en]',
      run: (args) => decide(args, 'verify'),
    },

    reject: {
      usage: '<credit code> [--as <email>] [--locale en]',
      run: (args) => decide(args, 'reject'),
    },

    list: {
      usage: '[--status PENDING|VERIFIED|REJECTED] [--as <email>] [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: { status: { type: 'string' }, as: { type: 'string' }, locale: { type: 'string' } },
        });
        const wanted = status(values.status);
        const ctx = await openCli('admin enterprise list', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const enterprises = await listEnterprises(ctx.db.prisma, actor, wanted ? { status: wanted } : {});
          if (enterprises.length === 0) {
            write(t(ctx.locale, k('list_none')));
            return 0;
          }
          for (const e of enterprises) {
            write(
              [
                e.creditCode,
                t(ctx.locale, `enterprises:status.${e.status}`),
                e.name,
                regionText(e.region, ctx.locale),
              ].join('\t'),
            );
          }
          write(t(ctx.locale, k('list_count'), { count: enterprises.length }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },
  },
};
