// Engine replies as channel-neutral messages: plain text that reads on its own (terminal, or a
// platform without buttons), plus buttons that carry only ids. Adapters add their own markup.
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { type Locale, type TParams, t } from '../i18n.ts';
import type { Question } from '../questionnaire/definition.ts';
import type { EngineInput, EngineReply, QuestionReply, ReviewItem } from '../questionnaire/engine.ts';
import {
  formatAnswer,
  formatNumber,
  formatSkipped,
  formatYesNo,
  SCALE_MAX,
  TRL_LEVELS,
  TRL_MAX,
  trlDescription,
  trlName,
} from '../questionnaire/format-answer.ts';
import { menuAction, questionAction } from './chat-actions.ts';

const UI = 'questionnaire-ui';

export interface RenderContext {
  locale: Locale;
  /** Shown as the first line of questions and reviews, e.g. the patent's title. */
  title?: string;
}

const ui = (locale: Locale, key: string, params?: TParams) => t(locale, `${UI}:${key}`, params);

const engineButton = (label: string, input: EngineInput): Button => ({
  label,
  action: questionAction.to({ input }),
});

const FULL_WIDTH =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/**
 * Chinese and other full-width characters take about twice the room of Latin ones on a button.
 * Buttons in a row share its width equally, so the widest label decides how many fit.
 */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += FULL_WIDTH.test(ch) ? 2 : 1;
  return width;
}

/** Twelve Chinese characters (24 Latin) no longer fit half a phone screen. */
const LONG_LABEL = 24;
const SHORT_LABEL = 8;

/** Lays out option buttons by their plain labels (without ticks, so ticking does not reflow them). */
function arrange(buttons: Button[], plainLabels: string[]): Button[][] {
  const widest = Math.max(0, ...plainLabels.map(displayWidth));
  const maxPerRow = widest > LONG_LABEL ? 1 : widest <= SHORT_LABEL ? 3 : 2;
  // Balanced rows (2 + 2 rather than 3 + 1) look deliberate and keep buttons the same size.
  const rowCount = Math.ceil(buttons.length / maxPerRow);
  const perRow = Math.ceil(buttons.length / rowCount);
  return chunk(buttons, perRow);
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

/** Chinese sentences end in "。" and need no space between them; English ones do. */
const sentenceGap = (locale: Locale) => (locale === 'zh-CN' ? '' : ' ');

function header(ctx: RenderContext): string[] {
  return ctx.title ? [`📄 ${ctx.title}`] : [];
}

/** Joins blocks of lines with a blank line between them, dropping empty blocks. */
function paragraphs(blocks: string[][]): string {
  return blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join('\n'))
    .join('\n\n');
}

function optionLines(question: Question, locale: Locale): string[] {
  switch (question.type) {
    case 'single_choice':
    case 'multi_choice':
      return question.options.map((o, i) =>
        o.description
          ? ui(locale, 'question.option_with_description', {
              number: i + 1,
              label: t(locale, o.label),
              description: t(locale, o.description),
            })
          : ui(locale, 'question.option', { number: i + 1, label: t(locale, o.label) }),
      );
    case 'trl':
      return TRL_LEVELS.map((level) =>
        ui(locale, 'question.option_with_description', {
          number: level,
          label: trlName(level, locale),
          description: trlDescription(level, locale),
        }),
      );
    case 'scale':
      return [
        ui(locale, 'question.scale_ends', {
          min: t(locale, question.minLabel),
          max: t(locale, question.maxLabel),
          max_value: SCALE_MAX,
        }),
      ];
    default:
      return [];
  }
}

function dateBound(bound: string, locale: Locale): string {
  return bound === 'today' ? ui(locale, 'instruction.today') : bound;
}

function rangeSentence(
  kind: 'number' | 'date',
  min: string | undefined,
  max: string | undefined,
  locale: Locale,
): string[] {
  if (min !== undefined && max !== undefined)
    return [ui(locale, `instruction.${kind}_between`, { min, max })];
  if (min !== undefined) return [ui(locale, `instruction.${kind}_min`, { min })];
  if (max !== undefined) return [ui(locale, `instruction.${kind}_max`, { max })];
  return [];
}

function instructionSentences(question: Question, locale: Locale): string[] {
  switch (question.type) {
    case 'single_choice':
      return [ui(locale, 'instruction.single_choice')];
    case 'multi_choice':
      return [
        ui(locale, 'instruction.multi_choice'),
        ...(question.maxSelected !== undefined
          ? [ui(locale, 'instruction.multi_choice_max', { max: question.maxSelected })]
          : []),
      ];
    case 'yes_no':
      return [ui(locale, 'instruction.yes_no')];
    case 'scale':
      return [ui(locale, 'instruction.scale', { max: SCALE_MAX })];
    case 'trl':
      return [ui(locale, 'instruction.trl', { max: TRL_MAX })];
    case 'text':
      return [
        question.minLength > 1
          ? ui(locale, 'instruction.text_range', { min: question.minLength, max: question.maxLength })
          : ui(locale, 'instruction.text', { max: question.maxLength }),
      ];
    case 'number': {
      const fmt = (n: number | undefined) => (n === undefined ? undefined : formatNumber(n, locale));
      const example = exampleNumber(question.min, question.max);
      return [
        question.unit
          ? ui(locale, 'instruction.number_with_unit', { unit: t(locale, question.unit), example })
          : ui(locale, 'instruction.number', { example }),
        ...(question.integer ? [ui(locale, 'instruction.number_integer')] : []),
        ...rangeSentence('number', fmt(question.min), fmt(question.max), locale),
      ];
    }
    case 'date': {
      const bound = (b: string | undefined) => (b === undefined ? undefined : dateBound(b, locale));
      return [
        ui(locale, 'instruction.date'),
        ...rangeSentence('date', bound(question.min), bound(question.max), locale),
      ];
    }
  }
}

function selectionLine(reply: QuestionReply, locale: Locale): string[] {
  if (reply.question.type !== 'multi_choice' || reply.selection === undefined) return [];
  if (reply.selection.length === 0) return [ui(locale, 'question.selection_none')];
  return [ui(locale, 'question.selection', { value: formatAnswer(reply.question, reply.selection, locale) })];
}

function expects(question: Question): OutgoingMessage['expects'] {
  switch (question.type) {
    case 'text':
      return 'text';
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    default:
      return 'choice';
  }
}

function answerButtons(reply: QuestionReply, locale: Locale): Button[][] {
  const q = reply.question;
  const answer = (label: string, value: string) =>
    engineButton(label, { type: 'answer', questionId: q.id, value });
  switch (q.type) {
    case 'single_choice': {
      const labels = q.options.map((o) => t(locale, o.label));
      return arrange(
        q.options.map((o, i) => answer(labels[i]!, o.id)),
        labels,
      );
    }
    case 'multi_choice': {
      const ticked = reply.selection ?? (Array.isArray(reply.current) ? reply.current : []);
      const labels = q.options.map((o) => t(locale, o.label));
      const toggles = q.options.map((o, i) =>
        engineButton(ticked.includes(o.id) ? `✅ ${labels[i]!}` : labels[i]!, {
          type: 'toggle',
          questionId: q.id,
          optionId: o.id,
        }),
      );
      return [
        ...arrange(toggles, labels),
        [engineButton(ui(locale, 'button.done'), { type: 'confirm', questionId: q.id })],
      ];
    }
    case 'yes_no':
      return [[answer(formatYesNo(true, locale), 'true'), answer(formatYesNo(false, locale), 'false')]];
    case 'scale':
      return [Array.from({ length: SCALE_MAX }, (_, i) => answer(String(i + 1), String(i + 1)))];
    case 'trl':
      // 5 + 4 keeps the digits large enough to hit on a phone.
      return chunk(
        TRL_LEVELS.map((level) => answer(String(level), String(level))),
        5,
      );
    default:
      return [];
  }
}

function navigationRow(reply: QuestionReply, locale: Locale): Button[] {
  return [
    ...(reply.canGoBack ? [engineButton(ui(locale, 'button.back'), { type: 'back' })] : []),
    ...(reply.canSkip ? [engineButton(ui(locale, 'button.skip'), { type: 'skip' })] : []),
    engineButton(ui(locale, 'button.review'), { type: 'review' }),
  ];
}

export function renderQuestion(reply: QuestionReply, ctx: RenderContext): OutgoingMessage {
  const { locale } = ctx;
  const q = reply.question;
  const position = ui(locale, 'question.position', {
    index: reply.position.index,
    total: reply.position.total,
    label: t(locale, q.label),
  });
  if (reply.retry) {
    // Asked again after a refused answer: the whole question is just above, so only the reason,
    // the short label and the buttons.
    return {
      text: [`⚠️ ${t(locale, reply.retry.key, reply.retry.params)}`, position].join('\n'),
      buttons: [...answerButtons(reply, locale), navigationRow(reply, locale)],
      slot: 'question',
      confidential: true,
      expects: expects(q),
    };
  }
  const instruction = [
    ...instructionSentences(q, locale),
    ...(reply.canSkip ? [ui(locale, 'instruction.optional')] : []),
  ].join(sentenceGap(locale));
  const text = paragraphs([
    [...header(ctx), ui(locale, 'question.section', { title: t(locale, reply.sectionTitle) }), position],
    q.help ? [t(locale, q.help)] : [],
    optionLines(q, locale),
    [
      ...(reply.current !== undefined
        ? [ui(locale, 'question.current', { value: formatAnswer(q, reply.current, locale) })]
        : []),
      ...selectionLine(reply, locale),
      instruction,
    ],
  ]);
  return {
    text,
    buttons: [...answerButtons(reply, locale), navigationRow(reply, locale)],
    slot: 'question',
    confidential: true,
    expects: expects(q),
  };
}

/** Review lines put one answer after its question; one that ends in "?" needs no colon. */
function reviewLine(number: number, label: string, value: string, locale: Locale): string {
  const key = /[?？]$/.test(label) ? 'review.item_after_question_mark' : 'review.item';
  return ui(locale, key, { number, label, value });
}

function reviewValue(item: ReviewItem, missing: boolean, locale: Locale): string {
  if (item.value !== undefined) return flatten(formatAnswer(item.question, item.value, locale));
  if (item.skipped) return formatSkipped(locale);
  return missing ? ui(locale, 'review.not_answered') : ui(locale, 'review.blank');
}

/** Keeps one line per question in the review, whatever paragraphs a long answer has. */
const flatten = (text: string) => text.replace(/\s*\n\s*/g, ' ');

/** One numbered line per question with its answer, as the review shows them. */
export function reviewLines(reply: Extract<EngineReply, { kind: 'review' }>, locale: Locale): string[] {
  const missing = new Set(reply.missing);
  return reply.items.map((item, i) =>
    reviewLine(
      i + 1,
      t(locale, item.question.label),
      reviewValue(item, missing.has(item.question.id), locale),
      locale,
    ),
  );
}

export function renderReview(
  reply: Extract<EngineReply, { kind: 'review' }>,
  ctx: RenderContext,
): OutgoingMessage {
  const { locale } = ctx;
  const lines = reviewLines(reply, locale);
  const hint =
    reply.missing.length === 0
      ? ui(locale, 'review.hint_complete')
      : ui(locale, 'review.hint_missing', { count: reply.missing.length });
  const edits = reply.items.map((item, i) =>
    engineButton(ui(locale, 'button.edit', { number: i + 1 }), {
      type: 'edit',
      questionId: item.question.id,
    }),
  );
  // In the review phase "start" shows the review again, so "continue" opens the first missing
  // question; answering it moves on through the remaining unresolved ones and back to the review.
  const finalRow =
    reply.missing.length === 0
      ? [engineButton(ui(locale, 'button.submit'), { type: 'submit' })]
      : [engineButton(ui(locale, 'button.continue'), { type: 'edit', questionId: reply.missing[0]! })];
  return {
    text: paragraphs([[...header(ctx), ui(locale, 'review.heading')], lines, [hint]]),
    buttons: [...chunk(edits, 5), finalRow],
    slot: 'question',
    confidential: true,
  };
}

function renderSubmitted(locale: Locale): OutgoingMessage {
  return {
    text: ui(locale, 'submitted.text'),
    buttons: [[{ label: ui(locale, 'button.menu'), action: menuAction.to() }]],
    confidential: true,
  };
}

function renderReply(reply: EngineReply, ctx: RenderContext): OutgoingMessage {
  switch (reply.kind) {
    case 'question':
      return renderQuestion(reply, ctx);
    case 'review':
      return renderReview(reply, ctx);
    case 'submitted':
      return renderSubmitted(ctx.locale);
    case 'error':
      return { text: `⚠️ ${t(ctx.locale, reply.error.key, reply.error.params)}`, confidential: true };
    case 'notice':
      return { text: t(ctx.locale, reply.message.key, reply.message.params), confidential: true };
  }
}

/** Every message is confidential: questions, answers and reviews are assessment data. */
export function renderEngineReplies(replies: EngineReply[], ctx: RenderContext): OutgoingMessage[] {
  return replies.map((reply) => renderReply(reply, ctx));
}

/** An example inside the question's range: 50 where it fits (most amounts), else the middle. */
export function exampleNumber(min: number, max: number): number {
  return min <= 50 && 50 <= max ? 50 : Math.round((min + max) / 2);
}
