// Importing a patent list by uploading it in chat: the import runs while a progress message is
// updated in place (slot "progress"), then the report follows, with the error file attached. The
// patent list is one of the kinds of list a file sent in the chat may be (core/chat/uploads).
import type { IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
import type { ChatContext } from '../chat/context.ts';
import { say } from '../chat/context.ts';
import type { FileEvent, UploadKind } from '../chat/routes.ts';
import {
  closingReplies,
  errorFileBase,
  headerScore,
  refusalOf,
  throttledProgress,
} from '../chat/uploads/support.ts';
import { administeredInstitution } from '../people/authorize.ts';
import { FIELDS, mapHeaders, REQUIRED_FIELDS } from './headers.ts';
import { type ImportProgress, importPatents } from './import.ts';
import { ambiguityQuestions } from './link-chat.ts';
import { importProgressText } from './progress.ts';
import { refusedOutright, renderImportReport } from './report.ts';

export async function importUpload(
  ctx: ChatContext,
  event: FileEvent,
  message: IncomingMessage,
): Promise<OutgoingMessage[]> {
  const institutionId = administeredInstitution(ctx.actor);
  const sendProgress = throttledProgress(ctx, message, (p: ImportProgress) =>
    importProgressText(ctx.locale, event.fileName, p),
  );
  await sendProgress(
    { rowsRead: 0, bytesRead: 0, totalBytes: event.size, created: 0, updated: 0, unchanged: 0, failed: 0 },
    true,
  );
  const summary = await importPatents(ctx.db, {
    institutionId,
    actor: ctx.actor,
    fileName: event.fileName,
    open: () => event.open(),
    totalBytes: event.size,
    errorFileBase: await errorFileBase(ctx, event.fileName),
    locale: ctx.locale,
    clock: ctx.clock,
    logger: ctx.logger,
    onProgress: (p) => sendProgress(p),
  });
  const report = renderImportReport({ ...summary, errorFile: null }, event.fileName, ctx.locale, 10);
  return [
    ...closingReplies(
      ctx,
      refusedOutright(summary)
        ? say(ctx, 'coordinator:import.refused', { file: event.fileName })
        : say(ctx, 'coordinator:import.done', { rows: summary.totalRows }),
      report,
      summary.errorFile,
      (file) => say(ctx, 'coordinator:import.error_file', { file }),
    ),
    ...(await ambiguityQuestions(ctx, summary.ambiguous)),
  ];
}

/** The patent list (CNIPA's search export, the platform's batch template): a university's coordinator. */
export const patentUpload: UploadKind = {
  kind: 'patents',
  recognise: (cells) => headerScore(mapHeaders(cells)),
  // The file does not say which institution it is for: the one university the person coordinates.
  refusal: (actor) => refusalOf(() => administeredInstitution(actor)),
  headers: (ctx) => ({
    required: REQUIRED_FIELDS.map((f) => say(ctx, `inventory:field.${f}`)),
    optional: FIELDS.filter((f) => !REQUIRED_FIELDS.includes(f)).map((f) => say(ctx, `inventory:field.${f}`)),
  }),
  run: importUpload,
};
