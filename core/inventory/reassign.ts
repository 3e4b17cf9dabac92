// The coordinator's corrections after an import: link an inventor name to the right person when
// the name was ambiguous, and reassign who answers a patent's self-assessment. Both are checked
// against the coordinator's institution and audited.

import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import { authorize, type Operator } from '../people/authorize.ts';
import { PeopleDirectory } from './people-directory.ts';
import { responsibleInventor } from './responsible.ts';

/** Who belongs to an institution: a role there or in one of its colleges, or its staff directory. */
const ofInstitution = (institutionId: string) => ({
  OR: [
    { roles: { some: { OR: [{ institutionId }, { institution: { parentId: institutionId } }] } } },
    { staffRecords: { some: { institutionId } } },
  ],
});

/** A person may be linked or made responsible only if they belong to the patent's institution. */
async function personOfInstitution(db: Db, personId: string, institutionId: string) {
  const person = await db.person.findFirst({ where: { id: personId, ...ofInstitution(institutionId) } });
  if (!person) refuseWith('inventory:refusal.person_not_in_institution', personId);
  return person!;
}

export async function linkInventor(
  db: Db,
  actor: Operator,
  patentId: string,
  position: number,
  personId: string,
): Promise<{ responsibleInventorId: string | null }> {
  const patent = authorize(
    actor,
    'inventory.reassign',
    await db.patent.findUnique({
      where: { id: patentId },
      include: { inventors: { include: { person: true } }, selfAssessments: { select: { id: true } } },
    }),
    patentId,
  );
  const inventor = patent.inventors.find((i) => i.position === position);
  if (!inventor) return refuseWith('inventory:refusal.no_such_inventor', `${patentId}#${position}`);
  const person = await personOfInstitution(db, personId, patent.institutionId);
  const links = patent.inventors.map((i) =>
    i.position === position
      ? { position: i.position, personId: person.id, employment: person.employment }
      : { position: i.position, personId: i.personId, employment: i.person?.employment ?? null },
  );
  // Once answering has started the respondent stays; otherwise the rule decides again.
  const responsibleInventorId =
    patent.selfAssessments.length > 0 ? patent.responsibleInventorId : responsibleInventor(links);
  await db.$transaction(async (tx) => {
    await tx.patentInventor.update({
      where: { patentId_position: { patentId, position } },
      data: { personId: person.id },
    });
    await tx.patent.update({ where: { id: patentId }, data: { responsibleInventorId } });
    await audit(tx, {
      actorId: actor?.personId ?? null,
      action: 'patent.inventor-linked',
      subjectType: 'Patent',
      subjectId: patentId,
      institutionId: patent.institutionId,
      details: { position, name: inventor.name, personId: person.id, responsibleInventorId },
    });
  });
  return { responsibleInventorId };
}

export async function reassignResponsible(
  db: Db,
  actor: Operator,
  patentId: string,
  personId: string,
): Promise<void> {
  const patent = authorize(
    actor,
    'inventory.reassign',
    await db.patent.findUnique({
      where: { id: patentId },
      include: { selfAssessments: { select: { id: true } } },
    }),
    patentId,
  );
  // The self-assessment belongs to whoever started it: reassigning underneath would orphan it.
  if (patent.selfAssessments.length > 0) return refuseWith('inventory:refusal.assessment_started', patentId);
  const person = await personOfInstitution(db, personId, patent.institutionId);
  await db.patent.update({ where: { id: patentId }, data: { responsibleInventorId: person.id } });
  await audit(db, {
    actorId: actor?.personId ?? null,
    action: 'patent.responsible-reassigned',
    subjectType: 'Patent',
    subjectId: patentId,
    institutionId: patent.institutionId,
    details: { from: patent.responsibleInventorId, to: person.id },
  });
}

/**
 * The persons of the patent's institution whose name matches the inventor at this position, in a
 * stable order (by id): chat buttons carry an index into this list, never a person id.
 */
export async function nameCandidates(db: Db, patentId: string, position: number) {
  const inventor = await db.patentInventor.findUnique({
    where: { patentId_position: { patentId, position } },
    include: { patent: { select: { institutionId: true } } },
  });
  if (!inventor) return [];
  const institutionId = inventor.patent.institutionId;
  const people = await db.person.findMany({
    where: ofInstitution(institutionId),
    select: { id: true, name: true, email: true, employment: true },
    orderBy: { id: 'asc' },
  });
  const directory = new PeopleDirectory(people);
  const match = directory.match(inventor.name);
  if (match.kind === 'unique') return [match.person];
  return match.kind === 'ambiguous' ? match.candidates : [];
}
