// The IPC picker at the registration's and /profile's IPC question: besides typing codes, the
// enterprise types a word ("电池", "battery") and ticks among the matching subclasses, or walks
// section → class → subclass with buttons. What it has ticked is kept in the wizard's draft (`ipc`)
// until "Done" answers the question with those codes. This module draws the picker's messages and
// reads typed text; ipc-picker-chat.ts handles its buttons.
import type { Button, OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, say, shorten } from '../chat/context.ts';
import { describeIpc } from '../ipc/describe.ts';
import { children, ipcTitle, lookup, pathTo } from '../ipc/lookup.ts';
import { parentCode } from '../ipc/scheme.ts';
import { searchIpc, strictMatches } from '../ipc/search.ts';
import type { EngineState } from '../questionnaire/state.ts';
import { enterpriseIpcAction, type IpcView } from './actions.ts';
import type { IpcPick } from './chat-state.ts';
import { checkIpcInterests, IPC_INTERESTS_MAX, splitIpcTyped } from './fields.ts';

/** The question the picker belongs to, in both wizards. */
export const IPC_QUESTION = 'ipcInterests';
/** Children shown per page while browsing; search results shown at most. */
export const BROWSE_PAGE_SIZE = 10;
export const SEARCH_RESULTS = 8;

const k = (key: string) => `enterprises:ipc.${key}`;

interface Draft {
  state: EngineState;
  ipc?: IpcPick | undefined;
}

/** Whether the draft is at the IPC question, where the picker's buttons and words apply. */
export const atIpcQuestion = (draft: Draft) =>
  draft.state.phase === 'answering' && draft.state.current === IPC_QUESTION;

/** The codes ticked so far: the picker's list, or (before it opened) the question's current answer. */
export function pickedOf(draft: Draft): string[] {
  if (draft.ipc) return [...draft.ipc.picked];
  const answer = draft.state.answers[IPC_QUESTION];
  const checked = typeof answer === 'string' ? checkIpcInterests(answer) : null;
  return checked?.ok ? checked.value : [];
}

/** The row the IPC question gets in the chat: open the hierarchy. */
export const browseRow = (ctx: ChatContext): Button[] => [
  button(
    ctx,
    k('browse'),
    enterpriseIpcAction.to({ op: 'view', view: { kind: 'browse', code: '', page: 0 } }),
  ),
];

const CJK = /[\u3400-\u9fff]/;
/** Chinese takes about twice the room of Latin letters, in a line or on a button. */
const clip = (text: string, cjkChars: number) => shorten(text, CJK.test(text) ? cjkChars : cjkChars * 2);

const entryLine = (ctx: ChatContext, code: string) => clip(describeIpc(code, ctx.locale), 50);

function pickedLine(ctx: ChatContext, picked: string[]): string {
  if (picked.length === 0) return say(ctx, k('picked_none'));
  const separator = ctx.locale === 'zh-CN' ? '、' : ', ';
  return say(ctx, k('picked'), { count: picked.length, codes: picked.join(separator) });
}

function footer(ctx: ChatContext, picked: string[], view: IpcView, back: Button): Button[] {
  return [
    back,
    ...(picked.length > 0 ? [button(ctx, k('clear'), enterpriseIpcAction.to({ op: 'clear', view }))] : []),
    button(ctx, k('done'), enterpriseIpcAction.to({ op: 'done' }), { count: picked.length }),
  ];
}

const toQuestion = (ctx: ChatContext) => button(ctx, k('back'), enterpriseIpcAction.to({ op: 'question' }));

function tickButton(ctx: ChatContext, code: string, picked: string[], view: IpcView): Button {
  const entry = lookup(code);
  const title = entry ? clip(ipcTitle(entry, ctx.locale), 16) : '';
  return {
    label: `${picked.includes(code) ? '✅' : '➕'} ${code} ${title}`.trim(),
    action: enterpriseIpcAction.to({ op: 'toggle', code, view }),
  };
}

/** One level of the hierarchy: the sections, a section's classes, or a class's subclasses to tick. */
export function browseMessage(
  ctx: ChatContext,
  code: string,
  page: number,
  picked: string[],
): OutgoingMessage {
  const entry = code === '' ? undefined : lookup(code);
  const level = entry?.level ?? 'root';
  const all = level === 'subclass' ? [] : children(entry?.code ?? '');
  const pages = Math.max(1, Math.ceil(all.length / BROWSE_PAGE_SIZE));
  const at = Math.min(Math.max(0, page), pages - 1);
  const shown = all.slice(at * BROWSE_PAGE_SIZE, (at + 1) * BROWSE_PAGE_SIZE);
  const view: IpcView = { kind: 'browse', code: entry?.code ?? '', page: at };
  const trail = pathTo(entry?.code ?? '')
    .map((e) => `${e.code} ${clip(ipcTitle(e, ctx.locale), 12)}`)
    .join(' › ');
  const heading = [
    level === 'root' ? say(ctx, k('heading_root')) : say(ctx, k('heading'), { path: trail }),
    pages > 1 ? say(ctx, k('page'), { page: at + 1, pages }) : '',
  ].join('');
  const hint = say(
    ctx,
    k(level === 'class' ? 'hint_subclasses' : level === 'section' ? 'hint_classes' : 'hint_sections'),
  );
  const childButtons: Button[] = shown.map((child) =>
    child.level === 'subclass'
      ? tickButton(ctx, child.code, picked, view)
      : {
          label: `${child.code} ${clip(ipcTitle(child, ctx.locale), 16)} ›`,
          action: enterpriseIpcAction.to({ op: 'view', view: { kind: 'browse', code: child.code, page: 0 } }),
        },
  );
  // Section titles are short: two to a row; class and subclass titles need the whole width.
  const perRow = level === 'root' ? 2 : 1;
  const rows: Button[][] = [];
  for (let i = 0; i < childButtons.length; i += perRow) rows.push(childButtons.slice(i, i + perRow));
  const paging: Button[] = [
    ...(at > 0
      ? [button(ctx, k('prev'), enterpriseIpcAction.to({ op: 'view', view: { ...view, page: at - 1 } }))]
      : []),
    ...(at < pages - 1
      ? [button(ctx, k('next'), enterpriseIpcAction.to({ op: 'view', view: { ...view, page: at + 1 } }))]
      : []),
  ];
  const parent = entry ? parentCode(entry.code) : null;
  // Back to the level above, on the page that lists where we came from.
  const back =
    parent === null
      ? toQuestion(ctx)
      : button(
          ctx,
          k('back'),
          enterpriseIpcAction.to({
            op: 'view',
            view: {
              kind: 'browse',
              code: parent,
              page: Math.floor(children(parent).findIndex((c) => c.code === entry!.code) / BROWSE_PAGE_SIZE),
            },
          }),
        );
  return {
    text: [
      heading,
      '',
      ...shown.map((child) => entryLine(ctx, child.code)),
      '',
      pickedLine(ctx, picked),
      hint,
    ].join('\n'),
    buttons: [...rows, ...(paging.length > 0 ? [paging] : []), footer(ctx, picked, view, back)],
    slot: 'question',
  };
}

/** The subclasses matching what was typed, to tick; guesses are said to be guesses. */
export function searchMessage(ctx: ChatContext, query: string, picked: string[]): OutgoingMessage {
  const view: IpcView = { kind: 'search' };
  const found = searchIpc(query, ctx.locale, { limit: SEARCH_RESULTS });
  const strict = strictMatches(query, ctx.locale).length > 0;
  const heading =
    found.length === 0
      ? say(ctx, k('search_none'), { query })
      : say(ctx, k(strict ? 'search_heading' : 'search_guess'), { query });
  return {
    text: [
      heading,
      ...(found.length > 0 ? ['', ...found.map((e) => entryLine(ctx, e.code))] : []),
      '',
      pickedLine(ctx, picked),
      say(ctx, k('search_hint')),
    ].join('\n'),
    buttons: [
      ...found.map((e) => [tickButton(ctx, e.code, picked, view)]),
      browseRow(ctx),
      footer(ctx, picked, view, toQuestion(ctx)),
    ],
    slot: 'question',
  };
}

/** The codes ticked so far, each with its title (codes typed while the picker was open). */
export function listMessage(ctx: ChatContext, picked: string[], added: string[] = []): OutgoingMessage {
  const view: IpcView = { kind: 'list' };
  const separator = ctx.locale === 'zh-CN' ? '、' : ', ';
  return {
    text: [
      ...(added.length > 0 ? [say(ctx, k('added'), { codes: added.join(separator) })] : []),
      pickedLine(ctx, picked),
      ...picked.map((code) => entryLine(ctx, code)),
      '',
      say(ctx, k('list_hint')),
    ].join('\n'),
    buttons: [browseRow(ctx), footer(ctx, picked, view, toQuestion(ctx))],
    slot: 'question',
  };
}

/** A view again, for the picker's own buttons (after a tick or a clear). */
export function viewMessage(ctx: ChatContext, view: IpcView, pick: IpcPick): OutgoingMessage {
  if (view.kind === 'browse') return browseMessage(ctx, view.code, view.page, pick.picked);
  if (view.kind === 'search' && pick.query) return searchMessage(ctx, pick.query, pick.picked);
  return listMessage(ctx, pick.picked);
}

/** "Done": what the answer holds, each code with its title, above the next question. */
export function chosenText(ctx: ChatContext, picked: string[]): string {
  if (picked.length === 0) return say(ctx, k('chosen_none'));
  return [say(ctx, k('chosen')), ...picked.map((code) => `• ${describeIpc(code, ctx.locale)}`)].join('\n');
}

export type PickResult = { ok: true; picked: string[] } | { ok: false; error: string };

/** The list with `codes` added (kept in order, no repeats, at most IPC_INTERESTS_MAX). */
export function addCodes(ctx: ChatContext, picked: string[], codes: string[]): PickResult {
  const next = [...picked, ...codes.filter((c, i) => !picked.includes(c) && codes.indexOf(c) === i)];
  if (next.length > IPC_INTERESTS_MAX)
    return { ok: false, error: say(ctx, 'enterprises:error.ipc_too_many', { max: IPC_INTERESTS_MAX }) };
  return { ok: true, picked: next };
}

/** What typed text at the IPC question is: an answer for the wizard, or something for the picker. */
export type Typed = { kind: 'answer' } | { kind: 'picker'; ipc: IpcPick; messages: OutgoingMessage[] };

/**
 * Typed text at the IPC question. Codes alone answer the question as always, unless the picker is
 * open: then they join its list. A section or class ("H01") opens the hierarchy there. Words search
 * the subclasses' titles (codes typed with them join the list). Symbols that are not valid go to
 * the wizard, which says what is wrong with them.
 */
export function readTyped(ctx: ChatContext, draft: Draft, text: string): Typed {
  const typed = splitIpcTyped(text);
  const picked = pickedOf(draft);
  const level = lookup(text)?.level;
  if (level === 'section' || level === 'class') {
    const code = lookup(text)!.code;
    const ipc = { ...draft.ipc, picked };
    return { kind: 'picker', ipc, messages: [browseMessage(ctx, code, 0, picked)] };
  }
  if (typed.invalid.length > 0) return { kind: 'answer' };
  if (typed.words.length === 0 && !draft.ipc) return { kind: 'answer' };
  const added = addCodes(ctx, picked, typed.codes);
  const list = added.ok ? added.picked : picked;
  const refusal: OutgoingMessage[] = added.ok ? [] : [{ text: `⚠️ ${added.error}` }];
  if (typed.words.length === 0) {
    const ipc = { ...draft.ipc, picked: list };
    return {
      kind: 'picker',
      ipc,
      messages: [...refusal, listMessage(ctx, list, added.ok ? typed.codes : [])],
    };
  }
  // Kept in the draft to draw the results again after a tick: a search needs no more than this.
  const query = [...typed.words.join(' ')].slice(0, 100).join('');
  return {
    kind: 'picker',
    ipc: { picked: list, query },
    messages: [...refusal, searchMessage(ctx, query, list)],
  };
}
