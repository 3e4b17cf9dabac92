import { asText, fail, normalizeTyped, ok, type ParseResult, type RawAnswer } from './types.ts';

const YES = new Set(['yes', 'y', 'true', '是', '是的', '对', '有', '好', '同意', '愿意', 'ok']);
const NO = new Set(['no', 'n', 'false', '否', '不', '不是', '没有', '无', '不同意', '不愿意']);

export function parseYesNo(raw: RawAnswer): ParseResult<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  const text = normalizeTyped(asText(raw) ?? '').toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail('yes_no');
}
