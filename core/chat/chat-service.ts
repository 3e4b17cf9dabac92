// The one entry point every channel adapter calls: a normalized incoming message in,
// channel-neutral replies out. Identity, roles, language and conversation state are resolved here;
// what a button, a command, a text or a file does is up to the features composed below.
import type { Logger } from 'pino';
import { noOpenQuestionnaire } from '../assessments/chat.ts';
import { assessmentsChat } from '../assessments/routes.ts';
import type { IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { deliveryChat } from '../delivery/routes.ts';
import { isRegistrationStart, joinToRegister, REGISTER_COMMAND } from '../enterprises/join.ts';
import { enterprisesChat } from '../enterprises/routes.ts';
import { Refusal } from '../errors.ts';
import { expertEvaluationChat } from '../expert-evaluation/routes.ts';
import { expertsChat } from '../experts/routes.ts';
import { exportChat } from '../export/routes.ts';
import { DEFAULT_LOCALE, isLocale, t, toLocale } from '../i18n.ts';
import { institutionsChat } from '../institutions/routes.ts';
import { cleanIncoming } from '../intake/clean-text.ts';
import { inventoryChat } from '../inventory/routes.ts';
import { redeemFromChat } from '../invites/chat.ts';
import { invitesChat } from '../invites/routes.ts';
import { matchingChat } from '../matching/routes.ts';
import { openLicenceChat } from '../open-licence/routes.ts';
import { type Actor, findActor } from '../people/actor.ts';
import { peopleChat } from '../people/routes.ts';
import { progressChat } from '../progress/routes.ts';
import { parseEnvFor } from '../questionnaire/parse-env.ts';
import { remindersChat } from '../reminders/routes.ts';
import { roadshowsChat } from '../roadshows/routes.ts';
import { screeningChat } from '../screening/routes.ts';
import { staffChat } from '../staff/routes.ts';
import { codeOf } from './buttons.ts';
import { formAction, helpAction, langAction, menuAction, questionAction } from './chat-actions.ts';
import { button, type ChatContext, menuButton, say } from './context.ts';
import { ConversationChanged, ConversationCursor, IDLE } from './conversation.ts';
import { showHelp } from './help.ts';
import { showMenu } from './menu.ts';
import {
  type ChatFeature,
  type ComposedChat,
  composeFeatures,
  type FlowHandler,
  on,
  type UploadKind,
} from './routes.ts';
import { dispatchUpload } from './uploads/dispatch.ts';
import { uploadsChat } from './uploads/routes.ts';

export interface ChatService {
  handle(message: IncomingMessage): Promise<OutgoingMessage[]>;
}

export interface ChatServiceDeps {
  db: Db;
  logger: Logger;
  clock: Clock;
}

/** The chat's own buttons and commands: the menu, help, language, forms, questionnaire inputs. */
const basics: ChatFeature = {
  buttons: [
    on(menuAction, (ctx) => showMenu(ctx)),
    on(helpAction, (ctx) => showHelp(ctx)),
    on(langAction, (ctx, { locale }) => changeLanguage(ctx, locale)),
    on(formAction, (ctx) => openForm(ctx)),
    on(questionAction, async (ctx, { input }) => {
      const handled = await flowOf(ctx).input?.(ctx, input);
      return handled ?? [{ text: await noOpenQuestionnaire(ctx, input.type) }, ...(await showMenu(ctx))];
    }),
  ],
  commands: {
    // A returning person continues where they stopped; a new one gets the menu.
    start: (ctx) => continueFlow(ctx, 'start'),
    menu: (ctx) => showMenu(ctx),
    help: (ctx) => showHelp(ctx),
    lang: (ctx, args) => changeLanguage(ctx, args),
    back: (ctx) => continueFlow(ctx, 'back'),
    skip: (ctx) => continueFlow(ctx, 'skip'),
    review: (ctx) => continueFlow(ctx, 'review'),
    submit: (ctx) => continueFlow(ctx, 'submit'),
  },
};

const CHAT: ComposedChat = composeFeatures(
  basics,
  inventoryChat,
  assessmentsChat,
  screeningChat,
  progressChat,
  exportChat,
  matchingChat,
  roadshowsChat,
  remindersChat,
  invitesChat,
  enterprisesChat,
  institutionsChat,
  expertsChat,
  expertEvaluationChat,
  openLicenceChat,
  peopleChat,
  staffChat,
  deliveryChat,
  // Files sent in the chat: the lists the features above import (its help lists them all).
  uploadsChat(() => CHAT.uploads),
);

/** Every command the chat answers, by name ("start", "menu" …): adapters write them their own way. */
export const chatCommandNames = (): readonly string[] => [...CHAT.commands.keys(), 'start'];

/** The kinds of list a file sent in the chat may be (adapters offer their upload forms by these). */
export const uploadKinds = (): readonly UploadKind[] => CHAT.uploads;

const NO_FLOW: FlowHandler = {};
const flowOf = (ctx: ChatContext): FlowHandler => CHAT.flows[ctx.conversation.state.flow] ?? NO_FLOW;

export function createChatService(deps: ChatServiceDeps): ChatService {
  const service: ChatService = {
    async handle(received) {
      // Text a database cannot store (NUL, lone surrogates) is cleaned here, before any flow sees it.
      const message = cleanIncoming(received);
      const event = message.event;
      if (event.kind === 'command' && event.command.toLowerCase() === 'start' && event.args.trim() !== '') {
        // Invitations are redeemed in private chats only: a link posted in a group is not an identity.
        if (!message.chatIsPrivate)
          return [{ text: t(toLocale(message.languageHint), 'chat:group.private_only') }];
        // `/start register` (Telegram ?start=register, Slack `/revive start register`): the public
        // way in for an enterprise. An unknown account first becomes a person of its own (allowed
        // the enterprise roles only, and holding none yet); then the registration opens as /register.
        if (isRegistrationStart(event.args)) {
          await joinToRegister(deps.db, message, deps.clock.now());
          return service.handle({
            ...message,
            event: { kind: 'command', command: REGISTER_COMMAND, args: '' },
          });
        }
        const { bound, replies } = await redeemFromChat(
          deps.db,
          message,
          event.args.trim(),
          message.address ?? null,
          deps.clock.now(),
        );
        if (!bound) return replies;
        return [
          ...replies,
          ...(await service.handle({ ...message, event: { kind: 'command', command: 'menu', args: '' } })),
        ];
      }
      const actor = await findActor(deps.db, message.channel, message.userId);
      if (!actor) return unknownPerson(message);
      const logger = deps.logger.child({ personId: actor.personId, channel: message.channel });
      // Group chats get nothing personal: assessment data stays in private chats.
      if (!message.chatIsPrivate) {
        return [{ text: t(actor.locale, 'chat:group.private_only') }];
      }
      const ctx: ChatContext = {
        db: deps.db,
        logger,
        actor,
        channel: message.channel,
        locale: actor.locale,
        clock: deps.clock,
        parseEnv: parseEnvFor(actor.timeZone, deps.clock.now()),
        supportsForms: message.supportsForms === true,
        conversation: await ConversationCursor.open(deps.db, actor.personId, message.channel),
      };
      try {
        return await dispatch(ctx, message);
      } catch (error) {
        if (error instanceof Refusal) {
          ctx.logger.warn({ reason: error.reason.key, detail: error.message }, 'refused');
          return [
            {
              text: `⛔ ${t(ctx.locale, error.reason.key, error.reason.params)}`,
              buttons: [[menuButton(ctx)]],
            },
          ];
        }
        if (error instanceof ConversationChanged) {
          // Another update of this person's conversation (a second tap) was handled first.
          ctx.logger.info({ event: message.event.kind }, 'conversation changed meanwhile');
          return [{ text: say(ctx, 'chat:error.stale_button'), buttons: [[menuButton(ctx)]] }];
        }
        ctx.logger.error({ err: error, event: message.event.kind }, 'chat message failed');
        return [{ text: say(ctx, 'chat:error.internal'), buttons: [[menuButton(ctx)]] }];
      }
    },
  };
  return service;
}

function unknownPerson(message: IncomingMessage): OutgoingMessage[] {
  const locale = toLocale(message.languageHint ?? DEFAULT_LOCALE);
  // On Slack there is no link to open: the invitation code goes into /revive start <code>.
  const key = message.channel === 'SLACK' ? 'chat:onboarding.unknown_slack' : 'chat:onboarding.unknown';
  return [{ text: t(locale, key) }];
}

async function dispatch(ctx: ChatContext, message: IncomingMessage): Promise<OutgoingMessage[]> {
  const event = message.event;
  if ((event.kind === 'command' || event.kind === 'action') && flowOf(ctx).textOnly) {
    await ctx.conversation.set(IDLE);
  }
  switch (event.kind) {
    case 'command':
      return command(ctx, event.command.toLowerCase(), event.args.trim());
    case 'action':
      return press(ctx, event.action);
    case 'text': {
      const flow = flowOf(ctx);
      if (flow.text) return flow.text(ctx, event.text);
      const answered = await flow.input?.(ctx, { type: 'answer', value: event.text });
      return answered ?? [{ text: say(ctx, 'chat:menu.type_hint') }, ...(await showMenu(ctx))];
    }
    case 'unsupported':
      return unsupported(ctx, event.what);
    case 'form': {
      if (!ctx.supportsForms)
        return [{ text: say(ctx, 'chat:error.forms_unsupported'), buttons: [[menuButton(ctx)]] }];
      const submit = flowOf(ctx).submitForm;
      if (!submit) throw new Refusal({ key: 'questionnaire-ui:form.stale' }, `form ${event.formId}`);
      return submit(ctx, event.formId, event.values);
    }
    case 'file': {
      // A flow waiting for a file (a deal's contract) takes it; otherwise it is a list to import.
      const onFile = flowOf(ctx).file;
      if (onFile) return onFile(ctx, event, message);
      if (CHAT.uploads.length === 0)
        return [{ text: say(ctx, 'chat:menu.type_hint') }, ...(await showMenu(ctx))];
      return dispatchUpload(ctx, event, message, CHAT.uploads);
    }
  }
}

/** A sticker, photo, voice message…: a hint, then where the person stands (the question, or the menu). */
async function unsupported(ctx: ChatContext, what: string): Promise<OutgoingMessage[]> {
  ctx.logger.info({ what }, 'unsupported message');
  const hint = { text: say(ctx, 'questionnaire-ui:input.unsupported') };
  const flow = flowOf(ctx);
  const shown = await flow.input?.(ctx, { type: 'start' });
  if (shown) return [hint, ...shown];
  // A flow waiting for a file (a picture sent as a photo, not as a file) says how to send it.
  if (flow.file && flow.text) return flow.text(ctx, '');
  // A flow waiting for typed text (a return comment) keeps waiting for it.
  if (flow.text) return [hint];
  return [hint, ...(await showMenu(ctx))];
}

async function command(ctx: ChatContext, name: string, args: string): Promise<OutgoingMessage[]> {
  const handler = CHAT.commands.get(name);
  if (handler) return handler(ctx, args, name);
  return [{ text: say(ctx, 'chat:error.unknown_command', { command: name }) }, ...showHelp(ctx)];
}

/** /start, /back, /skip, /review, /submit: the open flow's input, or the menu when none is open. */
async function continueFlow(
  ctx: ChatContext,
  input: 'start' | 'back' | 'skip' | 'review' | 'submit',
): Promise<OutgoingMessage[]> {
  const handled = await flowOf(ctx).input?.(ctx, { type: input });
  if (handled) return handled;
  // /start and /back with nothing open simply lead to the menu; the others name what is missing.
  if (input === 'start' || input === 'back') return showMenu(ctx);
  return [{ text: await noOpenQuestionnaire(ctx, input) }, ...(await showMenu(ctx))];
}

async function openForm(ctx: ChatContext): Promise<OutgoingMessage[]> {
  if (!ctx.supportsForms) return showMenu(ctx);
  const opened = await flowOf(ctx).openForm?.(ctx);
  return opened ?? [{ text: say(ctx, 'chat:error.no_questionnaire'), buttons: [[menuButton(ctx)]] }];
}

async function press(ctx: ChatContext, raw: string): Promise<OutgoingMessage[]> {
  const replies = CHAT.buttons.get(codeOf(raw))?.press(ctx, raw);
  if (replies) return replies;
  ctx.logger.warn({ action: raw }, 'malformed action');
  return [{ text: say(ctx, 'chat:error.stale_button') }, ...(await showMenu(ctx))];
}

async function changeLanguage(ctx: ChatContext, requested: string): Promise<OutgoingMessage[]> {
  if (!requested) {
    return [
      {
        text: say(ctx, 'chat:lang.choose'),
        buttons: [
          [
            button(ctx, 'chat:lang.zh', langAction.to({ locale: 'zh-CN' })),
            button(ctx, 'chat:lang.en', langAction.to({ locale: 'en' })),
          ],
        ],
      },
    ];
  }
  const locale = isLocale(requested) ? requested : toLocale(requested);
  await ctx.db.person.update({ where: { id: ctx.actor.personId }, data: { locale } });
  const switched: ChatContext = { ...ctx, locale, actor: { ...ctx.actor, locale } as Actor };
  return [{ text: say(switched, 'chat:lang.changed') }, ...(await showMenu(switched))];
}
