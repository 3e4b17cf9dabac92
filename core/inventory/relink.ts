// When an institution's staff directory changes (core/staff), its patents follow: inventor names not
// yet linked are linked to the person the directory now names (a unique name, or one settled by the
// patent's college), and the responsible-inventor rule (responsible.ts) decides again where its
// inputs changed: a new link, nobody responsible yet, or a responsible inventor the directory no
// longer lists as serving. A patent whose self-assessment has started keeps its respondent, and links
// already made (by an import, or chosen by a coordinator) are never replaced. One transaction and one
// audit entry per patent changed.
import type { Logger } from 'pino';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { logger as defaultLogger } from '../logger.ts';
import { PeopleDirectory } from './people-directory.ts';
import { responsibleInventor } from './responsible.ts';

export interface RelinkOptions {
  institutionId: string;
  actorId: string | null;
  now: Date;
  logger?: Logger;
  pageSize?: number;
}

export interface RelinkOutcome {
  /** Patents changed. */
  patents: number;
  /** Inventor names newly linked to a person. */
  linked: number;
  /** Patents whose responsible inventor changed (including from or to nobody). */
  responsibleChanged: number;
}

export async function relinkInventors(db: Db, options: RelinkOptions): Promise<RelinkOutcome> {
  const { institutionId, now } = options;
  const log = (options.logger ?? defaultLogger).child({ institutionId });
  const colleges = await db.institution.findMany({
    where: { parentId: institutionId },
    select: { id: true },
  });
  const directory = await PeopleDirectory.load(db, [institutionId, ...colleges.map((c) => c.id)]);
  const employment = (personId: string | null) =>
    personId ? (directory.get(personId)?.employment ?? null) : null;
  const outcome: RelinkOutcome = { patents: 0, linked: 0, responsibleChanged: 0 };
  const take = options.pageSize ?? 500;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.patent.findMany({
      where: { institutionId },
      select: {
        id: true,
        collegeId: true,
        responsibleInventorId: true,
        inventors: { orderBy: { position: 'asc' }, select: { position: true, name: true, personId: true } },
        _count: { select: { selfAssessments: true } },
      },
      orderBy: { id: 'asc' },
      take,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (page.length === 0) break;
    cursor = page.at(-1)!.id;
    for (const patent of page) {
      const links = patent.inventors.map((i) => {
        if (i.personId) return i;
        const match = directory.match(i.name, patent.collegeId);
        return { ...i, personId: match.kind === 'unique' ? match.person.id : null };
      });
      const newlyLinked = links.filter((l, index) => l.personId && !patent.inventors[index]!.personId);
      let responsible = patent.responsibleInventorId;
      if (patent._count.selfAssessments === 0) {
        const current = responsible ? directory.get(responsible) : undefined;
        const decideAgain =
          responsible === null ||
          newlyLinked.length > 0 ||
          (current !== undefined && current.employment !== 'SERVING');
        if (decideAgain) {
          responsible = responsibleInventor(links.map((l) => ({ ...l, employment: employment(l.personId) })));
        }
      }
      const responsibleChanged = responsible !== patent.responsibleInventorId;
      if (newlyLinked.length === 0 && !responsibleChanged) continue;
      await db.$transaction(async (tx) => {
        for (const l of newlyLinked) {
          await tx.patentInventor.update({
            where: { patentId_position: { patentId: patent.id, position: l.position } },
            data: { personId: l.personId },
          });
        }
        if (responsibleChanged) {
          await tx.patent.update({
            where: { id: patent.id },
            data: { responsibleInventorId: responsible, updatedAt: now },
          });
        }
        await audit(tx, {
          actorId: options.actorId,
          action: 'patent.relinked-by-directory',
          subjectType: 'Patent',
          subjectId: patent.id,
          institutionId,
          details: {
            linked: newlyLinked.map((l) => ({ position: l.position, name: l.name, personId: l.personId })),
            responsible: { from: patent.responsibleInventorId, to: responsible },
          },
        });
      });
      outcome.patents++;
      outcome.linked += newlyLinked.length;
      if (responsibleChanged) outcome.responsibleChanged++;
    }
    if (page.length < take) break;
  }
  log.info(outcome, 'patents relinked to the staff directory');
  return outcome;
}
