// A coordinator's view of their institution (or college): patents by inventory status, the share
// inventoried, what waits for screening at each level, and the last import.

import type { Prisma } from '../../prisma/generated/client.ts';
import type { OutgoingMessage } from '../channel/messages.ts';
import { type ChatContext, menuButton, say } from '../chat/context.ts';
import { institutionsWith } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';
import { screeningCounts } from '../screening/queue.ts';
import { localDate } from '../time-format.ts';
import { INVENTORIED_STATUSES, INVENTORY_STATUSES } from './campaign-progress.ts';
import { coordinatorButtons } from './coordinator-menu.ts';

export async function showCoordinatorProgress(ctx: ChatContext): Promise<OutgoingMessage[]> {
  authorize(ctx.actor, 'progress.view');
  const scopes: { name: string; where: Prisma.PatentWhereInput; institutionId: string }[] = [];
  for (const id of institutionsWith(ctx.actor, 'UNIVERSITY_COORDINATOR')) {
    const inst = await ctx.db.institution.findUnique({ where: { id } });
    if (inst) scopes.push({ name: inst.nameZh, where: { institutionId: id }, institutionId: id });
  }
  for (const id of institutionsWith(ctx.actor, 'COLLEGE_COORDINATOR')) {
    const college = await ctx.db.institution.findUnique({ where: { id } });
    if (college)
      scopes.push({ name: college.nameZh, where: { collegeId: id }, institutionId: college.parentId ?? id });
  }
  const lines: string[] = [];
  for (const scope of scopes) {
    const groups = await ctx.db.patent.groupBy({
      by: ['inventoryStatus'],
      where: scope.where,
      _count: { _all: true },
    });
    const counts = new Map(groups.map((g) => [g.inventoryStatus, g._count._all]));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const done = INVENTORIED_STATUSES.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
    const unassigned = await ctx.db.patent.count({ where: { ...scope.where, responsibleInventorId: null } });
    lines.push(
      say(ctx, 'coordinator:progress.heading', { name: scope.name }),
      say(ctx, 'coordinator:progress.summary', {
        done,
        total,
        percent: total === 0 ? 0 : Math.round((done / total) * 100),
      }),
      ...INVENTORY_STATUSES.filter((s) => counts.has(s)).map((s) =>
        say(ctx, 'coordinator:progress.status_line', {
          status: say(ctx, `export:inventory_status.${s}`),
          count: counts.get(s) ?? 0,
        }),
      ),
    );
    if (unassigned > 0) lines.push(say(ctx, 'coordinator:progress.unassigned', { count: unassigned }));
    const lastImport = await ctx.db.importRun.findFirst({
      where: { institutionId: scope.institutionId },
      orderBy: { startedAt: 'desc' },
    });
    if (lastImport) {
      lines.push(
        say(ctx, 'coordinator:progress.last_import', {
          file: lastImport.fileName,
          date: localDate(lastImport.startedAt, ctx.actor.timeZone),
          created: lastImport.created,
          updated: lastImport.updated,
          failed: lastImport.failed,
        }),
      );
    }
    lines.push('');
  }
  const waiting = await screeningCounts(ctx.db, ctx.actor);
  lines.push(
    say(ctx, 'coordinator:screening.counts', { college: waiting.COLLEGE, university: waiting.UNIVERSITY }),
  );
  return [
    {
      text: lines.join('\n').trim(),
      buttons: [...(await coordinatorButtons(ctx)), [menuButton(ctx)]],
      slot: 'menu',
    },
  ];
}
