// The columns of the annotated inventory, in the national platform's order: identifiers, inventory
// status, every self-assessment question, screening, implementation / transfer / licence records
// with contract filing, and the enterprise evaluation summary. Each column has a Chinese and an
// English header (two header rows); values are written in one language (zh-CN for the platform).
// Enterprises that did not consent to be contacted are not named to the reader (enterprise-name.ts).
import { enterpriseNameFor } from '../assessments/enterprise-name.ts';
import { type Locale, t } from '../i18n.ts';
import type { Operator } from '../people/authorize.ts';
import type { AnswerValue } from '../questionnaire/answers.ts';
import { allQuestions } from '../questionnaire/definition.ts';
import { latestDefinition } from '../questionnaire/definitions/index.ts';
import { formatAnswer } from '../questionnaire/format-answer.ts';
import { formatCalendarDate, localDate } from '../time-format.ts';
import type { ExportPatent } from './load-patents.ts';

export type CellValue = string | number | Date | null;

export interface Column {
  header: (locale: Locale) => string;
  width: number;
  /** `timeZone`: the reader's, for the local date of instants (submitted, decided). */
  value: (p: ExportPatent, locale: Locale, timeZone: string) => CellValue;
}

const own = (key: string, width: number, value: Column['value']): Column => ({
  header: (locale) => t(locale, `export:column.${key}`),
  width,
  value,
});

const joined = (values: (string | null | undefined)[]) => {
  const present = values.filter((v): v is string => Boolean(v));
  return present.length > 0 ? present.join('; ') : null;
};

/** A calendar date column (filing, grant): the same day everywhere. */
const dayText = (d: Date | null | undefined) => (d ? formatCalendarDate(d) : null);
/** An instant (submitted, decided): the reader's local day. */
const localDayText = (d: Date | null | undefined, timeZone: string) => (d ? localDate(d, timeZone) : null);

function decision(p: ExportPatent, level: 'COLLEGE' | 'UNIVERSITY') {
  // The latest decision at the level: a returned and resubmitted assessment has several.
  return p.decisions.filter((d) => d.level === level).at(-1) ?? null;
}

function identifierColumns(): Column[] {
  return [
    own('applicationNumber', 18, (p) => p.applicationNumber),
    own('publicationNumber', 16, (p) => p.publicationNumber),
    own('title', 40, (p) => p.title),
    own('type', 10, (p, l) => t(l, `export:patent_type.${p.type}`)),
    own('applicationDate', 12, (p) => dayText(p.applicationDate)),
    own('grantDate', 12, (p) => dayText(p.grantDate)),
    own('legalStatus', 10, (p, l) => t(l, `export:legal_status.${p.legalStatus}`)),
    own('mainIpc', 16, (p) => p.ipcCodes[0] ?? null),
    own('ipc', 30, (p) => joined(p.ipcCodes)),
    own('locarno', 10, (p) => p.locarnoClass),
    own('patentees', 24, (p) => joined(p.patentees)),
    own('inventors', 24, (p) => joined(p.inventors)),
    own('college', 20, (p) => p.collegeName),
    own('responsibleInventor', 12, (p) => p.responsibleName),
    // A lapsed, invalidated or pending patent nobody started on is out of the inventory's scope,
    // not waiting for it: the column says so (inventory:out_of_scope.*).
    own('inventoryStatus', 14, (p, l) =>
      p.legalStatus !== 'VALID' && p.inventoryStatus === 'NOT_STARTED'
        ? t(l, `inventory:out_of_scope.${p.legalStatus}`)
        : t(l, `export:inventory_status.${p.inventoryStatus}`),
    ),
    own('submittedAt', 12, (p, _, zone) => localDayText(p.submittedAt, zone)),
  ];
}

function assessmentColumns(): Column[] {
  return allQuestions(latestDefinition('self-assessment')).map((q) => ({
    header: (locale: Locale) => t(locale, q.label),
    width: q.type === 'text' ? 40 : 20,
    value: (p: ExportPatent, locale: Locale) => {
      const value = p.answers[q.id];
      return value === undefined ? null : formatAnswer(q, value as AnswerValue, locale);
    },
  }));
}

function screeningColumns(): Column[] {
  return (['COLLEGE', 'UNIVERSITY'] as const).flatMap((level) => {
    const k = level.toLowerCase();
    return [
      own(`${k}Outcome`, 12, (p, l) => {
        const d = decision(p, level);
        return d ? t(l, `screening:outcome.${d.outcome}`) : null;
      }),
      own(`${k}Comment`, 30, (p) => decision(p, level)?.comment ?? null),
      own(`${k}DecidedAt`, 12, (p, _, zone) => localDayText(decision(p, level)?.decidedAt, zone)),
    ];
  });
}

function transformationColumns(): Column[] {
  const each =
    (f: (r: ExportPatent['transformations'][number], l: Locale) => string | null) =>
    (p: ExportPatent, l: Locale) =>
      p.transformations.length === 0 ? null : p.transformations.map((r) => f(r, l) ?? '—').join('; ');
  return [
    own(
      'transformationKind',
      16,
      each((r, l) => t(l, `export:transformation.${r.kind}`)),
    ),
    own(
      'licenceType',
      12,
      each((r, l) => (r.licenceType ? t(l, `export:licence_type.${r.licenceType}`) : null)),
    ),
    own(
      'counterparty',
      24,
      each((r) => r.counterparty),
    ),
    own(
      'contractDate',
      12,
      each((r) => dayText(r.contractDate)),
    ),
    own(
      'filingNumber',
      20,
      each((r) => r.filingNumber),
    ),
    own(
      'filedAt',
      12,
      each((r) => dayText(r.filedAt)),
    ),
    own(
      'amountWanYuan',
      12,
      each((r) => r.amountWanYuan),
    ),
  ];
}

/** `reader`: who the file is made for (its names follow what they may see). */
function evaluationColumns(reader: Operator): Column[] {
  return [
    own('evaluationCount', 10, (p) => p.evaluations.length),
    own('evaluatingEnterprises', 30, (p, l) =>
      joined(p.evaluations.map((e) => enterpriseNameFor(reader, e, l))),
    ),
    own('averageProspects', 10, (p) => {
      const scores = p.evaluations.map((e) => e.prospects).filter((s): s is number => typeof s === 'number');
      return scores.length === 0
        ? null
        : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10;
    }),
    own('cooperationInterest', 10, (p) => p.evaluations.filter((e) => e.cooperates).length),
    own('expertValueGrade', 10, (p) => p.expertGrade),
  ];
}

/** The columns of the inventory as `reader` (the exporting actor, null for the command line) may see it. */
export function inventoryColumns(reader: Operator): Column[] {
  return [
    ...identifierColumns(),
    ...assessmentColumns(),
    ...screeningColumns(),
    ...transformationColumns(),
    ...evaluationColumns(reader),
  ];
}
