// Exporting the annotated inventory from chat: the workbook is written to a private directory
// (core/chat/files.ts) and sent back as an attachment, with a summary by inventory status.
import path from 'node:path';
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { chatFilePath, XLSX_MIME } from '../chat/files.ts';
import { administeredInstitution } from '../people/authorize.ts';
import { exportFileName } from './file-names.ts';
import { exportInventory } from './inventory-export.ts';

export async function exportFromChat(ctx: ChatContext): Promise<OutgoingMessage[]> {
  const institutionId = administeredInstitution(ctx.actor);
  const institution = await ctx.db.institution.findUniqueOrThrow({ where: { id: institutionId } });
  const file = await chatFilePath(
    exportFileName('inventory', institution.code, ctx.clock.now(), ctx.actor.timeZone),
  );
  const result = await exportInventory(ctx.db, {
    institutionId,
    actor: ctx.actor,
    path: file,
    timeZone: ctx.actor.timeZone,
    logger: ctx.logger,
  });
  const lines = [
    say(ctx, 'coordinator:export.done', { count: result.patents, file: path.basename(file) }),
    ...Object.entries(result.byStatus).map(([status, count]) =>
      say(ctx, 'coordinator:progress.status_line', {
        status: say(ctx, `export:inventory_status.${status}`),
        count,
      }),
    ),
    // The file name only: where it lies on the server is nobody's business in a chat.
    say(ctx, 'coordinator:export.attached'),
  ];
  return [
    {
      text: lines.join('\n'),
      confidential: true,
      attachment: { fileName: path.basename(file), path: file, mimeType: XLSX_MIME },
      buttons: [[menuButton(ctx)]],
    },
  ];
}
