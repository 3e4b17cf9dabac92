// The kinds of deal a coordinator records, as stored (TransformationRecord.kind and licenceType).
import type { TransformationKind } from '../../prisma/generated/client.ts';

/** The deals a coordinator records, each with its stored kind and licence type. */
export const DEAL_TYPES = {
  transfer: { kind: 'TRANSFER', licenceType: null },
  exclusive: { kind: 'LICENCE', licenceType: 'exclusive' },
  sole: { kind: 'LICENCE', licenceType: 'sole' },
  ordinary: { kind: 'LICENCE', licenceType: 'ordinary' },
  open: { kind: 'LICENCE', licenceType: 'open' },
  equity: { kind: 'EQUITY', licenceType: null },
  other: { kind: 'OTHER', licenceType: null },
} as const satisfies Record<string, { kind: TransformationKind; licenceType: string | null }>;
export type DealType = keyof typeof DEAL_TYPES;
export const DEAL_TYPE_NAMES = Object.keys(DEAL_TYPES) as DealType[];

/** The deal type of a stored record (for messages). */
export function dealTypeOf(kind: TransformationKind, licenceType: string | null): DealType {
  if (kind === 'LICENCE' && licenceType && licenceType in DEAL_TYPES) return licenceType as DealType;
  if (kind === 'TRANSFER') return 'transfer';
  if (kind === 'EQUITY') return 'equity';
  return 'other';
}
