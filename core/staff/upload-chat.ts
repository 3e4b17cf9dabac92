// The staff list as a file sent in the chat (one of the kinds of core/chat/uploads): imported into the
// directory of the one university the person coordinates, with the progress message updated in place,
// then the change report with the error file attached, as the patent list upload does.
import type { IncomingMessage, OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, say } from '../chat/context.ts';
import type { FileEvent, UploadKind } from '../chat/routes.ts';
import {
  closingReplies,
  errorFileBase,
  headerScore,
  listProgressText,
  percentOf,
  refusalOf,
  throttledProgress,
} from '../chat/uploads/support.ts';
import { refuseWith } from '../errors.ts';
import { type Actor, hasRole, institutionsWith } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';
import { mapStaffHeaders, REQUIRED_STAFF_FIELDS, STAFF_FIELDS } from './headers.ts';
import { importStaff, type StaffProgress } from './import.ts';
import { renderStaffReport } from './report.ts';

/**
 * The university whose directory this person's upload fills: the file does not say, so it is the one
 * they coordinate (an administrator, or a coordinator of several, names it on the command line).
 * College coordinators do not import staff lists (core/people/authorize.ts 'staff.import').
 */
export function staffInstitution(actor: Actor): string {
  const universities = institutionsWith(actor, 'UNIVERSITY_COORDINATOR');
  if (universities.length === 1)
    return authorize(actor, 'staff.import', { institutionId: universities[0]! }).institutionId;
  if (universities.length > 1 || hasRole(actor, 'ADMIN'))
    return refuseWith('coordinator:refusal.several_institutions');
  return refuseWith('staff:refusal.not_coordinator', actor.personId);
}

async function importStaffUpload(
  ctx: ChatContext,
  event: FileEvent,
  message: IncomingMessage,
): Promise<OutgoingMessage[]> {
  const institutionId = staffInstitution(ctx.actor);
  const sendProgress = throttledProgress(ctx, message, (p: StaffProgress) =>
    listProgressText(ctx, 'staff', event.fileName, {
      rows: p.rowsRead,
      failed: p.failed,
      percent: percentOf(p.bytesRead, p.totalBytes),
    }),
  );
  await sendProgress(
    { rowsRead: 0, bytesRead: 0, totalBytes: event.size, created: 0, updated: 0, unchanged: 0, failed: 0 },
    true,
  );
  const summary = await importStaff(ctx.db, {
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
  return closingReplies(
    ctx,
    say(ctx, 'chat:upload.done', { rows: summary.totalRows }),
    renderStaffReport({ ...summary, errorFile: null }, event.fileName, ctx.locale, 10),
    summary.errorFile,
    (file) => say(ctx, 'chat:upload.error_file', { file }),
  );
}

/** A university's staff list (name, staff number, employment status …): its coordinator. */
export const staffUpload: UploadKind = {
  kind: 'staff',
  recognise: (cells) => headerScore(mapStaffHeaders(cells)),
  refusal: (actor) => refusalOf(() => staffInstitution(actor)),
  headers: (ctx) => ({
    required: REQUIRED_STAFF_FIELDS.map((f) => say(ctx, `staff:field.${f}`)),
    optional: STAFF_FIELDS.filter((f) => !REQUIRED_STAFF_FIELDS.includes(f)).map((f) =>
      say(ctx, `staff:field.${f}`),
    ),
  }),
  run: importStaffUpload,
};
