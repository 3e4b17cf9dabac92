// npm run admin -- person remove-role --email <e> --role <ROLE> [--institution <code>] [--college <code>]
//                                     [--enterprise <credit code>] [--province <code>] [--as <email>]
// npm run admin -- person unbind --email <e> --channel TELEGRAM|SLACK [--as <email>]
// npm run admin -- person deactivate --email <e> [--as <email>]
// npm run admin -- person reactivate --email <e> [--as <email>]
// npm run admin -- person export --email <e> [--out <file>] [--as <email>]
// npm run admin -- person delete --email <e> [--as <email>]
//   (PIPL: what Revive holds about a person, as JSON; deletion anonymizes them, core/people/privacy.ts)
// People leaving, through core/people/manage.ts: each audited, each checked for `--as <email>`
// (whoever may grant a role may take it away; unbinding and deactivating are for administrators),
// and allowed to the operator at the server's command line without it.
import { parseArgs } from 'node:util';
import { t } from '../../core/i18n.ts';
import { authorize } from '../../core/people/authorize.ts';
import { deactivatePerson, reactivatePerson, removeRole, unbindAccount } from '../../core/people/manage.ts';
import { personByEmail } from '../../core/people/people.ts';
import { deletePersonalData, exportPersonalData } from '../../core/people/privacy.ts';
import type { Channel } from '../../prisma/generated/client.ts';
import { type CliContext, openCli, resolveActor, UsageError } from '../cli-support.ts';
import type { AdminGroup } from './group.ts';
import { parseRole, resolveScopeOptions } from './invite.ts';

const write = (text: string) => process.stdout.write(`${text}\n`);

async function person(ctx: CliContext, email: string | undefined) {
  if (!email) throw new UsageError('--email <address> is required');
  const found = await personByEmail(ctx.db.prisma, email);
  if (!found) throw new UsageError(`--email: no person with e-mail ${email}`);
  return found;
}

const COMMON = { email: { type: 'string' }, as: { type: 'string' }, locale: { type: 'string' } } as const;

export const personCommands: AdminGroup = {
  commands: {
    'remove-role': {
      usage:
        '--email <e> --role <ROLE> [--institution <code>] [--college <code>] [--enterprise <credit code>] [--province <code>] [--as <email>]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: {
            ...COMMON,
            role: { type: 'string' },
            institution: { type: 'string' },
            college: { type: 'string' },
            enterprise: { type: 'string' },
            province: { type: 'string' },
          },
        });
        const role = parseRole(values.role);
        const ctx = await openCli('admin person remove-role', values.locale);
        try {
          const subject = await person(ctx, values.email);
          const actor = await resolveActor(ctx, values.as);
          const scope = await resolveScopeOptions(ctx, values);
          await removeRole(ctx.db.prisma, actor, { personId: subject.id, role, ...scope }, ctx.clock.now());
          write(
            t(ctx.locale, 'people:cli.role_removed', {
              name: subject.name,
              role: t(ctx.locale, `people:role.${role}`),
            }),
          );
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    unbind: {
      usage: '--email <e> --channel TELEGRAM|SLACK [--as <email>]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: { ...COMMON, channel: { type: 'string' } },
        });
        const channel = values.channel?.trim().toUpperCase();
        if (channel !== 'TELEGRAM' && channel !== 'SLACK' && channel !== 'TERMINAL')
          throw new UsageError('--channel must be TELEGRAM or SLACK (or TERMINAL)');
        const ctx = await openCli('admin person unbind', values.locale);
        try {
          const subject = await person(ctx, values.email);
          const actor = await resolveActor(ctx, values.as);
          const { unbound } = await unbindAccount(
            ctx.db.prisma,
            actor,
            { personId: subject.id, channel: channel as Channel },
            ctx.clock.now(),
          );
          write(t(ctx.locale, 'people:cli.unbound', { name: subject.name, channel, count: unbound }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    deactivate: {
      usage: '--email <e> [--as <email>]',
      async run(args) {
        const { values } = parseArgs({ args, strict: true, options: COMMON });
        const ctx = await openCli('admin person deactivate', values.locale);
        try {
          const subject = await person(ctx, values.email);
          const actor = await resolveActor(ctx, values.as);
          const { revokedInvites } = await deactivatePerson(
            ctx.db.prisma,
            actor,
            subject.id,
            ctx.clock.now(),
          );
          write(t(ctx.locale, 'people:cli.deactivated', { name: subject.name, count: revokedInvites }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    reactivate: {
      usage: '--email <e> [--as <email>]',
      async run(args) {
        const { values } = parseArgs({ args, strict: true, options: COMMON });
        const ctx = await openCli('admin person reactivate', values.locale);
        try {
          const subject = await person(ctx, values.email);
          const actor = await resolveActor(ctx, values.as);
          await reactivatePerson(ctx.db.prisma, actor, subject.id, ctx.clock.now());
          write(t(ctx.locale, 'people:cli.reactivated', { name: subject.name }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    export: {
      usage: '--email <e> [--out <file>] [--as <email>]',
      async run(args) {
        const { values } = parseArgs({ args, strict: true, options: { ...COMMON, out: { type: 'string' } } });
        const ctx = await openCli('admin person export', values.locale);
        try {
          const subject = await person(ctx, values.email);
          const actor = await resolveActor(ctx, values.as);
          authorize(actor, 'person.administer');
          const { path } = await exportPersonalData(ctx.db.prisma, subject.id, ctx.clock.now(), {
            by: actor?.personId ?? null,
            ...(values.out ? { path: values.out } : {}),
          });
          write(t(ctx.locale, 'privacy:cli.exported', { name: subject.name, path }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    delete: {
      usage: '--email <e> [--as <email>]',
      async run(args) {
        const { values } = parseArgs({ args, strict: true, options: COMMON });
        const ctx = await openCli('admin person delete', values.locale);
        try {
          const subject = await person(ctx, values.email);
          const actor = await resolveActor(ctx, values.as);
          authorize(actor, 'person.administer');
          const result = await deletePersonalData(
            ctx.db.prisma,
            subject.id,
            ctx.clock.now(),
            actor?.personId ?? null,
          );
          write(t(ctx.locale, 'privacy:cli.deleted', { name: subject.name, count: result.identities }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },
  },
};
