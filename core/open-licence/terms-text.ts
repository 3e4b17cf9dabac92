// The declared terms in people's words: "🔓 开放许可：按专利产品年销售额的 3% 提成，期限 5 年" in the chat;
// without the marker ("按…支付许可使用费，许可期限 5 年") in documents — the written notice and the bureau's
// export, which are signed or filed and carry no chat emoji.
import { type Locale, t } from '../i18n.ts';
import type { OpenLicenceTerms } from './declaration.ts';

export function describeTerms(
  locale: Locale,
  terms: OpenLicenceTerms,
  style: 'chat' | 'plain' = 'chat',
): string {
  const fee =
    terms.feeMode === 'FREE'
      ? t(locale, 'open-licence:terms.free')
      : terms.feeMode === 'ONE_OFF'
        ? t(locale, 'open-licence:terms.one_off', { amount: terms.amountWanYuan ?? 0 })
        : t(locale, 'open-licence:terms.royalty', {
            percent: terms.royaltyPercent ?? 0,
            base: terms.royaltyBase ?? '',
          });
  const term =
    terms.termYears === null
      ? t(locale, 'open-licence:terms.no_term')
      : t(locale, 'open-licence:terms.term', { years: terms.termYears });
  return t(locale, style === 'plain' ? 'open-licence:terms.plain' : 'open-licence:terms.line', { fee, term });
}
