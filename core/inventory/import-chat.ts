// Importing a patent list by uploading it in chat: the import runs while a progress message is

// updated in place (slot "progress"), then the report follows, with the error file attached.
import path from 'node:path';
import type { IncomingEvent, IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { CSV_MIME, chatFilePath, XLSX_MIME } from '../chat/files.ts';
import { machineTimeMs } from '../clock.ts';
import { administeredInstitution } from '../people/authorize.ts';
import { localStamp } from '../time-format.ts';
import { type ImportProgress, importPatents } from './import.ts';
import { ambiguityQuestions } from './link-chat.ts';
import { renderImportReport } from './report.ts';

/** Progress messages at most this often: platforms rate-limit message edits. */
const PROGRESS_INTERVAL_MS = 2000;

type FileEvent = Extract<IncomingEvent, { kind: 'file' }>;

export function importHelp(ctx: ChatContext): OutgoingMessage[] {
  administeredInstitution(ctx.actor);
  return [{ text: say(ctx, 'coordinator:import.help'), buttons: [[menuButton(ctx)]] }];
}

export async function importUpload(
  ctx: ChatContext,
  event: FileEvent,
  message: IncomingMessage,
): Promise<OutgoingMessage[]> {
  const institutionId = administeredInstitution(ctx.actor);
  const progressText = (p: ImportProgress) =>
    say(ctx, 'coordinator:import.progress', {
      file: event.fileName,
      rows: p.rowsRead,
      percent: p.totalBytes ? Math.min(99, Math.round((p.bytesRead / p.totalBytes) * 100)) : '…',
      failed: p.failed,
    });
  let lastSent = 0;
  const sendProgress = async (p: ImportProgress, force = false) => {
    if (!message.progress) return;
    // Elapsed time between chat edits, not a date: the machine's clock measures it.
    const now = machineTimeMs();
    if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    try {
      await message.progress({ text: progressText(p), slot: 'progress' });
    } catch (error) {
      // A failed progress edit must not stop the import.
      ctx.logger.warn({ err: error }, 'import progress message failed');
    }
  };
  await sendProgress(
    { rowsRead: 0, bytesRead: 0, totalBytes: event.size, created: 0, updated: 0, unchanged: 0, failed: 0 },
    true,
  );
  const stamp = localStamp(ctx.clock.now(), ctx.actor.timeZone);
  const base = await chatFilePath(
    `${stamp}-${path
      .basename(event.fileName)
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w\u3400-\u9fff-]/g, '_')}.errors`,
  );
  const summary = await importPatents(ctx.db, {
    institutionId,
    actor: ctx.actor,
    fileName: event.fileName,
    open: () => event.open(),
    totalBytes: event.size,
    errorFileBase: base,
    locale: ctx.locale,
    clock: ctx.clock,
    logger: ctx.logger,
    onProgress: (p) => sendProgress(p),
  });
  const report = renderImportReport({ ...summary, errorFile: null }, event.fileName, ctx.locale, 10);
  const done: OutgoingMessage = {
    text: say(ctx, 'coordinator:import.done', { rows: summary.totalRows }),
    slot: 'progress',
  };
  const reply: OutgoingMessage = { text: report, buttons: [[menuButton(ctx)]] };
  if (summary.errorFile) {
    const fileName = path.basename(summary.errorFile);
    reply.text += `\n\n${say(ctx, 'coordinator:import.error_file', { file: fileName })}`;
    reply.attachment = {
      fileName,
      path: summary.errorFile,
      mimeType: summary.errorFile.endsWith('.xlsx') ? XLSX_MIME : CSV_MIME,
    };
  }
  return [done, reply, ...(await ambiguityQuestions(ctx, summary.ambiguous))];
}
