// What every list import run from a chat upload shares: the progress message updated in place
// (slot "progress", throttled: platforms rate-limit message edits), where the error file goes, and
// the closing replies (the progress message turned into "done", the report with the error file
// attached).
import path from 'node:path';
import { Transform } from 'node:stream';
import type { IncomingMessage, OutgoingMessage } from '../../channel/messages.ts';
import { machineTimeMs } from '../../clock.ts';
import { Refusal } from '../../errors.ts';
import type { HeaderMapping } from '../../inventory/headers.ts';
import { localStamp } from '../../time-format.ts';
import { type ChatContext, menuButton, say } from '../context.ts';
import { CSV_MIME, chatFilePath, XLSX_MIME } from '../files.ts';

/** Progress messages at most this often: platforms rate-limit message edits. */
export const PROGRESS_INTERVAL_MS = 2000;

/** Sends `text(p)` as the progress message, at most every PROGRESS_INTERVAL_MS unless forced. */
export function throttledProgress<P>(
  ctx: ChatContext,
  message: IncomingMessage,
  text: (progress: P) => string,
): (progress: P, force?: boolean) => Promise<void> {
  let lastSent = 0;
  return async (progress, force = false) => {
    if (!message.progress) return;
    // Elapsed time between chat edits, not a date: the machine's clock measures it.
    const now = machineTimeMs();
    if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    try {
      await message.progress({ text: text(progress), slot: 'progress' });
    } catch (error) {
      // A failed progress edit must not stop the import.
      ctx.logger.warn({ err: error }, 'import progress message failed');
    }
  };
}

/** "45" of 100 when the whole is known (never 100 before the end), "…" otherwise. */
export function percentOf(done: number, total: number | null | undefined): number | string {
  return total ? Math.min(99, Math.round((done / total) * 100)) : '…';
}

/** Where an upload's rejected rows go: the chat files folder, named by the person's local time. */
export async function errorFileBase(ctx: ChatContext, fileName: string): Promise<string> {
  const stamp = localStamp(ctx.clock.now(), ctx.actor.timeZone);
  return chatFilePath(
    `${stamp}-${path
      .basename(fileName)
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w\u3400-\u9fff-]/g, '_')}.errors`,
  );
}

/** The progress message's last state, then the report with the error file attached when there is one. */
export function closingReplies(
  ctx: ChatContext,
  done: string,
  report: string,
  errorFile: string | null,
  errorFileText: (fileName: string) => string,
): OutgoingMessage[] {
  const reply: OutgoingMessage = { text: report, buttons: [[menuButton(ctx)]] };
  if (errorFile) {
    const fileName = path.basename(errorFile);
    reply.text += `\n\n${errorFileText(fileName)}`;
    reply.attachment = {
      fileName,
      path: errorFile,
      mimeType: errorFile.endsWith('.xlsx') ? XLSX_MIME : CSV_MIME,
    };
  }
  return [{ text: done, slot: 'progress' }, reply];
}

/** The file as the import reads it, counting the bytes read (for imports that do not count them). */
export function countingBytes(source: NodeJS.ReadableStream): { stream: Transform; bytes: () => number } {
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  source.on('error', (error) => stream.destroy(error));
  source.pipe(stream);
  return { stream, bytes: () => bytes };
}

/** A header row's fit for a list whose headers map like the patent list's (see UploadKind.recognise). */
export const headerScore = (mapping: HeaderMapping<string>): number | null =>
  mapping.missing.length === 0 ? mapping.columns.size : null;

/** The key of the refusal `check` throws, or null when it throws none. */
export function refusalOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.reason.key;
    throw error;
  }
}

/** The generic progress text of the list imports other than the patent list's. */
export function listProgressText(
  ctx: ChatContext,
  kind: string,
  fileName: string,
  progress: { rows: number; failed: number; percent: number | string },
): string {
  return say(ctx, 'chat:upload.progress', {
    kind: say(ctx, `chat:upload.kind.${kind}`),
    file: fileName,
    rows: progress.rows,
    percent: progress.percent,
    failed: progress.failed,
  });
}
