// What each kind of evidence is worth, in points; docs/matching.md explains the choices. Text points are
// BM25F units (a rare keyword found in a title is worth roughly 20–40), so IPC and text evidence are on
// comparable scales; bonuses are small so that they only reorder matches that stand on their own.
import type { IpcAgreement, IpcDepth } from './ipc-depth.ts';

export const WEIGHTS = {
  ipc: { subgroup: 40, group: 30, subclass: 20, class: 6 } satisfies Record<IpcDepth, number>,
  /** Within a main group, per leading subgroup digit shared (at most two): stays under a subgroup match. */
  ipcSubgroupDigit: 4,
  /** The main classification says what the invention is; the others what it touches. */
  mainClassificationFactor: 1.5,
  bm25: {
    k1: 1.2,
    /** Field weights: a title names the invention; claims/keywords are dense; abstracts ramble. */
    field: { title: 2.5, abstract: 1, keywords: 1.5 },
    b: { title: 0.3, abstract: 0.75, keywords: 0.5 },
  },
  /** A profile phrase found whole in a field, beyond its bigrams scattered: × (1 + this). */
  phraseBonus: 0.5,
  /** A phrase met in part: its points × (floor + (1 − floor) × share of its terms met). */
  partialFloor: 0.4,
  /** Query weight of terms from the enterprise's keywords and from its needs prose. */
  query: { keyword: 1, needs: 1 },
  /**
   * Share of IPC points for agreeing at main group or deeper with the main classification of one of the
   * patents that best fit the profile's words (pseudo-relevance feedback, related.ts).
   */
  related: { share: 0.5, patents: 5, ofBest: 0.5 },
  region: 4,
  value: { good: 3, fairlyGood: 1.5, average: 0, poor: 0 },
  /** Feedback on patents in the same main group as this one, by the enterprise's answer. */
  feedback: {
    interested: 6,
    declined: {
      outsideField: -10,
      tooEarly: -2,
      benefitUnclear: -2,
      routeUnclear: -2,
      descriptionVague: -1,
      other: -3,
    },
  },
  /** Points for a semantic similarity of 1 when a semantic scorer is plugged in (semantic.ts). */
  semantic: 20,
} as const;

/** Points of an IPC agreement, before the main-classification factor. */
export const agreementPoints = (a: IpcAgreement): number =>
  WEIGHTS.ipc[a.depth] + (a.depth === 'group' ? WEIGHTS.ipcSubgroupDigit * Math.min(2, a.digits) : 0);

export type ValueGrade = keyof typeof WEIGHTS.value;
export const VALUE_GRADES = Object.keys(WEIGHTS.value) as ValueGrade[];
