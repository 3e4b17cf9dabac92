// "Which 张伟 is it?": after an import, each inventor name matching several persons of the
// institution is put to the coordinator with one button per candidate.

import type { OutgoingMessage } from '../channel/messages.ts';
import { button, type ChatContext, menuButton, say } from '../chat/context.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { authorize } from '../people/authorize.ts';
import { linkInventorAction } from './actions.ts';
import { linkInventor, nameCandidates } from './reassign.ts';
import type { AmbiguousName } from './store.ts';

/** Questions asked in chat right after an import; the report lists every ambiguous name. */
const ASK_AT_MOST = 5;

export async function ambiguityQuestions(
  ctx: ChatContext,
  ambiguous: AmbiguousName[],
): Promise<OutgoingMessage[]> {
  const messages: OutgoingMessage[] = [];
  for (const a of ambiguous.slice(0, ASK_AT_MOST)) {
    const patent = await ctx.db.patent.findUnique({ where: { applicationNumber: a.applicationNumber } });
    if (!patent) continue;
    const candidates = await nameCandidates(ctx.db, patent.id, a.position);
    if (candidates.length < 2) continue;
    messages.push({
      text: say(ctx, 'coordinator:link.question', {
        number: a.applicationNumber,
        title: patent.title,
        position: a.position,
        name: a.name,
      }),
      buttons: candidates
        .slice(0, 10)
        .map((c, choice) => [
          button(
            ctx,
            'coordinator:link.candidate',
            linkInventorAction.to({ patentId: patent.id, position: a.position, choice }),
            { name: c.name, email: c.email ?? '—' },
          ),
        ]),
    });
  }
  return messages;
}

export async function chooseInventor(
  ctx: ChatContext,
  patentId: string,
  position: number,
  choice: number,
): Promise<OutgoingMessage[]> {
  // Checked before anything is looked up or said: another institution's patent, or none, is refused.
  authorize(
    ctx.actor,
    'inventory.reassign',
    await ctx.db.patent.findUnique({ where: { id: patentId }, select: { institutionId: true } }),
    patentId,
  );
  const person = (await nameCandidates(ctx.db, patentId, position))[choice];
  if (!person) return refuseWith('coordinator:refusal.stale_choice');
  const { responsibleInventorId } = await linkInventor(ctx.db, ctx.actor, patentId, position, person.id);
  return [
    {
      text: say(ctx, 'coordinator:link.done', {
        name: person.name,
        email: person.email ?? '—',
        responsible: await nameOf(ctx.db, responsibleInventorId),
      }),
      buttons: [[menuButton(ctx)]],
    },
  ];
}

async function nameOf(db: Db, personId: string | null): Promise<string> {
  if (!personId) return '—';
  return (await db.person.findUnique({ where: { id: personId } }))?.name ?? '—';
}
