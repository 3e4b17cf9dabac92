// Core's channel-neutral replies as Block Kit: messages (sections and button rows, within Slack's
// limits), modals from form pages, and the App Home view. Buttons carry core's action id in their
// value, never content; values typed into a modal come back keyed by question id.
import type { Button, FormField, FormView, OutgoingMessage } from '../../core/channel/messages.ts';
import { chatCommandNames } from '../../core/chat/chat-service.ts';
import type { HomeView } from '../../core/overview/home.ts';
import type { RawAnswer } from '../../core/questionnaire/parsers/index.ts';
import { SLASH_COMMAND } from './to-incoming.ts';

/** Slack's limits (Block Kit reference). */
export const LIMITS = {
  sectionText: 3000,
  blocksPerMessage: 50,
  blocksPerView: 100,
  elementsPerActions: 25,
  buttonText: 75,
  optionText: 75,
  optionDescription: 75,
  radioOptions: 10,
  checkboxOptions: 10,
  selectOptions: 100,
  viewTitle: 24,
  viewSubmit: 24,
  inputLabel: 2000,
  hint: 2000,
  notificationText: 3000,
} as const;

/** The callback id of every questionnaire modal; the form id travels in private_metadata. */
export const FORM_CALLBACK_ID = 'revive_form';
/** Action ids are positional (unique within a message); the core action id is the value. */
export const BUTTON_ACTION_PREFIX = 'rv:';
/** Block id of a message's first block when the message has a slot: "slot:question". */
export const SLOT_BLOCK_PREFIX = 'slot:';

/** The slot of a posted message, from its first block (see toSlackMessages). */
export function slotOf(message: { blocks?: { block_id?: string }[] } | undefined): string | null {
  const id = message?.blocks?.[0]?.block_id;
  return id?.startsWith(SLOT_BLOCK_PREFIX) ? id.slice(SLOT_BLOCK_PREFIX.length) : null;
}

/** Every input element in a modal has this action id; the block id is the question id. */
export const INPUT_ACTION_ID = 'answer';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON is typed loosely by @slack/types unions.
export type Block = Record<string, any>;

export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: Block[];
}

/** Slack mrkdwn needs only &, < and > escaped; everything else in core's text is plain. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A chat command as core names it ("/start", "/menu"): a slash at the start of a word, then one of
 * the chat's command names ending the word — not a path ("/tmp/a.csv"), a link, a ratio ("和/或")
 * or a word someone typed after a slash ("see /docs").
 */
let chatCommand: RegExp | undefined;
const chatCommandPattern = () => {
  chatCommand ??= new RegExp(
    `(?<![\\w./:-])\\/(${[...chatCommandNames()].sort((a, b) => b.length - a.length).join('|')})(?![\\w/-]|\\.\\w)`,
    'g',
  );
  return chatCommand;
};

/** Core's commands as Slack knows them: subcommands of the app's one slash command. */
export const slackCommands = (text: string) => text.replace(chatCommandPattern(), `${SLASH_COMMAND} $1`);

/** Cuts by characters (code points), never in the middle of one, with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const lengthOf = (text: string) => text.length;

/**
 * Splits text into chunks of at most `max` UTF-16 units (Slack counts characters the same way), at
 * paragraph, then line, then character boundaries.
 */
export function splitText(text: string, max: number = LIMITS.sectionText): string[] {
  if (lengthOf(text) <= max) return text.trim() === '' ? [] : [text];
  const chunks: string[] = [];
  let rest = text;
  while (lengthOf(rest) > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max / 2) cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) {
      cut = max;
      // Never split a surrogate pair.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.trim() !== '') chunks.push(rest);
  return chunks.filter((c) => c.trim() !== '');
}

function sectionBlocks(text: string): Block[] {
  // Escaping may lengthen the text, so split the escaped text.
  return splitText(escapeMrkdwn(slackCommands(text))).map((chunk) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: chunk },
  }));
}

function buttonElement(button: Button, id: string): Block {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(button.label, LIMITS.buttonText), emoji: true },
    action_id: id,
    value: button.action,
  };
}

/** `counter` numbers buttons across calls: action ids must be unique within a message or view. */
function actionBlocks(rows: Button[][], counter = { n: 0 }): Block[] {
  const blocks: Block[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += LIMITS.elementsPerActions) {
      const elements = row
        .slice(i, i + LIMITS.elementsPerActions)
        .map((b) => buttonElement(b, `${BUTTON_ACTION_PREFIX}${counter.n++}`));
      if (elements.length > 0) blocks.push({ type: 'actions', elements });
    }
  }
  return blocks;
}

/** One core message as one or more Slack messages, each within 50 blocks. */
export function toSlackMessages(message: OutgoingMessage): SlackMessage[] {
  const blocks = [...sectionBlocks(message.text), ...actionBlocks(message.buttons ?? [])];
  // The slot rides on the first block, so that a button pressed on this message can tell whether
  // its reply replaces the message in place (a question answered) or follows it.
  if (message.slot && blocks[0])
    blocks[0] = { ...blocks[0], block_id: `${SLOT_BLOCK_PREFIX}${message.slot}` };
  const parts: Block[][] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage) {
    parts.push(blocks.slice(i, i + LIMITS.blocksPerMessage));
  }
  if (parts.length === 0) parts.push([]);
  return parts.map((part) => {
    const text = part
      .filter((b) => b.type === 'section')
      .map((b) => b.text.text as string)
      .join('\n');
    return { text: clip(text || slackCommands(message.text), LIMITS.notificationText), blocks: part };
  });
}

// ---------------------------------------------------------------- modals

const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(text, max), emoji: true });

function option(o: NonNullable<FormField['options']>[number], withDescription: boolean): Block {
  return {
    text: plain(o.label, LIMITS.optionText),
    value: o.id,
    ...(withDescription && o.description
      ? { description: plain(o.description, LIMITS.optionDescription) }
      : {}),
  };
}

function initialOptions(field: FormField, withDescription: boolean): Block[] {
  const chosen = Array.isArray(field.initial)
    ? field.initial.map(String)
    : field.initial !== undefined && field.initial !== null
      ? [String(field.initial)]
      : [];
  return (field.options ?? []).filter((o) => chosen.includes(o.id)).map((o) => option(o, withDescription));
}

/** The input element for one field: the Block Kit element that fits its kind. */
export function inputElement(field: FormField): Block {
  const options = field.options ?? [];
  const base = { action_id: INPUT_ACTION_ID };
  switch (field.kind) {
    case 'single':
    case 'yes_no':
    case 'scale':
    case 'trl': {
      if (options.length <= LIMITS.radioOptions) {
        const initial = initialOptions(field, true);
        return {
          ...base,
          type: 'radio_buttons',
          options: options.map((o) => option(o, true)),
          ...(initial[0] ? { initial_option: initial[0] } : {}),
        };
      }
      const initial = initialOptions(field, false);
      return {
        ...base,
        type: 'static_select',
        options: options.slice(0, LIMITS.selectOptions).map((o) => option(o, false)),
        ...(initial[0] ? { initial_option: initial[0] } : {}),
      };
    }
    case 'multi': {
      if (options.length <= LIMITS.checkboxOptions) {
        const initial = initialOptions(field, true);
        return {
          ...base,
          type: 'checkboxes',
          options: options.map((o) => option(o, true)),
          ...(initial.length > 0 ? { initial_options: initial } : {}),
        };
      }
      const initial = initialOptions(field, false);
      return {
        ...base,
        type: 'multi_static_select',
        options: options.slice(0, LIMITS.selectOptions).map((o) => option(o, false)),
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      };
    }
    case 'number':
      return {
        ...base,
        type: 'number_input',
        is_decimal_allowed: true,
        ...(field.initial !== undefined && field.initial !== null
          ? { initial_value: String(field.initial) }
          : {}),
        ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
      };
    case 'date':
      return {
        ...base,
        type: 'datepicker',
        ...(typeof field.initial === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(field.initial)
          ? { initial_date: field.initial }
          : {}),
        ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
      };
    case 'text':
    case 'multiline':
      return {
        ...base,
        type: 'plain_text_input',
        multiline: field.kind === 'multiline',
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
        ...(typeof field.initial === 'string' ? { initial_value: field.initial } : {}),
        ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
      };
  }
}

/**
 * Slack marks an optional input "(optional)" itself, in the reader's Slack language; core's labels
 * say so too for chats without forms. One mark is enough.
 */
const OPTIONAL_MARK = /\s*(?:（选填）|\(optional\))\s*$/i;

export const inputLabel = (field: FormField) =>
  field.required ? field.label : field.label.replace(OPTIONAL_MARK, '') || field.label;

export interface ModalLabels {
  close: string;
}

/** A form page as a modal view; the form id rides in private_metadata and comes back on submit. */
export function formModal(form: FormView, labels: ModalLabels): Block {
  const blocks: Block[] = [
    { type: 'context', elements: [{ type: 'plain_text', text: clip(form.progress, 150), emoji: true }] },
    ...form.fields.map((field) => ({
      type: 'input',
      block_id: field.id,
      optional: !field.required,
      label: plain(inputLabel(field), LIMITS.inputLabel),
      ...(field.help ? { hint: plain(field.help, LIMITS.hint) } : {}),
      element: inputElement(field),
    })),
  ];
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: form.formId,
    title: plain(form.title, LIMITS.viewTitle),
    submit: plain(form.submitLabel, LIMITS.viewSubmit),
    close: plain(labels.close, LIMITS.viewSubmit),
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

interface ElementState {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_date?: string | null;
}

/** A submitted view's state as core's form values: question id → raw answer. */
export function formValues(state: {
  values: Record<string, Record<string, ElementState>>;
}): Record<string, RawAnswer> {
  const values: Record<string, RawAnswer> = {};
  for (const [blockId, actions] of Object.entries(state.values ?? {})) {
    const element = actions[INPUT_ACTION_ID];
    if (!element) continue;
    switch (element.type) {
      case 'radio_buttons':
      case 'static_select':
        values[blockId] = element.selected_option?.value ?? null;
        break;
      case 'checkboxes':
      case 'multi_static_select':
        values[blockId] = (element.selected_options ?? []).map((o) => o.value);
        break;
      case 'datepicker':
        values[blockId] = element.selected_date ?? null;
        break;
      default:
        values[blockId] = element.value ?? null;
    }
  }
  return values;
}

// ---------------------------------------------------------------- App Home

export function homeView(home: HomeView): Block {
  const blocks: Block[] = [{ type: 'header', text: plain(home.title, 150) }];
  const counter = { n: 0 };
  for (const section of home.sections) {
    blocks.push({ type: 'divider' });
    const lines = section.lines.join('\n');
    blocks.push(...sectionBlocks(section.heading ? `*${section.heading}*\n${lines}` : lines));
    blocks.push(...actionBlocks(section.buttons ?? [], counter));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
