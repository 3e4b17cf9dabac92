// /invite in chat: coordinators, bureau officers, enterprise administrators and administrators issue
// an invitation in one message, through the same use case as the command line (role-invites.ts):
//
//   /invite inventor 张三 zhang@example.edu.cn        an inventor of the coordinator's university
//   /invite expert 张三                               an expert of the coordinator's university
//   /invite college MAT 李四 li@example.edu.cn         a college coordinator of the university's college MAT
//   /invite coordinator DHUT 王五 wang@dhut.edu.cn    a university coordinator of DHUT (bureau, admin)
//   /invite staff 赵六 zhao@example.com               a colleague (enterprise administrators)
//
// An inventor or expert of another institution takes its code after the role (administrators). The
// reply is the invitation to hand on: the Telegram start command, the Slack command, the expiry.
import type { Role } from '../../prisma/generated/client.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { refuseWith } from '../errors.ts';
import { collegeCode, normaliseCode } from '../institutions/fields.ts';
import { findInstitution } from '../institutions/institutions.ts';
import { enterpriseOf, institutionsWith } from '../people/actor.ts';
import { WHO_MAY_INVITE } from '../people/invite-table.ts';
import { describeScope, invitationText } from './links.ts';
import { type Invitee, inviteToRole } from './role-invites.ts';

/** The words of /invite and the roles they invite. */
const ROLE_WORDS: Record<string, Role> = {
  inventor: 'INVENTOR',
  expert: 'EXPERT',
  college: 'COLLEGE_COORDINATOR',
  coordinator: 'UNIVERSITY_COORDINATOR',
  staff: 'ENTERPRISE_STAFF',
};
/** Roles whose scope is always named by a code after the role word. */
const CODE_REQUIRED = new Set<Role>(['COLLEGE_COORDINATOR', 'UNIVERSITY_COORDINATOR']);
const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,32}$/;
const EMAIL = /@/;

function usage(ctx: ChatContext): OutgoingMessage[] {
  const roles = Object.keys(ROLE_WORDS)
    .map((word) => say(ctx, `invites:chat.role_codes.${word}`))
    .join('、');
  return [{ text: say(ctx, 'invites:chat.usage', { roles }), buttons: [[menuButton(ctx)]] }];
}

/** The one university this actor coordinates, or null. */
function ownUniversity(ctx: ChatContext): string | null {
  const universities = institutionsWith(ctx.actor, 'UNIVERSITY_COORDINATOR');
  return universities.length === 1 ? universities[0]! : null;
}

async function institutionIdOf(ctx: ChatContext, code: string): Promise<string> {
  const institution = await findInstitution(ctx.db, code);
  return institution?.id ?? refuseWith('invites:refusal.institution_unknown', code);
}

export async function inviteFromChat(ctx: ChatContext, args: string): Promise<OutgoingMessage[]> {
  // Nobody else invites anyone: no usage lesson for them.
  if (!ctx.actor.roles.some((r) => WHO_MAY_INVITE[r.role] !== undefined))
    return refuseWith('invites:refusal.not_allowed');
  const words = args.split(/\s+/).filter((w) => w !== '');
  const role = ROLE_WORDS[(words.shift() ?? '').toLowerCase()];
  if (!role) return usage(ctx);
  const email = words.length > 1 && EMAIL.test(words.at(-1)!) ? words.pop()! : null;

  const scope: { institutionId?: string; enterpriseId?: string } = {};
  if (role === 'ENTERPRISE_STAFF') {
    const enterpriseId = enterpriseOf(ctx.actor);
    if (!enterpriseId) return refuseWith('invites:refusal.not_allowed');
    scope.enterpriseId = enterpriseId;
  } else {
    const own = ownUniversity(ctx);
    const takesCode = CODE_REQUIRED.has(role) || own === null;
    // A code stands right after the role word; without one, the coordinator's own university.
    const code = takesCode && words.length > 1 && CODE.test(words[0]!) ? words.shift()! : null;
    if (role === 'COLLEGE_COORDINATOR') {
      if (!code) return usage(ctx);
      const university = own ? await ctx.db.institution.findUnique({ where: { id: own } }) : null;
      const full = university ? collegeCode(university.code, code) : normaliseCode(code);
      scope.institutionId = await institutionIdOf(ctx, full);
    } else if (code) {
      scope.institutionId = await institutionIdOf(ctx, code);
    } else if (role === 'UNIVERSITY_COORDINATOR') {
      return usage(ctx);
    } else if (own) {
      scope.institutionId = own;
    } else if (role !== 'EXPERT') {
      return [{ text: say(ctx, 'invites:chat.no_scope'), buttons: [[menuButton(ctx)]] }];
    }
  }
  const name = words.join(' ').trim();
  if (!name) return usage(ctx);
  const invitee: Invitee = { name, email };
  const invitation = await inviteToRole(ctx.db, ctx.actor, { role, ...scope, invitee }, ctx.clock.now());
  ctx.logger.info({ inviteId: invitation.inviteId, role }, 'invitation created in chat');
  const text = invitationText(ctx.locale, {
    token: invitation.token,
    bot: null,
    personName: invitation.personName,
    personEmail: email,
    role,
    scope: await describeScope(ctx.db, invitation, ctx.locale),
    expiresAt: invitation.expiresAt,
    timeZone: ctx.actor.timeZone,
    audience: 'chat',
  });
  return [{ text: say(ctx, 'invites:chat.created') }, { text, buttons: [[menuButton(ctx)]] }];
}
