// People leaving, in the chat: `/person <email>` shows whom an administrator, a coordinator, a
// bureau officer or an enterprise administrator manages, with a button for each change they may
// make — take a role away (whoever may grant it), unbind a lost chat account, deactivate or
// reactivate (administrators). Each change asks to confirm, then runs the same use case as
// `npm run admin -- person …` (manage.ts), authorized there again. Someone the caller manages
// nothing of is answered as if unknown, so that the command reveals no one.
import type { Role } from '../../prisma/generated/client.ts';
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import { Refusal } from '../errors.ts';
import { t } from '../i18n.ts';
import { resolveScope } from '../invites/role-invites.ts';
import { regionByCode } from '../regions/regions.ts';
import {
  type PersonChange,
  personCardAction,
  personChangeAction,
  personChangeConfirmAction,
} from './actions.ts';
import { hasRole } from './actor.ts';
import { may } from './authorize.ts';
import { deactivatePerson, reactivatePerson, removeRole, unbindAccount } from './manage.ts';
import { personByEmail } from './people.ts';

interface HeldRole {
  id: string;
  role: Role;
  institutionId: string | null;
  enterpriseId: string | null;
  province: string | null;
  institution: { nameZh: string; nameEn: string | null } | null;
  enterprise: { name: string } | null;
}

const loadPerson = (ctx: ChatContext, personId: string) =>
  ctx.db.person.findUnique({
    where: { id: personId },
    include: {
      roles: {
        include: {
          institution: { select: { nameZh: true, nameEn: true } },
          enterprise: { select: { name: true } },
        },
        orderBy: { role: 'asc' },
      },
      identities: { select: { channel: true } },
    },
  });

/** May the caller take this role away? The same rule removeRole applies. */
async function mayRemove(ctx: ChatContext, held: HeldRole): Promise<boolean> {
  try {
    const { target } = await resolveScope(ctx.db, held.role, held);
    return may(ctx.actor, 'person.removeRole', target);
  } catch (error) {
    if (error instanceof Refusal) return false;
    throw error;
  }
}

function scopeLabel(ctx: ChatContext, held: HeldRole): string {
  if (held.institution)
    return ctx.locale === 'en'
      ? (held.institution.nameEn ?? held.institution.nameZh)
      : held.institution.nameZh;
  if (held.enterprise) return held.enterprise.name;
  const region = regionByCode(held.province);
  if (region) return ctx.locale === 'en' ? region.en : region.zh;
  return '';
}

const roleLine = (ctx: ChatContext, held: HeldRole) => {
  const scope = scopeLabel(ctx, held);
  const role = say(ctx, `people:role.${held.role}`);
  return scope ? `${role} · ${scope}` : role;
};

const notFound = (ctx: ChatContext): OutgoingMessage[] => [
  { text: say(ctx, 'people:manage.not_found'), buttons: [[menuButton(ctx)]] },
];

/** The person's card as the caller may see it, or null when the caller manages nothing of them. */
async function personCard(
  ctx: ChatContext,
  personId: string,
  notice?: string,
): Promise<OutgoingMessage[] | null> {
  const person = await loadPerson(ctx, personId);
  if (!person) return null;
  const administrator = hasRole(ctx.actor, 'ADMIN');
  const removable: HeldRole[] = [];
  for (const held of person.roles) if (await mayRemove(ctx, held)) removable.push(held);
  if (!administrator && removable.length === 0) return null;
  // Others see only the roles they manage: the rest of someone's life is not theirs to read.
  const shown = administrator ? person.roles : removable;
  const lines = [
    say(ctx, 'people:manage.card_title', { name: person.name }),
    ...(person.email ? [say(ctx, 'people:manage.email', { email: person.email })] : []),
    say(ctx, person.deactivatedAt ? 'people:manage.status_deactivated' : 'people:manage.status_active'),
    say(ctx, 'people:manage.roles'),
    ...(shown.length > 0
      ? shown.map((held) => `• ${roleLine(ctx, held)}`)
      : [say(ctx, 'people:manage.no_roles')]),
  ];
  const channels = new Set(person.identities.map((i) => i.channel));
  if (administrator)
    lines.push(
      say(ctx, 'people:manage.accounts', {
        accounts: channels.size > 0 ? [...channels].sort().join(', ') : say(ctx, 'people:manage.no_accounts'),
      }),
    );
  const rows: Button[][] = removable.map((held) => [
    button(ctx, 'people:manage.remove_role', personChangeAction.to({ change: 'removeRole', id: held.id }), {
      role: roleLine(ctx, held),
    }),
  ]);
  if (administrator && person.id !== ctx.actor.personId) {
    if (channels.has('TELEGRAM'))
      rows.push([
        button(
          ctx,
          'people:manage.unbind_telegram',
          personChangeAction.to({ change: 'unbindTelegram', id: person.id }),
        ),
      ]);
    if (channels.has('SLACK'))
      rows.push([
        button(
          ctx,
          'people:manage.unbind_slack',
          personChangeAction.to({ change: 'unbindSlack', id: person.id }),
        ),
      ]);
    rows.push([
      person.deactivatedAt
        ? button(
            ctx,
            'people:manage.reactivate',
            personChangeAction.to({ change: 'reactivate', id: person.id }),
          )
        : button(
            ctx,
            'people:manage.deactivate',
            personChangeAction.to({ change: 'deactivate', id: person.id }),
          ),
    ]);
  }
  rows.push([menuButton(ctx)]);
  return [{ text: [...(notice ? [notice, ''] : []), ...lines].join('\n'), buttons: rows }];
}

export async function findPerson(ctx: ChatContext, args: string): Promise<OutgoingMessage[]> {
  const email = args.trim();
  if (email === '') return [{ text: say(ctx, 'people:manage.usage'), buttons: [[menuButton(ctx)]] }];
  const person = await personByEmail(ctx.db, email);
  return (person && (await personCard(ctx, person.id))) ?? notFound(ctx);
}

export async function showPerson(ctx: ChatContext, personId: string): Promise<OutgoingMessage[]> {
  return (await personCard(ctx, personId)) ?? notFound(ctx);
}

/** Who a change applies to, and how it reads; null when the caller may not see it. */
async function describeChange(
  ctx: ChatContext,
  change: PersonChange,
  id: string,
): Promise<{ personId: string; name: string; what: string; held?: HeldRole } | null> {
  if (change === 'removeRole') {
    const held = await ctx.db.roleAssignment.findUnique({
      where: { id },
      include: {
        institution: { select: { nameZh: true, nameEn: true } },
        enterprise: { select: { name: true } },
        person: { select: { name: true } },
      },
    });
    if (!held || !(await mayRemove(ctx, held))) return null;
    return {
      personId: held.personId,
      name: held.person.name,
      what: say(ctx, 'people:manage.change.removeRole', { role: roleLine(ctx, held) }),
      held,
    };
  }
  if (!hasRole(ctx.actor, 'ADMIN')) return null;
  const person = await ctx.db.person.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!person) return null;
  return { personId: person.id, name: person.name, what: say(ctx, `people:manage.change.${change}`) };
}

export async function askChange(
  ctx: ChatContext,
  params: { change: PersonChange; id: string },
): Promise<OutgoingMessage[]> {
  const described = await describeChange(ctx, params.change, params.id);
  if (!described) return notFound(ctx);
  return [
    {
      text: say(ctx, 'people:manage.confirm', { name: described.name, what: described.what }),
      buttons: [
        [button(ctx, 'people:manage.confirm_yes', personChangeConfirmAction.to(params))],
        [button(ctx, 'people:manage.cancel', personCardAction.to({ personId: described.personId }))],
      ],
    },
  ];
}

export async function makeChange(
  ctx: ChatContext,
  params: { change: PersonChange; id: string },
): Promise<OutgoingMessage[]> {
  const described = await describeChange(ctx, params.change, params.id);
  if (!described) return notFound(ctx);
  const now = ctx.clock.now();
  const { personId } = described;
  switch (params.change) {
    case 'removeRole': {
      const held = described.held!;
      await removeRole(
        ctx.db,
        ctx.actor,
        {
          personId,
          role: held.role,
          institutionId: held.institutionId,
          enterpriseId: held.enterpriseId,
          province: held.province,
        },
        now,
      );
      break;
    }
    case 'unbindTelegram':
      await unbindAccount(ctx.db, ctx.actor, { personId, channel: 'TELEGRAM' }, now);
      break;
    case 'unbindSlack':
      await unbindAccount(ctx.db, ctx.actor, { personId, channel: 'SLACK' }, now);
      break;
    case 'deactivate':
      await deactivatePerson(ctx.db, ctx.actor, personId, now);
      break;
    case 'reactivate':
      await reactivatePerson(ctx.db, ctx.actor, personId, now);
      break;
  }
  const done = t(ctx.locale, 'people:manage.done', { name: described.name, what: described.what });
  // After removing someone's last role the caller may manage nothing of them any more.
  return (await personCard(ctx, personId, done)) ?? [{ text: done, buttons: [[menuButton(ctx)]] }];
}
