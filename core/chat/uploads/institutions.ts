// A list of institutions (one row per university or research institute, or per college with its
// university's code) sent as a file in the chat: one of the kinds of core/chat/uploads, for platform
// administrators, imported by core/institutions/import.ts with its report and error file.
import type { IncomingMessage, OutgoingMessage } from '../../channel/messages.ts';
import { fieldLabelKey, INSTITUTION_FIELDS } from '../../institutions/fields.ts';
import { locateInstitutionHeader, REQUIRED_HEADERS } from '../../institutions/headers.ts';
import { type InstitutionImportProgress, importInstitutions } from '../../institutions/import.ts';
import { renderInstitutionImportReport } from '../../institutions/report.ts';
import { refusalFor } from '../../people/authorize.ts';
import { type ChatContext, say } from '../context.ts';
import type { FileEvent, UploadKind } from '../routes.ts';
import { closingReplies, errorFileBase, listProgressText, percentOf, throttledProgress } from './support.ts';

async function importInstitutionUpload(
  ctx: ChatContext,
  event: FileEvent,
  message: IncomingMessage,
): Promise<OutgoingMessage[]> {
  // The list is read whole before any row is written: progress counts the rows written.
  const sendProgress = throttledProgress(ctx, message, (p: InstitutionImportProgress) =>
    listProgressText(ctx, 'institutions', event.fileName, {
      rows: p.done,
      failed: p.failed,
      percent: percentOf(p.done, p.total),
    }),
  );
  await sendProgress({ done: 0, total: 0, failed: 0 }, true);
  const summary = await importInstitutions(ctx.db, {
    actor: ctx.actor,
    fileName: event.fileName,
    open: () => event.open(),
    clock: ctx.clock,
    locale: ctx.locale,
    errorFileBase: await errorFileBase(ctx, event.fileName),
    onProgress: (p) => sendProgress(p),
    logger: ctx.logger,
  });
  return closingReplies(
    ctx,
    say(ctx, 'chat:upload.done', { rows: summary.totalRows }),
    renderInstitutionImportReport({ ...summary, errorFile: null }, event.fileName, ctx.locale, 10),
    summary.errorFile,
    (file) => say(ctx, 'chat:upload.error_file', { file }),
  );
}

/** Institutions and their colleges: platform administrators ('institution.register'). */
export const institutionUpload: UploadKind = {
  kind: 'institutions',
  recognise: (cells) => {
    const header = locateInstitutionHeader([[...cells]]);
    return 'missing' in header ? null : header.columns.size;
  },
  refusal: (actor) => refusalFor(actor, 'institution.register', undefined),
  headers: (ctx) => ({
    required: REQUIRED_HEADERS.map((f) => say(ctx, fieldLabelKey(f))),
    optional: INSTITUTION_FIELDS.filter((f) => !REQUIRED_HEADERS.includes(f)).map((f) =>
      say(ctx, fieldLabelKey(f)),
    ),
  }),
  run: importInstitutionUpload,
};
