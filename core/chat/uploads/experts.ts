// A list of experts sent as a file in the chat: one of the kinds of core/chat/uploads, for those who
// manage experts (administrators, bureau officers, university coordinators: 'expert.manage'); each
// row is then checked against what the importer may do for that expert's affiliation
// (core/experts/import.ts), with the report and the error file as the other lists.
import type { IncomingMessage, OutgoingMessage } from '../../channel/messages.ts';
import { EXPERT_FIELDS, mapExpertHeaders, REQUIRED_EXPERT_FIELDS } from '../../experts/headers.ts';
import { importExperts } from '../../experts/import.ts';
import { renderExpertImportReport } from '../../experts/report.ts';
import { refusalFor } from '../../people/authorize.ts';
import { type ChatContext, say } from '../context.ts';
import type { FileEvent, UploadKind } from '../routes.ts';
import {
  closingReplies,
  errorFileBase,
  headerScore,
  listProgressText,
  percentOf,
  throttledProgress,
} from './support.ts';

type ExpertProgress = { rowsRead: number; bytesRead: number; totalBytes: number | null; failed: number };

async function importExpertUpload(
  ctx: ChatContext,
  event: FileEvent,
  message: IncomingMessage,
): Promise<OutgoingMessage[]> {
  const sendProgress = throttledProgress(ctx, message, (p: ExpertProgress) =>
    listProgressText(ctx, 'experts', event.fileName, {
      rows: p.rowsRead,
      failed: p.failed,
      percent: percentOf(p.bytesRead, p.totalBytes),
    }),
  );
  await sendProgress({ rowsRead: 0, bytesRead: 0, totalBytes: event.size, failed: 0 }, true);
  const summary = await importExperts(ctx.db, {
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
  return closingReplies(
    ctx,
    say(ctx, 'chat:upload.done', { rows: summary.totalRows }),
    renderExpertImportReport({ ...summary, errorFile: null }, event.fileName, ctx.locale, 10),
    summary.errorFile,
    (file) => say(ctx, 'chat:upload.error_file', { file }),
  );
}

export const expertUpload: UploadKind = {
  kind: 'experts',
  recognise: (cells) => headerScore(mapExpertHeaders(cells)),
  refusal: (actor) => refusalFor(actor, 'expert.manage', undefined),
  headers: (ctx) => ({
    required: REQUIRED_EXPERT_FIELDS.map((f) => say(ctx, `experts:column.${f}`)),
    optional: EXPERT_FIELDS.filter((f) => !REQUIRED_EXPERT_FIELDS.includes(f)).map((f) =>
      say(ctx, `experts:column.${f}`),
    ),
  }),
  run: importExpertUpload,
};
