// One-tap reasons for declining a pushed patent: the same options as the enterprise evaluation's
// decline question, so universities read one vocabulary of why patents are passed over.
export const DECLINE_REASONS = [
  'tooEarly',
  'benefitUnclear',
  'routeUnclear',
  'descriptionVague',
  'outsideField',
  'other',
] as const;

export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const declineReasonLabel = (reason: DeclineReason) =>
  `evaluation:q.declineReasons.option.${reason}.label`;
