// Page mode persistence on both databases: a page is validated together and written at once with
// the same revision check as single answers; a page with errors writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitPageStep } from '../../../core/assessments/page-submission.ts';
import { applyStep, loadResponse } from '../../../core/assessments/response-store.ts';
import { openSelfAssessment, selfAssessmentHooks } from '../../../core/assessments/self-assessments.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { type Actor, loadActor } from '../../../core/people/actor.ts';
import { parseEnvFor } from '../../../core/questionnaire/parse-env.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

/** When the pages are written: the parse environment's "today" and the stored time-stamps agree. */
const NOW = new Date('2026-11-28T00:00:00Z');
const env = parseEnvFor('Asia/Shanghai', NOW);

describe.each(DATABASE_KINDS)('page submission on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let actor: Actor;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: NOW });
    actor = (await loadActor(db.prisma, demo.inventorPersonId))!;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  async function freshAssessment() {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: actor.personId, type: 'INVENTION', selfAssessments: { none: {} } },
    });
    return openSelfAssessment(db.prisma, actor, patent.id, NOW);
  }

  const submit = (id: string, section: string, values: Record<string, string | string[] | null>) =>
    submitPageStep(db.prisma, 'self-assessment', id, section, values, env, NOW, selfAssessmentHooks(actor));

  it('stores nothing and keeps the revision when a field is invalid', async () => {
    const response = await freshAssessment();
    const result = await submit(response.id, 'origin', {
      governmentFunded: 'perhaps',
      implementationStatus: ['licensed'],
    });
    expect(result.outcome).toBe('INVALID');
    if (result.outcome !== 'INVALID') return;
    expect(Object.keys(result.errors)).toEqual(['governmentFunded']);
    const stored = await loadResponse(db.prisma, 'self-assessment', response.id);
    expect(stored?.revision).toBe(response.revision);
    expect(await db.prisma.selfAssessmentAnswer.count({ where: { assessmentId: response.id } })).toBe(0);
  });

  it('stores a valid page in one write and asks a revealed follow-up on the next page', async () => {
    const response = await freshAssessment();
    const result = await submit(response.id, 'origin', {
      governmentFunded: 'true',
      implementationStatus: ['licensed'],
    });
    expect(result.outcome).toBe('NEXT_PAGE');
    if (result.outcome !== 'NEXT_PAGE') return;
    expect(result.page.questions.map((q) => q.id)).toContain('implementationDetail');
    expect(result.response.revision).toBe(response.revision + 1);
    const answers = await db.prisma.selfAssessmentAnswer.findMany({ where: { assessmentId: response.id } });
    expect(answers.map((a) => a.questionId).sort()).toEqual(['governmentFunded', 'implementationStatus']);
    expect(answers.every((a) => a.answeredAt.getTime() === NOW.getTime())).toBe(true);
  });

  it('survives a concurrent write: both pages are kept, each write bumps the revision', async () => {
    const response = await freshAssessment();
    const [a, b] = await Promise.all([
      submit(response.id, 'origin', { governmentFunded: 'false', implementationStatus: ['notImplemented'] }),
      submit(response.id, 'value', { trl: '4', valueGrade: 'good' }),
    ]);
    expect([a.outcome, b.outcome].every((o) => o === 'NEXT_PAGE' || o === 'REVIEW')).toBe(true);
    const stored = await loadResponse(db.prisma, 'self-assessment', response.id);
    expect(stored?.revision).toBe(response.revision + 2);
    expect(Object.keys(stored!.state.answers).sort()).toEqual([
      'governmentFunded',
      'implementationStatus',
      'trl',
      'valueGrade',
    ]);
  });

  it('reaches the review after the last page; a submitted response is closed to further pages', async () => {
    const response = await freshAssessment();
    // A form sends every field; optional ones left empty come back blank (a skip).
    const pages: Record<string, Record<string, string | string[] | null>> = {
      origin: { governmentFunded: 'true', implementationStatus: ['notImplemented'] },
      value: { trl: '5', valueGrade: 'average' },
      market: {
        applicationScenarios: ['newEnergy'],
        scenarioDescription: null,
        industrializationProspects: '3',
      },
      intention: { transformationIntention: ['notNow'] },
      contact: { contactConsent: 'true', remarks: null },
    };
    let last = null;
    for (const [section, values] of Object.entries(pages)) last = await submit(response.id, section, values);
    expect(last?.outcome).toBe('REVIEW');
    await applyStep(
      db.prisma,
      'self-assessment',
      response.id,
      { type: 'submit' },
      env,
      NOW,
      selfAssessmentHooks(actor),
    );
    const row = await db.prisma.selfAssessment.findUniqueOrThrow({
      where: { id: response.id },
      include: { patent: true },
    });
    expect(row.status).toBe('SUBMITTED');
    expect(row.submittedAt).toEqual(NOW);
    expect(row.updatedAt).toEqual(NOW);
    expect(row.patent.inventoryStatus).toBe('SUBMITTED');
    const again = await submit(response.id, 'contact', { contactConsent: 'false' });
    expect(again.outcome).toBe('CLOSED');
    const answer = await db.prisma.selfAssessmentAnswer.findUniqueOrThrow({
      where: { assessmentId_questionId: { assessmentId: response.id, questionId: 'contactConsent' } },
    });
    expect(answer.value).toBe(true);
  });
});
