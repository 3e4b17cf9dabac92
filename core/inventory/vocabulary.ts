// Patent type and legal status as exports write them (CNIPA wording, the platform template, English).
import type { LegalStatus, PatentType } from '../../prisma/generated/client.ts';

const TYPES: Record<string, PatentType> = {
  发明: 'INVENTION',
  发明专利: 'INVENTION',
  发明授权: 'INVENTION',
  invention: 'INVENTION',
  实用新型: 'UTILITY_MODEL',
  实用新型专利: 'UTILITY_MODEL',
  utilitymodel: 'UTILITY_MODEL',
  utility_model: 'UTILITY_MODEL',
  外观设计: 'DESIGN',
  外观设计专利: 'DESIGN',
  外观: 'DESIGN',
  design: 'DESIGN',
};

// Several wordings per status: CNIPA's search export uses 有效/失效/审中, other tools print the
// event that caused the status (未缴年费专利权终止 …).
const STATUSES: [RegExp, LegalStatus][] = [
  [/^(有效|有效专利|授权|专利权维持|维持|valid|granted|inforce)$/, 'VALID'],
  [/^(无效|全部无效|宣告无效|invalidated|invalid)$/, 'INVALIDATED'],
  [/^(审中|在审|实质审查|实审|公开|待审|pending|underexamination)$/, 'PENDING'],
  [/(失效|终止|届满|放弃|未缴年费|撤回|驳回|lapsed|expired|abandoned|withdrawn|rejected)/, 'LAPSED'],
];

const squeeze = (raw: string) => raw.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function parsePatentType(raw: string): PatentType | null {
  return TYPES[squeeze(raw)] ?? null;
}

export function parseLegalStatus(raw: string): LegalStatus | null {
  const s = squeeze(raw);
  return STATUSES.find(([pattern]) => pattern.test(s))?.[1] ?? null;
}

/** Names on a patent: separated by ";", "；", "，", "、" or line breaks (never spaces: "John Smith"). */
export function splitNames(raw: string): string[] {
  const names = raw
    .normalize('NFKC')
    .split(/[;,、\n]+/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return [...new Set(names)];
}
