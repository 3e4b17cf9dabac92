// npm run admin -- invite create --role <ROLE> [--institution <code>] [--college <code>]
//                                 [--province <code>] [--enterprise <credit code>]
//                                 (--email <e> --name <n> | --person-email <existing>) [--mobile <m>]
//                                 [--days 30] [--bot <telegram bot username>] [--as <email>] [--locale en]
// npm run admin -- invite list [--institution <code> | --province <code> | --enterprise <credit code>] [--as <email>]
// npm run admin -- invite revoke <invite id> [--as <email>]
// npm run admin -- invite redeem <token> --terminal <key>
// Invitations for every role, through the same use case as the chat (core/invites/role-invites.ts):
// who may invite whom is checked for `--as <email>` (without it: the operator at the server's
// command line). `create` prints the Telegram link, the Slack command and the terminal way in;
// `redeem` binds a terminal account (then `npm start -- --as <key>`).
import { parseArgs } from 'node:util';
import { t } from '../../core/i18n.ts';
import { collegeCode, normaliseCode } from '../../core/institutions/fields.ts';
import { findInstitution } from '../../core/institutions/institutions.ts';
import { redeemInvite } from '../../core/invites/invites.ts';
import { BOT_USERNAME, botUsername, describeScope, invitationText } from '../../core/invites/links.ts';
import {
  type Invitee,
  inviteToRole,
  listOpenInvites,
  ROLES,
  revokeRoleInvite,
} from '../../core/invites/role-invites.ts';
import { personByEmail } from '../../core/people/people.ts';
import { resolveProvince } from '../../core/regions/regions.ts';
import { localDateTime } from '../../core/time-format.ts';
import type { Role } from '../../prisma/generated/client.ts';
import { type CliContext, openCli, resolveActor, UsageError } from '../cli-support.ts';
import type { AdminGroup } from './group.ts';

/** The role named on the command line, in any case. */
export function parseRole(text: string | undefined): Role {
  const role = (text ?? '').trim().toUpperCase().replace(/-/g, '_') as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return role;
}

export interface ScopeOptions {
  institution?: string | undefined;
  college?: string | undefined;
  province?: string | undefined;
  enterprise?: string | undefined;
}

/** --institution / --college / --province / --enterprise as ids; unknown ones are usage errors. */
export async function resolveScopeOptions(
  ctx: CliContext,
  options: ScopeOptions,
): Promise<{ institutionId: string | null; enterpriseId: string | null; province: string | null }> {
  const db = ctx.db.prisma;
  let institutionId: string | null = null;
  if (options.institution) {
    const institution = await findInstitution(db, options.institution);
    if (!institution)
      throw new UsageError(`no institution with code "${normaliseCode(options.institution)}"`);
    institutionId = institution.id;
  }
  if (options.college) {
    // "MAT" with --institution DHUT, or the college's full code "DHUT-MAT".
    const university = institutionId
      ? await db.institution.findUniqueOrThrow({ where: { id: institutionId } })
      : null;
    const code = university ? collegeCode(university.code, options.college) : normaliseCode(options.college);
    const college = await findInstitution(db, code);
    if (!college || college.parentId === null || (university && college.parentId !== university.id))
      throw new UsageError(`no college with code "${code}"`);
    institutionId = college.id;
  }
  let enterpriseId: string | null = null;
  if (options.enterprise) {
    const creditCode = options.enterprise.trim().toUpperCase();
    const enterprise = await db.enterprise.findUnique({ where: { creditCode } });
    if (!enterprise) throw new UsageError(`no enterprise with unified social credit code "${creditCode}"`);
    enterpriseId = enterprise.id;
  }
  let province: string | null = null;
  if (options.province) {
    // A code (330000) or a name (浙江, Zhejiang).
    province = resolveProvince(options.province)?.code ?? options.province.trim();
  }
  return { institutionId, enterpriseId, province };
}

function days(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 365)
    throw new UsageError('--days must be a whole number of days between 1 and 365');
  return value;
}

const write = (text: string) => process.stdout.write(`${text}\n`);

const SCOPE_OPTIONS = {
  institution: { type: 'string' },
  college: { type: 'string' },
  province: { type: 'string' },
  enterprise: { type: 'string' },
} as const;

export const inviteCommands: AdminGroup = {
  commands: {
    create: {
      usage:
        '--role <ROLE> [--institution <code>] [--college <code>] [--province <code>] [--enterprise <credit code>] (--email <e> --name <n> | --person-email <e>) [--mobile <m>] [--days 30] [--bot <telegram bot>] [--as <email>] [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: {
            role: { type: 'string' },
            ...SCOPE_OPTIONS,
            email: { type: 'string' },
            'person-email': { type: 'string' },
            name: { type: 'string' },
            mobile: { type: 'string' },
            days: { type: 'string' },
            bot: { type: 'string' },
            as: { type: 'string' },
            locale: { type: 'string' },
          },
        });
        const role = parseRole(values.role);
        const validDays = days(values.days);
        if (values['person-email'] && (values.email || values.name || values.mobile))
          throw new UsageError(
            '--person-email names an existing person: leave out --email, --name and --mobile',
          );
        if (!values['person-email'] && !values.name)
          throw new UsageError('--name <name> is required for a new person (or --person-email <existing>)');
        const bot = botUsername(values.bot ?? process.env.TELEGRAM_BOT_USERNAME);
        if (bot && !BOT_USERNAME.test(bot))
          throw new UsageError(`"${bot}" is not a valid Telegram bot username`);
        const ctx = await openCli('admin invite create', values.locale);
        try {
          const db = ctx.db.prisma;
          const actor = await resolveActor(ctx, values.as);
          const scope = await resolveScopeOptions(ctx, values);
          let invitee: Invitee;
          if (values['person-email']) {
            const person = await personByEmail(db, values['person-email']);
            if (!person)
              throw new UsageError(`--person-email: no person with e-mail ${values['person-email']}`);
            invitee = { personId: person.id };
          } else {
            invitee = {
              name: values.name!,
              email: values.email ?? null,
              mobile: values.mobile ?? null,
              ...(values.locale === 'en' ? { locale: 'en' as const } : {}),
            };
          }
          const now = ctx.clock.now();
          const invitation = await inviteToRole(
            db,
            actor,
            { role, ...scope, invitee, ...(validDays ? { validDays } : {}) },
            now,
          );
          const person = await db.person.findUniqueOrThrow({ where: { id: invitation.personId } });
          if (invitation.personCreated)
            write(t(ctx.locale, 'invites:cli.created_person', { name: person.name }));
          if (invitation.replaced > 0)
            write(t(ctx.locale, 'invites:cli.replaced', { count: invitation.replaced }));
          write(
            invitationText(ctx.locale, {
              token: invitation.token,
              bot,
              personName: person.name,
              personEmail: person.email,
              role,
              scope: await describeScope(db, invitation, ctx.locale),
              expiresAt: invitation.expiresAt,
              timeZone: ctx.config.DEFAULT_TIME_ZONE,
            }),
          );
          write(`id: ${invitation.inviteId}`);
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    list: {
      usage:
        '[--institution <code> | --province <code> | --enterprise <credit code>] [--as <email>] [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: { ...SCOPE_OPTIONS, as: { type: 'string' }, locale: { type: 'string' } },
        });
        const ctx = await openCli('admin invite list', values.locale);
        try {
          const db = ctx.db.prisma;
          const actor = await resolveActor(ctx, values.as);
          const filter = await resolveScopeOptions(ctx, values);
          const invites = await listOpenInvites(db, actor, filter, ctx.clock.now());
          if (invites.length === 0) write(t(ctx.locale, 'invites:cli.list_empty'));
          for (const invite of invites) {
            write(
              t(ctx.locale, 'invites:cli.list_row', {
                id: invite.id,
                role: invite.role,
                name: invite.personName,
                email: invite.personEmail ?? '—',
                scope: (await describeScope(db, invite, ctx.locale)) || '—',
                expires: localDateTime(invite.expiresAt, ctx.config.DEFAULT_TIME_ZONE),
              }),
            );
          }
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    revoke: {
      usage: '<invite id> [--as <email>] [--locale en]',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { as: { type: 'string' }, locale: { type: 'string' } },
        });
        const [id] = positionals;
        if (!id || positionals.length > 1)
          throw new UsageError('usage: npm run admin -- invite revoke <invite id>');
        const ctx = await openCli('admin invite revoke', values.locale);
        try {
          const actor = await resolveActor(ctx, values.as);
          const revoked = await revokeRoleInvite(ctx.db.prisma, actor, id, ctx.clock.now());
          write(t(ctx.locale, 'invites:cli.revoked', { id: revoked.id, role: revoked.role }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },

    redeem: {
      usage: '<token> --terminal <key> [--locale en]   (then npm start -- --as <key>)',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { terminal: { type: 'string' }, locale: { type: 'string' } },
        });
        const [token] = positionals;
        const key = values.terminal?.trim();
        if (!token || positionals.length > 1 || !key || !/^[A-Za-z0-9_-]{1,32}$/.test(key))
          throw new UsageError(
            'usage: npm run admin -- invite redeem <token> --terminal <key (letters, digits, - or _)>',
          );
        const ctx = await openCli('admin invite redeem', values.locale);
        try {
          const db = ctx.db.prisma;
          const result = await redeemInvite(
            db,
            token,
            { channel: 'TERMINAL', externalId: key },
            ctx.clock.now(),
          );
          if (result.outcome !== 'BOUND' && result.outcome !== 'ALREADY_BOUND') {
            const reason = t(ctx.locale, `chat:onboarding.invite_${result.outcome.toLowerCase()}`);
            write(t(ctx.locale, 'invites:cli.redeem_failed', { reason }));
            return 2;
          }
          const person = await db.person.findUniqueOrThrow({ where: { id: result.personId } });
          write(t(ctx.locale, 'invites:cli.redeemed', { key, name: person.name }));
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },
  },
};
