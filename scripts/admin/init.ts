// npm run admin -- init --email <e> --name <n> [--bot <telegram bot username>] [--days 30] [--locale en]
// On a database without an administrator: creates the first platform administrator (a person with
// the ADMIN role, no scope) and prints their invitation (Telegram link, Slack command, terminal).
// A second init refuses and creates nothing.
import { parseArgs } from 'node:util';
import { t } from '../../core/i18n.ts';
import { initFirstAdmin } from '../../core/invites/bootstrap.ts';
import { BOT_USERNAME, botUsername, invitationText } from '../../core/invites/links.ts';
import { openCli, UsageError } from '../cli-support.ts';
import type { AdminGroup } from './group.ts';

export const initCommands: AdminGroup = {
  commands: {
    '': {
      usage: '--email <e> --name <n> [--bot <telegram bot username>] [--days 30] [--locale en]',
      async run(args) {
        const { values } = parseArgs({
          args,
          strict: true,
          options: {
            email: { type: 'string' },
            name: { type: 'string' },
            bot: { type: 'string' },
            days: { type: 'string' },
            locale: { type: 'string' },
          },
        });
        if (!values.email) throw new UsageError('--email <address> is required');
        if (!values.name) throw new UsageError('--name <name> is required');
        const validDays = values.days === undefined ? undefined : Number(values.days);
        if (validDays !== undefined && !(Number.isInteger(validDays) && validDays >= 1 && validDays <= 365))
          throw new UsageError('--days must be a whole number of days between 1 and 365');
        const bot = botUsername(values.bot ?? process.env.TELEGRAM_BOT_USERNAME);
        if (bot && !BOT_USERNAME.test(bot))
          throw new UsageError(`"${bot}" is not a valid Telegram bot username`);
        const ctx = await openCli('admin init', values.locale);
        try {
          const admin = await initFirstAdmin(
            ctx.db.prisma,
            {
              email: values.email,
              name: values.name,
              ...(values.locale === 'en' || values.locale === 'zh-CN' ? { locale: values.locale } : {}),
              ...(validDays ? { validDays } : {}),
            },
            ctx.clock.now(),
          );
          const text = invitationText(ctx.locale, {
            token: admin.token,
            bot,
            personName: admin.name,
            personEmail: values.email,
            role: 'ADMIN',
            scope: '',
            expiresAt: admin.expiresAt,
            timeZone: ctx.config.DEFAULT_TIME_ZONE,
          });
          process.stdout.write(`${t(ctx.locale, 'invites:cli.init_done', { name: admin.name })}\n${text}\n`);
          return 0;
        } finally {
          await ctx.db.close();
        }
      },
    },
  },
};
