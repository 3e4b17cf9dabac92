// A list of enterprises (a bureau's high-tech enterprise register …) sent as a file in the chat: one of
// the kinds of core/chat/uploads. Imported as verified by core/enterprises/import.ts for a bureau
// officer (rows of their province only) or an administrator; the report says what was created,
// updated and verified, the rejected rows come back as a file, and the contacts' invitations (their
// tokens exist only now) come as a workbook the officer forwards, one row per invitation.
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { IncomingMessage, OutgoingMessage } from '../../channel/messages.ts';
import {
  type EnterpriseImportResult,
  enterpriseHeaderScore,
  IMPORT_FIELDS,
  type ImportedInvitation,
  importEnterprises,
  REQUIRED_IMPORT_FIELDS,
} from '../../enterprises/import.ts';
import type { Locale } from '../../i18n.ts';
import { t } from '../../i18n.ts';
import { slackCommand } from '../../invites/links.ts';
import { refusalFor } from '../../people/authorize.ts';
import { localDateTime, localStamp } from '../../time-format.ts';
import { type ChatContext, menuButton, say } from '../context.ts';
import { chatFilePath, XLSX_MIME } from '../files.ts';
import type { FileEvent, UploadKind } from '../routes.ts';
import {
  closingReplies,
  countingBytes,
  errorFileBase,
  listProgressText,
  percentOf,
  throttledProgress,
} from './support.ts';

/** Rows listed in the chat report (the error file has every rejected row). */
const REPORT_ROWS = 10;

function renderReport(result: EnterpriseImportResult, fileName: string, locale: Locale): string {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);
  const row = (e: EnterpriseImportResult['errors'][number]) =>
    tr('enterprises:cli.row_error', { row: e.row, message: tr(e.error.key, e.error.params) });
  const lines = [tr('chat:upload.enterprises.title', { file: fileName })];
  lines.push(
    tr('enterprises:cli.import_counts', {
      total: result.total,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      failed: result.failed,
    }),
  );
  if (result.verified > 0) lines.push(tr('enterprises:cli.import_verified', { count: result.verified }));
  const section = (header: string, rows: EnterpriseImportResult['errors']) => {
    if (rows.length === 0) return;
    lines.push('', tr(header));
    for (const e of rows.slice(0, REPORT_ROWS)) lines.push(row(e));
    if (rows.length > REPORT_ROWS)
      lines.push(tr('chat:upload.more_rows', { count: rows.length - REPORT_ROWS }));
  };
  section('enterprises:cli.import_errors', result.errors);
  section('enterprises:cli.invite_problems', result.inviteProblems);
  return lines.join('\n');
}

/** The invitations as a workbook: tokens exist in clear only here, as in `npm run invites`. */
async function invitationsFile(
  ctx: ChatContext,
  fileName: string,
  invitations: ImportedInvitation[],
): Promise<string> {
  const stamp = localStamp(ctx.clock.now(), ctx.actor.timeZone);
  const base = path
    .basename(fileName)
    .replace(/\.[^.]+$/, '')
    .replace(/[^\w\u3400-\u9fff-]/g, '_');
  const file = await chatFilePath(`${stamp}-${base}.invitations.xlsx`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('invitations');
  const columns = ['row', 'enterprise', 'name', 'email', 'telegram', 'slack', 'expires'] as const;
  sheet.columns = [8, 30, 14, 30, 44, 44, 20].map((width) => ({ width }));
  sheet.addRow(columns.map((c) => say(ctx, `chat:upload.enterprises.column.${c}`))).commit();
  for (const invitation of invitations) {
    sheet
      .addRow([
        invitation.row,
        invitation.enterpriseName,
        invitation.personName,
        invitation.email ?? '',
        // Core does not know the bot's username (see core/invites/links.ts): the command works too.
        `/start ${invitation.token}`,
        slackCommand(invitation.token),
        localDateTime(invitation.expiresAt, ctx.actor.timeZone),
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  return file;
}

async function importEnterpriseUpload(
  ctx: ChatContext,
  event: FileEvent,
  message: IncomingMessage,
): Promise<OutgoingMessage[]> {
  let bytes = () => 0;
  const sendProgress = throttledProgress(ctx, message, (p: { rowsRead: number; failed: number }) =>
    listProgressText(ctx, 'enterprises', event.fileName, {
      rows: p.rowsRead,
      failed: p.failed,
      percent: percentOf(bytes(), event.size),
    }),
  );
  await sendProgress({ rowsRead: 0, failed: 0 }, true);
  const result = await importEnterprises(ctx.db, ctx.actor, {
    open: async () => {
      const counted = countingBytes(await event.open());
      bytes = counted.bytes;
      return counted.stream;
    },
    now: ctx.clock.now(),
    errorFileBase: await errorFileBase(ctx, event.fileName),
    locale: ctx.locale,
    onProgress: (p) => sendProgress(p),
  });
  ctx.logger.info(
    { created: result.created, updated: result.updated, failed: result.failed },
    'enterprises imported from chat',
  );
  const report = result.fatal
    ? `${say(ctx, 'chat:upload.enterprises.title_failed', { file: event.fileName })}\n⚠ ${say(ctx, result.fatal.key, result.fatal.params)}`
    : renderReport(result, event.fileName, ctx.locale);
  const replies = closingReplies(
    ctx,
    say(ctx, 'chat:upload.done', { rows: result.total }),
    report,
    result.errorFile,
    (file) => say(ctx, 'chat:upload.error_file', { file }),
  );
  if (result.invitations.length > 0) {
    const file = await invitationsFile(ctx, event.fileName, result.invitations);
    replies.push({
      text: say(ctx, 'chat:upload.enterprises.invitations', { count: result.invitations.length }),
      attachment: { fileName: path.basename(file), path: file, mimeType: XLSX_MIME },
      // The tokens let whoever holds them in: kept out of group chats and from forwarding.
      confidential: true,
      buttons: [[menuButton(ctx)]],
    });
  }
  return replies;
}

/** An enterprise list imported as verified: bureau officers (their province) and administrators. */
export const enterpriseUpload: UploadKind = {
  kind: 'enterprises',
  recognise: enterpriseHeaderScore,
  refusal: (actor) => refusalFor(actor, 'enterprise.import', undefined),
  headers: (ctx) => ({
    required: REQUIRED_IMPORT_FIELDS.map((f) => say(ctx, `chat:upload.enterprises.field.${f}`)),
    optional: IMPORT_FIELDS.filter((f) => !REQUIRED_IMPORT_FIELDS.includes(f)).map((f) =>
      say(ctx, `chat:upload.enterprises.field.${f}`),
    ),
  }),
  run: importEnterpriseUpload,
};
