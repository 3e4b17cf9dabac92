// The one entry point every channel adapter calls: a normalized incoming message in,
// channel-neutral replies out. Identity, roles, language and conversation state are resolved here.
import type { Logger } from 'pino';
import { chooseBulkGroup, showBulkGroups, startPicked, togglePick } from '../assessments/bulk-chat.ts';
import {
  continueQuestionnaire,
  openForm,
  startEvaluation,
  startSelfAssessment,
  submitForm,
} from '../assessments/chat.ts';
import { showFeedback } from '../assessments/feedback-chat.ts';
import type { IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../errors.ts';
import { DEFAULT_LOCALE, isLocale, t, toLocale } from '../i18n.ts';
import { importUpload } from '../inventory/import-chat.ts';
import { listPatents, showPatent } from '../inventory/patents-chat.ts';
import { redeemFromChat } from '../invites/chat.ts';
import { declineMatch } from '../matching/chat.ts';
import { showProgress } from '../overview/home.ts';
import { type Actor, findActor } from '../people/actor.ts';
import { parseEnvFor } from '../questionnaire/parse-env.ts';
import { toggleMute } from '../reminders/chat.ts';
import { answerRsvp, registerInterest, sendCalendar } from '../roadshows/chat.ts';
import {
  continueRoadshowDraft,
  openRoadshowForm,
  ROADSHOW_FORM_PREFIX,
  roadshowWizardAction,
  startRoadshowWizard,
  submitRoadshowForm,
} from '../roadshows/create-chat.ts';
import { coordinatorAction, leaveReturnComment, returnCommentText } from '../screening/return-comment.ts';
import { decodeAction } from './actions.ts';
import { button, type ChatContext, menuButton, say } from './context.ts';
import { loadConversation } from './conversation.ts';
import { showHelp, showMenu } from './menu.ts';

export interface ChatService {
  handle(message: IncomingMessage): Promise<OutgoingMessage[]>;
}

export interface ChatServiceDeps {
  db: Db;
  logger: Logger;
  clock: Clock;
}

export function createChatService(deps: ChatServiceDeps): ChatService {
  const service: ChatService = {
    async handle(message) {
      const event = message.event;
      if (event.kind === 'command' && event.command.toLowerCase() === 'start' && event.args.trim() !== '') {
        // Invitations are redeemed in private chats only: a link posted in a group is not an identity.
        if (!message.chatIsPrivate)
          return [{ text: t(toLocale(message.languageHint), 'chat:group.private_only') }];
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
      const ctx: ChatContext = {
        db: deps.db,
        logger: deps.logger.child({ personId: actor.personId, channel: message.channel }),
        actor,
        channel: message.channel,
        locale: actor.locale,
        clock: deps.clock,
        parseEnv: parseEnvFor(actor.timeZone, deps.clock.now()),
        supportsForms: message.supportsForms === true,
      };
      // Group chats get nothing personal: assessment data stays in private chats.
      if (!message.chatIsPrivate) {
        return [{ text: say(ctx, 'chat:group.private_only') }];
      }
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
        ctx.logger.error({ err: error, event: message.event.kind }, 'chat message failed');
        return [{ text: say(ctx, 'chat:error.internal'), buttons: [[menuButton(ctx)]] }];
      }
    },
  };
  return service;
}

function unknownPerson(message: IncomingMessage): OutgoingMessage[] {
  const locale = toLocale(message.languageHint ?? DEFAULT_LOCALE);
  return [{ text: t(locale, 'chat:onboarding.unknown') }];
}

async function dispatch(ctx: ChatContext, message: IncomingMessage): Promise<OutgoingMessage[]> {
  const event = message.event;
  if (event.kind === 'command' || event.kind === 'action') await leaveReturnComment(ctx);
  switch (event.kind) {
    case 'command':
      return command(ctx, event.command.toLowerCase(), event.args.trim());
    case 'action':
      return action(ctx, event.action);
    case 'text': {
      const comment = await returnCommentText(ctx, event.text);
      if (comment) return comment;
      const input = { type: 'answer', value: event.text } as const;
      const answered = (await continueQuestionnaire(ctx, input)) ?? (await continueRoadshowDraft(ctx, input));
      return answered ?? [{ text: say(ctx, 'chat:menu.type_hint') }, ...(await showMenu(ctx))];
    }
    case 'form':
      if (!ctx.supportsForms)
        return [{ text: say(ctx, 'chat:error.forms_unsupported'), buttons: [[menuButton(ctx)]] }];
      if (event.formId.startsWith(ROADSHOW_FORM_PREFIX))
        return submitRoadshowForm(ctx, event.formId, event.values);
      return submitForm(ctx, event.formId, event.values);
    case 'file':
      return importUpload(ctx, event, message);
  }
}

async function command(ctx: ChatContext, name: string, args: string): Promise<OutgoingMessage[]> {
  switch (name) {
    case 'start':
      // A returning person continues where they stopped; a new one gets the menu.
      return (
        (await continueQuestionnaire(ctx, { type: 'start' })) ??
        (await continueRoadshowDraft(ctx, { type: 'start' })) ??
        showMenu(ctx)
      );
    case 'menu':
      return showMenu(ctx);
    case 'help':
      return showHelp(ctx);
    case 'progress':
      return showProgress(ctx);
    case 'lang':
      return changeLanguage(ctx, args);
    case 'mute':
    case 'unmute':
      return toggleMute(ctx, args, name === 'mute');
    case 'back':
    case 'skip':
    case 'review':
    case 'submit':
      return (
        (await continueQuestionnaire(ctx, { type: name })) ??
        (await continueRoadshowDraft(ctx, { type: name })) ??
        showMenu(ctx)
      );
    case 'roadshow':
      return startRoadshowWizard(ctx);
    default:
      return [{ text: say(ctx, 'chat:error.unknown_command', { command: name }) }, ...showHelp(ctx)];
  }
}

async function changeLanguage(ctx: ChatContext, requested: string): Promise<OutgoingMessage[]> {
  if (!requested) {
    return [
      {
        text: say(ctx, 'chat:lang.choose'),
        buttons: [
          [
            button(ctx, 'chat:lang.zh', { type: 'lang', locale: 'zh-CN' }),
            button(ctx, 'chat:lang.en', { type: 'lang', locale: 'en' }),
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

async function action(ctx: ChatContext, raw: string): Promise<OutgoingMessage[]> {
  const decoded = decodeAction(raw);
  if (!decoded) {
    ctx.logger.warn({ action: raw }, 'malformed action');
    return [{ text: say(ctx, 'chat:error.stale_button') }, ...(await showMenu(ctx))];
  }
  switch (decoded.type) {
    case 'menu':
      return showMenu(ctx);
    case 'help':
      return showHelp(ctx);
    case 'lang':
      return changeLanguage(ctx, decoded.locale);
    case 'patents':
      return listPatents(ctx, decoded.page);
    case 'patent':
      return showPatent(ctx, decoded.patentId);
    case 'assess':
      return startSelfAssessment(ctx, decoded.patentId);
    case 'evaluate':
      return startEvaluation(ctx, decoded.patentId);
    case 'bulk':
      return showBulkGroups(ctx);
    case 'bulkGroup':
      return chooseBulkGroup(ctx, decoded.key);
    case 'form':
      return ctx.supportsForms ? ((await openRoadshowForm(ctx)) ?? openForm(ctx)) : showMenu(ctx);
    case 'bulkPick':
    case 'bulkStart': {
      const conversation = await loadConversation(ctx.db, ctx.actor.personId, ctx.channel);
      if (conversation.flow !== 'bulk-pick') return showBulkGroups(ctx);
      return decoded.type === 'bulkPick'
        ? togglePick(ctx, conversation, decoded.patentId)
        : startPicked(ctx, conversation);
    }
    case 'coord':
    case 'screenQueue':
    case 'screenView':
    case 'screenDecide':
    case 'screenOutConfirm':
    case 'exportInventory':
    case 'importHelp':
    case 'linkInventor':
      return coordinatorAction(ctx, decoded);
    case 'rsvp':
      return answerRsvp(ctx, decoded.roadshowId, decoded.answer);
    case 'calendar':
      return sendCalendar(ctx, decoded.roadshowId);
    case 'interest':
      return registerInterest(ctx, decoded.patentId);
    case 'roadshowWizard':
    case 'roadshowPick':
    case 'roadshowConfirm':
      return roadshowWizardAction(ctx, decoded);
    case 'feedback':
      return showFeedback(ctx, decoded.patentId);
    case 'decline':
      return declineMatch(ctx, decoded.patentId, decoded.reason);
    case 'q':
      return (
        (await continueQuestionnaire(ctx, decoded.input)) ??
        (await continueRoadshowDraft(ctx, decoded.input)) ?? [
          { text: say(ctx, 'chat:error.no_questionnaire') },
          ...(await showMenu(ctx)),
        ]
      );
  }
}
