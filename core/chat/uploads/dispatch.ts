// A file sent in the chat is a list to import: which list is told by its header row, read with the
// vocabularies of the imports themselves (each kind's `recognise`, see UploadKind in routes.ts). The
// kind whose headers the file has, and that knows most of its columns, is imported for the caller by
// its feature's own use case, which authorizes the caller again; a kind the caller may not import is
// refused by name before anything is written. A file that fits no kind, or several equally, gets the
// expected headers of the kinds this person may import; for several, buttons choose the kind and the
// file is sent again (a platform's file can be opened only while its own message is handled, so the
// conversation keeps the chosen kind, never the file).
import type { IncomingMessage, OutgoingMessage } from '../../channel/messages.ts';
import { refuseWith } from '../../errors.ts';
import type { Msg } from '../../i18n.ts';
import { uploadSizeProblem } from '../../inventory/limits.ts';
import { button, type ChatContext, menuButton, say } from '../context.ts';
import { IDLE } from '../conversation.ts';
import type { FileEvent, UploadKind } from '../routes.ts';
import { uploadKindAction } from './actions.ts';
import { readUploadHead } from './read-head.ts';

/** Who may import no list at all is told so as before there were several kinds. */
const NOTHING_TO_IMPORT = 'inventory:refusal.not_coordinator';

const kindName = (ctx: ChatContext, kind: string) => say(ctx, `chat:upload.kind.${kind}`);

const allowedKinds = (ctx: ChatContext, kinds: readonly UploadKind[]) =>
  kinds.filter((k) => k.refusal(ctx.actor) === null);

/** "• 专利清单：必需列 …；可选列 …", one line per kind. */
function expectedHeaders(ctx: ChatContext, kinds: readonly UploadKind[]): string {
  const separator = say(ctx, 'inventory:list_separator');
  return kinds
    .map((k) => {
      const { required, optional } = k.headers(ctx);
      return say(ctx, optional.length > 0 ? 'chat:upload.kind_line' : 'chat:upload.kind_line_required', {
        kind: kindName(ctx, k.kind),
        required: required.join(separator),
        optional: optional.join(separator),
      });
    })
    .join('\n');
}

/** How a file reaches the chat here: the terminal has no upload button. */
const howToSend = (ctx: ChatContext) =>
  ctx.channel === 'TERMINAL' ? `\n\n${say(ctx, 'chat:upload.terminal_hint')}` : '';

function refused(ctx: ChatContext, kind: UploadKind, reason: string): OutgoingMessage[] {
  ctx.logger.warn({ kind: kind.kind, reason }, 'upload refused');
  return [
    {
      text: `⛔ ${say(ctx, 'chat:upload.refused', { kind: kindName(ctx, kind.kind), reason: say(ctx, reason) })}`,
      buttons: [[menuButton(ctx)]],
    },
  ];
}

/** Which lists this person can send, with their headers (the import help, /import). */
export function uploadHelp(ctx: ChatContext, kinds: readonly UploadKind[]): OutgoingMessage[] {
  const allowed = allowedKinds(ctx, kinds);
  if (allowed.length === 0) refuseWith(NOTHING_TO_IMPORT, ctx.actor.personId);
  return [
    {
      text: `${say(ctx, 'chat:upload.help')}\n${expectedHeaders(ctx, allowed)}${howToSend(ctx)}`,
      buttons: [[menuButton(ctx)]],
    },
  ];
}

/** A kind chosen with a button after an ambiguous file: the next file is imported as this kind. */
export async function chooseUploadKind(
  ctx: ChatContext,
  chosen: string,
  kinds: readonly UploadKind[],
): Promise<OutgoingMessage[]> {
  const kind = kinds.find((k) => k.kind === chosen);
  if (!kind) return [{ text: say(ctx, 'chat:error.stale_button'), buttons: [[menuButton(ctx)]] }];
  const refusal = kind.refusal(ctx.actor);
  if (refusal) return refused(ctx, kind, refusal);
  await ctx.conversation.set({ flow: 'upload-kind', kind: kind.kind });
  return [
    {
      text: `${say(ctx, 'chat:upload.send_again', { kind: kindName(ctx, kind.kind) })}\n${expectedHeaders(ctx, [kind])}${howToSend(ctx)}`,
      buttons: [[menuButton(ctx)]],
    },
  ];
}

/** Reminds a person who types instead of sending the file they chose the kind of. */
export function awaitingFile(ctx: ChatContext): OutgoingMessage[] {
  const state = ctx.conversation.state;
  const kind = state.flow === 'upload-kind' ? state.kind : '';
  return [
    {
      text: say(ctx, 'chat:upload.waiting', { kind: kindName(ctx, kind) }),
      buttons: [[menuButton(ctx)]],
    },
  ];
}

function unreadable(ctx: ChatContext, file: FileEvent, reason: Msg): OutgoingMessage[] {
  ctx.logger.info({ file: file.fileName, reason: reason.key }, 'upload unreadable');
  return [
    {
      text: `⚠ ${say(ctx, 'chat:upload.unreadable', { file: file.fileName, reason: say(ctx, reason.key, reason.params) })}`,
      buttons: [[menuButton(ctx)]],
    },
  ];
}

interface Match {
  kind: UploadKind;
  score: number;
}

/** Each kind's best fit over the candidate header rows; the kinds that fit, best first. */
function matches(candidates: readonly string[][], kinds: readonly UploadKind[]): Match[] {
  const found: Match[] = [];
  for (const kind of kinds) {
    let best: number | null = null;
    for (const cells of candidates) {
      const score = kind.recognise(cells);
      if (score !== null && (best === null || score > best)) best = score;
    }
    if (best !== null) found.push({ kind, score: best });
  }
  return found.sort((a, b) => b.score - a.score);
}

export async function dispatchUpload(
  ctx: ChatContext,
  file: FileEvent,
  message: IncomingMessage,
  kinds: readonly UploadKind[],
): Promise<OutgoingMessage[]> {
  const state = ctx.conversation.state;
  const chosen = state.flow === 'upload-kind' ? state.kind : null;
  if (chosen) await ctx.conversation.set(IDLE);
  const allowed = allowedKinds(ctx, kinds);
  // Nothing is downloaded for someone who may import nothing.
  if (allowed.length === 0) refuseWith(NOTHING_TO_IMPORT, ctx.actor.personId);

  // Too large by what the platform says: refused before a byte is downloaded.
  const tooLarge = uploadSizeProblem(file.size);
  if (tooLarge) return unreadable(ctx, file, tooLarge.reason);
  const head = await readUploadHead(await file.open());
  if (head.problem) return unreadable(ctx, file, head.problem);
  const found = matches(head.candidates, kinds);
  const top = found.filter((m) => m.score === found[0]?.score);
  const picked = found.find((m) => m.kind.kind === chosen) ?? (top.length === 1 ? top[0] : undefined);
  ctx.logger.info(
    { file: file.fileName, fits: found.map((m) => `${m.kind.kind}:${m.score}`), picked: picked?.kind.kind },
    'upload recognised',
  );
  if (!picked) {
    const expected = `${say(ctx, 'chat:upload.expected')}\n${expectedHeaders(ctx, allowed)}${howToSend(ctx)}`;
    if (top.length === 0) {
      return [
        {
          text: `${say(ctx, 'chat:upload.unrecognised', { file: file.fileName })}\n\n${expected}`,
          buttons: [[menuButton(ctx)]],
        },
      ];
    }
    const choices = top.filter((m) => allowed.includes(m.kind));
    return [
      {
        text: `${say(ctx, 'chat:upload.ambiguous', {
          file: file.fileName,
          kinds: top.map((m) => kindName(ctx, m.kind.kind)).join(say(ctx, 'inventory:list_separator')),
        })}\n\n${expected}`,
        buttons: [
          ...choices.map((m) => [
            button(ctx, 'chat:upload.choose', uploadKindAction.to({ kind: m.kind.kind }), {
              kind: kindName(ctx, m.kind.kind),
            }),
          ]),
          [menuButton(ctx)],
        ],
      },
    ];
  }
  const refusal = picked.kind.refusal(ctx.actor);
  if (refusal) return refused(ctx, picked.kind, refusal);
  // The import reads the file from its first byte: what the header reading took, then the rest.
  let opened = false;
  const replayed: FileEvent = {
    ...file,
    open: async () => {
      if (opened) return file.open();
      opened = true;
      return head.replay();
    },
  };
  return picked.kind.run(ctx, replayed, message);
}
