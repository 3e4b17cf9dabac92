// npm run reassign -- --institution <code> --patent <application number> --to <email> [--as <email>]
// Makes another person of the institution responsible for a patent's self-assessment (the first
// inventor left, the answering teacher changed). Refused once answering has started.
import { parseArgs } from 'node:util';
import { t } from '../core/i18n.ts';
import { parseApplicationNumber } from '../core/identifiers/cn-application-number.ts';
import { reassignResponsible } from '../core/inventory/reassign.ts';
import { openCli, resolveActor, resolveInstitution, runCli, UsageError } from './cli-support.ts';

await runCli('reassign', async () => {
  const { values } = parseArgs({
    options: {
      institution: { type: 'string' },
      patent: { type: 'string' },
      to: { type: 'string' },
      as: { type: 'string' },
      locale: { type: 'string' },
    },
  });
  const ctx = await openCli('reassign', values.locale);
  try {
    const institution = await resolveInstitution(ctx, values.institution);
    const actor = await resolveActor(ctx, values.as);
    const number = parseApplicationNumber(values.patent ?? '');
    if (!number.ok) throw new UsageError(`--patent: not a valid application number (${number.error})`);
    const patent = await ctx.db.prisma.patent.findFirst({
      where: { applicationNumber: number.value.canonical, institutionId: institution.id },
    });
    if (!patent)
      throw new UsageError(`--patent: ${number.value.canonical} is not a patent of ${institution.code}`);
    const email = values.to?.trim().toLowerCase();
    const person = email ? await ctx.db.prisma.person.findUnique({ where: { email } }) : null;
    if (!person) throw new UsageError(`--to: no person with e-mail ${values.to ?? ''}`);
    await reassignResponsible(ctx.db.prisma, actor, patent.id, person.id);
    process.stdout.write(
      `${t(ctx.locale, 'inventory:reassigned', { number: patent.applicationNumber, name: person.name })}\n`,
    );
    return 0;
  } finally {
    await ctx.db.close();
  }
});
