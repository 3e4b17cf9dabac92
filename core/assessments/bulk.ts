// Bulk mode: an inventor with many patents answers the questions the definition marks as shared
// once for a group, then confirms or overrides them patent by patent. Each patent keeps its own
// SelfAssessment; the bulk response only seeds them.

import type { Prisma } from '../../prisma/generated/client.ts';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { refuse } from '../errors.ts';
import { ipcSubclass } from '../identifiers/ipc.ts';
import type { Actor } from '../people/actor.ts';
import { may } from '../people/authorize.ts';
import type { Answers } from '../questionnaire/answers.ts';
import { answerRefs, type QuestionnaireDefinition } from '../questionnaire/definition.ts';
import { latestDefinition } from '../questionnaire/definitions/index.ts';
import { firstUnresolved, isResolved } from '../questionnaire/engine.ts';
import { initialState, parseState } from '../questionnaire/state.ts';
import { definitionFor, type ResponseHooks, type StoredResponse, upgradeIfNeeded } from './response-store.ts';
import { openSelfAssessment, SELF_ASSESSMENT } from './self-assessments.ts';

type Tx = Prisma.TransactionClient;

/** The shared part of a definition. Shared questions may only branch on other shared questions. */
export function bulkDefinition(def: QuestionnaireDefinition): QuestionnaireDefinition {
  const shared = new Set(def.sharedInBulk);
  const sections = def.sections
    .map((s) => ({ ...s, questions: s.questions.filter((q) => shared.has(q.id)) }))
    .filter((s) => s.questions.length > 0);
  for (const q of sections.flatMap((s) => s.questions)) {
    const outside = answerRefs(q.showIf).filter((ref) => !shared.has(ref));
    if (outside.length > 0)
      throw new Error(`${def.id}: shared ${q.id} depends on per-patent ${outside.join(', ')}`);
  }
  return { ...def, sections };
}

export interface BulkGroup {
  /** IPC subclass ("H01M"), or "DESIGN" for design patents, which carry no IPC. */
  key: string;
  patentIds: string[];
}

const OPEN_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'RETURNED'] as const;

/** The inventor's patents still to assess, grouped by the subclass of their main IPC. */
export async function bulkCandidates(db: Db, actor: Actor) {
  return db.patent.findMany({
    where: { responsibleInventorId: actor.personId, inventoryStatus: { in: [...OPEN_STATUSES] } },
    orderBy: [{ applicationDate: 'asc' }],
    select: { id: true, title: true, applicationNumber: true, ipcCodes: true, type: true },
  });
}

export function groupBySubclass(patents: { id: string; ipcCodes: string[]; type: string }[]): BulkGroup[] {
  const groups = new Map<string, string[]>();
  for (const p of patents) {
    const main = p.ipcCodes[0];
    const key = p.type === 'DESIGN' || !main ? 'DESIGN' : ipcSubclass(main);
    groups.set(key, [...(groups.get(key) ?? []), p.id]);
  }
  return [...groups.entries()]
    .map(([key, patentIds]) => ({ key, patentIds }))
    .sort((a, b) => b.patentIds.length - a.patentIds.length || a.key.localeCompare(b.key));
}

export async function startBulk(
  db: Db,
  actor: Actor,
  patentIds: string[],
  now: Date,
): Promise<StoredResponse> {
  if (patentIds.length < 2) refuse('bulk_needs_two');
  const open = await db.patent.findMany({
    where: { id: { in: patentIds }, inventoryStatus: { in: [...OPEN_STATUSES] } },
    select: { responsibleInventorId: true },
  });
  const owned = open.filter((patent) => may(actor, 'patent.selfAssess', patent)).length;
  if (owned !== new Set(patentIds).size) refuse('not_your_patent');
  const def = latestDefinition(SELF_ASSESSMENT);
  const state = initialState(def.id, def.version, {});
  const row = await db.bulkAssessment.create({
    data: {
      respondentId: actor.personId,
      questionnaireId: def.id,
      questionnaireVersion: def.version,
      state: state as unknown as Prisma.InputJsonValue,
      createdAt: now,
      updatedAt: now,
    },
  });
  // Members are linked up front so the group survives a restart before the shared part is done.
  for (const patentId of patentIds) {
    const assessment = await openSelfAssessment(db, actor, patentId, now);
    await db.selfAssessment.update({
      where: { id: assessment.id },
      data: { bulkId: row.id, updatedAt: now },
    });
  }
  return { kind: 'bulk', id: row.id, state, revision: row.revision, status: row.status };
}

/** What the shared answers did to the group's drafts, for the message that follows them. */
export interface BulkFillReport {
  /** Drafts the shared answers went into (every member not yet submitted). */
  members: number;
  /** Members that already had a different answer to a shared question, and kept it. */
  kept: { patentId: string; title: string; questionIds: string[] }[];
}

const sameAnswer = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Fills the shared answers into every member's self-assessment, each then continues alone. Only
 * questions a draft has not answered (or skipped) are filled: an answer the inventor already gave
 * for one patent is theirs and stays; `report` learns which patents kept which answers.
 */
export function bulkHooks(actor: Actor, report?: BulkFillReport): ResponseHooks {
  return {
    definition: (state) => bulkDefinition(definitionFor(state)),
    async onSubmitted(tx: Tx, response: StoredResponse, shared: Answers, now: Date) {
      const members = await tx.selfAssessment.findMany({
        where: { bulkId: response.id, status: { not: 'SUBMITTED' } },
        include: { patent: { select: { title: true } } },
        orderBy: { patent: { applicationDate: 'asc' } },
      });
      const kept: BulkFillReport['kept'] = [];
      for (const member of members) {
        const state = upgradeIfNeeded(parseState(member.state));
        const def = definitionFor(state);
        const own = Object.keys(shared).filter((id) => isResolved(state, id));
        const fill = Object.fromEntries(Object.entries(shared).filter(([id]) => !own.includes(id)));
        const differing = own.filter((id) => !sameAnswer(state.answers[id], shared[id]));
        if (differing.length > 0) {
          kept.push({ patentId: member.patentId, title: member.patent.title, questionIds: differing });
        }
        const merged = {
          ...state,
          answers: { ...state.answers, ...fill },
          phase: 'answering' as const,
          current: null,
          pendingSelection: null,
        };
        const next = firstUnresolved(def, merged) ? merged : { ...merged, phase: 'review' as const };
        await tx.selfAssessment.update({
          where: { id: member.id },
          data: {
            state: next as unknown as Prisma.InputJsonValue,
            revision: { increment: 1 },
            status: 'DRAFT',
            updatedAt: now,
          },
        });
        for (const [questionId, value] of Object.entries(fill)) {
          await tx.selfAssessmentAnswer.upsert({
            where: { assessmentId_questionId: { assessmentId: member.id, questionId } },
            create: { assessmentId: member.id, questionId, value, answeredAt: now },
            update: { value, answeredAt: now },
          });
        }
      }
      await audit(tx, {
        actorId: actor.personId,
        action: 'self-assessment.bulk-shared-answered',
        subjectType: 'BulkAssessment',
        subjectId: response.id,
        details: {
          patents: members.length,
          questions: Object.keys(shared),
          kept: kept.map((k) => ({ patentId: k.patentId, questions: k.questionIds })),
        },
      });
      if (report) {
        report.members = members.length;
        report.kept = kept;
      }
    },
  };
}

/** The members still to confirm, in a stable order. */
export async function bulkQueue(
  db: Db,
  bulkId: string,
): Promise<{ assessmentId: string; patentId: string }[]> {
  const members = await db.selfAssessment.findMany({
    where: { bulkId },
    orderBy: { patent: { applicationDate: 'asc' } },
    select: { id: true, patentId: true, status: true },
  });
  return members
    .filter((m) => m.status !== 'SUBMITTED')
    .map((m) => ({ assessmentId: m.id, patentId: m.patentId }));
}
