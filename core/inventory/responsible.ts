// Who answers a patent's self-assessment, by the national platform's rule: the first inventor; if a
// student, the highest-ranked teacher among the inventors; if retired or gone, the highest-ranked
// serving one. A coordinator can reassign (reassign.ts); re-imports keep an assignment once the
// self-assessment has started.
import type { EmploymentStatus } from '../../prisma/generated/client.ts';

export interface InventorLink {
  position: number;
  personId: string | null;
  employment: EmploymentStatus | null;
}

/**
 * The responsible inventor's person id, or null when the rule cannot be applied: the first inventor
 * is not linked to a person (we cannot know whether they are a student), or nobody linked serves.
 */
export function responsibleInventor(inventors: readonly InventorLink[]): string | null {
  const ordered = [...inventors].sort((a, b) => a.position - b.position);
  const first = ordered[0];
  if (!first?.personId) return null;
  if (first.employment === 'SERVING') return first.personId;
  return ordered.find((i) => i.personId && i.employment === 'SERVING')?.personId ?? null;
}
