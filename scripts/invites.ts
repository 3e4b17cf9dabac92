// npm run invites -- --institution <code> [--bot <username>] [--out <file.xlsx>] [--days 30]
//                    [--include-connected] [--as <email>] [--locale en]
// Issues an invitation to every responsible inventor not yet using Revive in chat and writes them
// as XLSX for a mail merge (Telegram deep link, Slack note, expiry). The bot username comes from
// --bot or TELEGRAM_BOT_USERNAME. Earlier unused invitations of the same people are revoked.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportFileName, exportsDir } from '../core/export/file-names.ts';
import { BOT_USERNAME, exportInvites } from '../core/export/invites-export.ts';
import { t } from '../core/i18n.ts';
import { openCli, resolveActor, resolveInstitution, runCli, UsageError } from './cli-support.ts';

await runCli('invites', async () => {
  const { values } = parseArgs({
    options: {
      institution: { type: 'string' },
      bot: { type: 'string' },
      out: { type: 'string' },
      days: { type: 'string' },
      'include-connected': { type: 'boolean' },
      as: { type: 'string' },
      locale: { type: 'string' },
    },
  });
  const ctx = await openCli('invites', values.locale);
  try {
    const bot = (values.bot ?? process.env.TELEGRAM_BOT_USERNAME ?? '').trim().replace(/^@/, '');
    if (!bot) throw new UsageError(t(ctx.locale, 'export:summary.bot_required'));
    if (!BOT_USERNAME.test(bot)) throw new UsageError(t(ctx.locale, 'export:summary.bot_invalid', { bot }));
    const days = values.days === undefined ? undefined : Number(values.days);
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 365)) {
      throw new UsageError('--days must be a whole number of days between 1 and 365');
    }
    const institution = await resolveInstitution(ctx, values.institution);
    const actor = await resolveActor(ctx, values.as);
    const out =
      values.out ??
      path.join(
        exportsDir(ctx.config.DATA_DIR),
        exportFileName('invites', institution.code, ctx.clock.now(), ctx.config.DEFAULT_TIME_ZONE),
      );
    await mkdir(path.dirname(out), { recursive: true });
    const result = await exportInvites(ctx.db.prisma, {
      institutionId: institution.id,
      actor,
      path: out,
      botUsername: bot,
      validDays: days,
      includeConnected: values['include-connected'] ?? false,
      locale: ctx.locale,
      timeZone: ctx.config.DEFAULT_TIME_ZONE,
      now: ctx.clock.now(),
    });
    process.stdout.write(
      `${t(ctx.locale, 'export:summary.invites', {
        invited: result.invited,
        revoked: result.revoked,
        skipped: result.skippedConnected,
        path: out,
      })}\n`,
    );
    return 0;
  } finally {
    await ctx.db.close();
  }
});
