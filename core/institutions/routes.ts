// Institutions in the chat, for platform administrators: `/institution` registers one (a wizard,
// register-chat.ts), `/institution list` lists them, `/institution <code>` shows one with its
// colleges. Editing, deactivating and importing are on the command line (`npm run admin --
// institution …`, docs/institutions.md), through the same use cases.
import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton } from '../chat/context.ts';
import { type ChatFeature, on } from '../chat/routes.ts';
import { Refusal } from '../errors.ts';
import { authorize } from '../people/authorize.ts';
import { institutionWizardAction } from './actions.ts';
import { findInstitution, listInstitutions } from './institutions.ts';
import {
  cancelRegistration,
  continueRegistration,
  openRegistrationForm,
  startRegistration,
  submitRegistrationForm,
} from './register-chat.ts';
import { renderInstitution, renderInstitutionList } from './report.ts';

async function list(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const institutions = await listInstitutions(ctx.db, ctx.actor);
  return [
    {
      text: renderInstitutionList(institutions, ctx.locale),
      confidential: false,
      buttons: [
        [button(ctx, 'institutions:chat.register', institutionWizardAction.to({ step: 'register' }))],
        [menuButton(ctx)],
      ],
    },
  ];
}

async function showOne(ctx: ChatContext, code: string): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'institution.list');
  const institution = await findInstitution(ctx.db, code);
  if (!institution) throw new Refusal({ key: 'institutions:refusal.unknown', params: { code } });
  const children = await ctx.db.institution.findMany({
    where: { parentId: institution.id },
    orderBy: { code: 'asc' },
  });
  return [
    { text: renderInstitution({ ...institution, children }, ctx.locale), buttons: [[menuButton(ctx)]] },
  ];
}

/** `/institution` registers, `/institution list` lists, `/institution <code>` shows one. */
function institutionCommand(ctx: ChatContext, args: string): Promise<OutgoingMessage[]> {
  const word = args.trim();
  if (word === '' || /^(add|register|new|登记|新建)$/i.test(word)) return startRegistration(ctx);
  if (/^(list|列表)$/i.test(word)) return list(ctx);
  return showOne(ctx, word);
}

export const institutionsChat: ChatFeature = {
  buttons: [
    on(institutionWizardAction, (ctx, { step }) => {
      if (step === 'register') return startRegistration(ctx);
      if (step === 'list') return list(ctx);
      return cancelRegistration(ctx);
    }),
  ],
  commands: {
    institution: (ctx, args) => institutionCommand(ctx, args),
  },
  flows: {
    'institution-register': {
      input: continueRegistration,
      openForm: openRegistrationForm,
      submitForm: submitRegistrationForm,
    },
  },
};
