// Reads an institution's patents page by page with everything the annotated inventory shows, so
// that exporting 100 000 patents keeps only one page in memory.
import type { Db } from '../db/database.ts';
import { expertGradeOf } from '../expert-evaluation/grades.ts';

export interface ExportPatent {
  id: string;
  applicationNumber: string;
  publicationNumber: string | null;
  title: string;
  type: string;
  applicationDate: Date;
  grantDate: Date | null;
  legalStatus: string;
  ipcCodes: string[];
  locarnoClass: string | null;
  patentees: string[];
  inventors: string[];
  collegeName: string | null;
  responsibleName: string | null;
  inventoryStatus: string;
  submittedAt: Date | null;
  answers: Record<string, unknown>;
  decisions: { level: string; outcome: string; comment: string | null; decidedAt: Date }[];
  transformations: {
    kind: string;
    licenceType: string | null;
    counterparty: string | null;
    contractDate: Date | null;
    filingNumber: string | null;
    filedAt: Date | null;
    amountWanYuan: string | null;
  }[];
  /** The experts' value grade (A–E, core/expert-evaluation/grades.ts), null when none submitted. */
  expertGrade: string | null;
  /** Submitted evaluations; who may read the enterprise's name is decided by core/assessments/enterprise-name.ts. */
  evaluations: {
    enterpriseId: string;
    enterpriseName: string;
    answers: { questionId: string; value: unknown }[];
    prospects: number | null;
    cooperates: boolean;
  }[];
}

export async function* exportPatents(
  db: Db,
  institutionId: string,
  pageSize = 500,
): AsyncGenerator<ExportPatent[]> {
  let cursor: string | null = null;
  for (;;) {
    const after: string | null = cursor;
    const page = await db.patent.findMany({
      where: { institutionId },
      orderBy: { applicationNumber: 'asc' },
      take: pageSize,
      ...(after ? { skip: 1, cursor: { applicationNumber: after } } : {}),
      include: {
        inventors: { orderBy: { position: 'asc' }, select: { name: true } },
        college: { select: { nameZh: true } },
        responsibleInventor: { select: { name: true } },
        selfAssessments: {
          include: { answers: true, screeningDecisions: { orderBy: { decidedAt: 'asc' } } },
        },
        evaluations: {
          where: { status: 'SUBMITTED' },
          include: { answers: true, enterprise: { select: { name: true } } },
        },
      },
    });
    if (page.length === 0) return;
    cursor = page[page.length - 1]!.applicationNumber as string;
    const records = await db.transformationRecord.findMany({
      where: { patentId: { in: page.map((p) => p.id) } },
      orderBy: [{ contractDate: 'asc' }, { createdAt: 'asc' }],
    });
    const ids = page.map((p) => p.id);
    const grades = await expertGradeOf(db, ids);
    yield page.map((p) => {
      const assessment = p.selfAssessments[0];
      return {
        id: p.id,
        applicationNumber: p.applicationNumber,
        publicationNumber: p.publicationNumber,
        title: p.title,
        type: p.type,
        applicationDate: p.applicationDate,
        grantDate: p.grantDate,
        legalStatus: p.legalStatus,
        ipcCodes: p.ipcCodes,
        locarnoClass: p.locarnoClass,
        patentees: p.patentees,
        inventors: p.inventors.map((i) => i.name),
        collegeName: p.college?.nameZh ?? null,
        responsibleName: p.responsibleInventor?.name ?? null,
        inventoryStatus: p.inventoryStatus,
        submittedAt: assessment?.submittedAt ?? null,
        answers: Object.fromEntries((assessment?.answers ?? []).map((a) => [a.questionId, a.value])),
        decisions: assessment?.screeningDecisions ?? [],
        transformations: records
          .filter((r) => r.patentId === p.id)
          .map((r) => ({
            kind: r.kind,
            licenceType: r.licenceType,
            counterparty: r.counterparty,
            contractDate: r.contractDate,
            filingNumber: r.filingNumber,
            filedAt: r.filedAt,
            amountWanYuan: r.amountWanYuan?.toString() ?? null,
          })),
        expertGrade: grades.get(p.id) ?? null,
        evaluations: p.evaluations.map((e) => {
          const answer = (id: string) => e.answers.find((a) => a.questionId === id)?.value;
          const cooperation = answer('cooperation');
          const prospects = answer('industrializationProspects');
          return {
            enterpriseId: e.enterpriseId,
            enterpriseName: e.enterprise.name,
            answers: e.answers.map((a) => ({ questionId: a.questionId, value: a.value })),
            prospects: typeof prospects === 'number' ? prospects : null,
            cooperates: Array.isArray(cooperation) && cooperation.length > 0 && !cooperation.includes('none'),
          };
        }),
      };
    });
    if (page.length < pageSize) return;
  }
}
