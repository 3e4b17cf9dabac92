// npm run admin -- expert add --name <n> --email <e> [--title <t>] [--affiliation <code|credit code|text>]
//                             [--region <GB/T 2260 code or place>] [--ipc "H01M,G06N 3/04"]
//                             [--keywords "固态电池,储能"] [--invite [--days 30] [--bot <bot>]]
//                             --as <email> [--locale en]
// npm run admin -- expert import <file> --as <email> [--errors <path>] [--locale en]
// npm run admin -- expert edit --email <e> [--name] [--title] [--affiliation] [--region] [--ipc] [--keywords]
//                              --as <email>
// npm run admin -- expert invite --email <e> [--days 30] [--bot <bot>] --as <email>
// npm run admin -- expert list --as <email> [--locale en]
// The expert database (core/experts). Experts are managed by people: `--as <email>` names an
// administrator, a university coordinator of the expert's institution or a bureau officer of its
// province (the operator without --as is refused). --region is for a free-text affiliation (a registered
// one has its own): it puts the expert in that province's bureau's hands; "" clears it. Invitations
// go through core/invites (role EXPERT).
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addExpert, editExpertProfile, inviteExpert, listExperts } from '../../core/experts/experts.ts';
import { importExperts } from '../../core/experts/import.ts';
import { renderChanges, renderExpert, renderExpertImportReport } from '../../core/experts/report.ts';
import { t } from '../../core/i18n.ts';
import { BOT_USERNAME, botUsername, describeScope, invitationText } from '../../core/invites/links.ts';
import type { RoleInvitation } from '../../core/invites/role-invites.ts';
import {
  type CliContext,
  errorFileBase,
  importExitCode,
  importProgressBar,
  openCli,
  readableFileSize,
  resolveActor,
  UsageError,
} from '../cli-support.ts';
import type { AdminGroup } from './group.ts';

const write = (text: string) => process.stdout.write(`${text}\n`);

const PROFILE = {
  name: { type: 'string' },
  email: { type: 'string' },
  title: { type: 'string' },
  affiliation: { type: 'string' },
  region: { type: 'string' },
  ipc: { type: 'string' },
  keywords: { type: 'string' },
  as: { type: 'string' },
  locale: { type: 'string' },
} as const;
const INVITE = { days: { type: 'string' }, bot: { type: 'string' } } as const;

function days(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 365)
    throw new UsageError('--days must be a whole number of days between 1 and 365');
  return value;
}

function bot(given: string | undefined): string | null {
  const name = botUsername(given ?? process.env.TELEGRAM_BOT_USERNAME);
  if (name && !BOT_USERNAME.test(name))
    throw new UsageError(`"${name}" is not a valid Telegram bot username`);
  return name;
}

async function printInvitation(ctx: CliContext, invitation: RoleInvitation, botName: string | null) {
  const person = await ctx.db.prisma.person.findUniqueOrThrow({ where: { id: invitation.personId } });
  write(
    invitationText(ctx.locale, {
      token: invitation.token,
      bot: botName,
      personName: person.name,
      personEmail: person.email,
      role: invitation.role,
      scope: await describeScope(ctx.db.prisma, invitation, ctx.locale),
      expiresAt: invitation.expiresAt,
      timeZone: ctx.config.DEFAULT_TIME_ZONE,
    }),
  );
}

export const expertCommands: AdminGroup = {
  commands: {
    add: {
      usage:
        '--name <n> --email <e> [--title <t>] [--affiliation <institution code | credit code | text>] [--region <code | place>] [--ipc "H01M,G06N 3/04"] [--keywords <k>] [--invite [--days 30] [--bot <bot>]] --as <email> [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: { ...PROFILE, ...INVITE, invite: { type: 'boolean' } },
        });
        if (!values.name || !values.email)
          throw new UsageError('--name <name> and --email <address> are required');
        const validDays = days(values.days);
        const botName = bot(values.bot);
        const ctx = await openCli('admin expert add', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const added = await addExpert(
            ctx.db.prisma,
            actor,
            {
              name: values.name,
              email: values.email,
              title: values.title,
              affiliation: values.affiliation,
              region: values.region,
              ipc: values.ipc,
              keywords: values.keywords,
            },
            ctx.clock.now(),
            { invite: values.invite === true, ...(validDays ? { validDays } : {}) },
          );
          write(t(ctx.locale, 'experts:cli.added', { expert: renderExpert(added.expert, ctx.locale) }));
          if (added.invitation) await printInvitation(ctx, added.invitation, botName);
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    import: {
      usage: '<file> --as <email> [--errors <path>] [--locale en]',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { as: { type: 'string' }, errors: { type: 'string' }, locale: { type: 'string' } },
        });
        const file = positionals[0];
        if (!file || positionals.length > 1)
          throw new UsageError('usage: npm run admin -- expert import <file> --as <email> [--errors <path>]');
        const size = await readableFileSize(file);
        const ctx = await openCli('admin expert import', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const bar = importProgressBar(ctx.locale, size);
          const base = errorFileBase(file, values.errors);
          const summary = await importExperts(ctx.db.prisma, {
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
          write(renderExpertImportReport(summary, path.basename(file), ctx.locale));
          return importExitCode(summary);
        } finally {
          await ctx.db.close();
        }
      },
    },

    edit: {
      usage:
        '--email <e> [--name <n>] [--title <t>] [--affiliation <a>] [--region <r>] [--ipc <codes>] [--keywords <k>] --as <email>',
      async run(args) {
        const { values } = parseArgs({ args, strict: true, options: PROFILE });
        if (!values.email) throw new UsageError('--email <address> of the expert is required');
        const given = [
          values.name,
          values.title,
          values.affiliation,
          values.region,
          values.ipc,
          values.keywords,
        ];
        if (given.every((v) => v === undefined))
          throw new UsageError(
            'nothing to change: give --name, --title, --affiliation, --region, --ipc or --keywords',
          );
        const ctx = await openCli('admin expert edit', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const edited = await editExpertProfile(
            ctx.db.prisma,
            actor,
            {
              email: values.email,
              name: values.name,
              title: values.title,
              affiliation: values.affiliation,
              region: values.region,
              ipc: values.ipc,
              keywords: values.keywords,
            },
            ctx.clock.now(),
          );
          write(
            edited.outcome === 'UPDATED'
              ? t(ctx.locale, 'experts:cli.edited', {
                  name: edited.expert.name,
                  changes: renderChanges(edited.changes, ctx.locale),
                })
              : t(ctx.locale, 'experts:cli.unchanged', { name: edited.expert.name }),
          );
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    invite: {
      usage: '--email <e> [--days 30] [--bot <bot>] --as <email> [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: {
            email: { type: 'string' },
            as: { type: 'string' },
            locale: { type: 'string' },
            ...INVITE,
          },
        });
        if (!values.email) throw new UsageError('--email <address> of the expert is required');
        const validDays = days(values.days);
        const botName = bot(values.bot);
        const ctx = await openCli('admin expert invite', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const { invitation } = await inviteExpert(
            ctx.db.prisma,
            actor,
            values.email,
            ctx.clock.now(),
            validDays,
          );
          await printInvitation(ctx, invitation, botName);
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    list: {
      usage: '--as <email> [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: { as: { type: 'string' }, locale: { type: 'string' } },
        });
        const ctx = await openCli('admin expert list', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const experts = await listExperts(ctx.db.prisma, actor);
          for (const expert of experts) write(renderExpert(expert, ctx.locale));
          write(t(ctx.locale, 'experts:cli.list_count', { count: experts.length }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },
  },
};
