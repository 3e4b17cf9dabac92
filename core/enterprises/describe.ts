// An enterprise as people read it: in the bureau's notification, the verification view, the
// profile, the command line's list. The credit code is shown with the result of its check.
import type { EnterpriseStatus, EnterpriseType } from '../../prisma/generated/client.ts';
import { type Locale, t } from '../i18n.ts';
import { parseCreditCode } from '../identifiers/credit-code.ts';
import { placeName, provinceOf } from '../regions/regions.ts';

export interface DescribedEnterprise {
  name: string;
  creditCode: string;
  region: string;
  types: EnterpriseType[];
  industries: string[];
  ipcInterests: string[];
  keywords: string[];
  needs: string | null;
  status: EnterpriseStatus;
}

const NEEDS_SHOWN = 300;

const k = (key: string) => `enterprises:${key}`;

function shortened(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? text.trim() : `${chars.slice(0, max - 1).join('')}…`;
}

/** "浙江省杭州市 (330100)". */
export function regionText(region: string, locale: Locale): string {
  const province = provinceOf(region);
  return province ? `${placeName(province.code, region, locale)} (${region})` : region;
}

/** "91330100MA27XXXXXX ✅ check character correct" — or the reason it is wrong. */
export function creditCodeText(code: string, locale: Locale): string {
  const checked = parseCreditCode(code);
  return checked.ok
    ? t(locale, k('describe.credit_code_ok'), { code })
    : t(locale, k('describe.credit_code_bad'), {
        code,
        reason: t(locale, k(`error.credit_code.${checked.error}`), { code }),
      });
}

const joined = (locale: Locale, items: string[]) =>
  items.length === 0 ? t(locale, k('describe.none')) : items.join(locale === 'zh-CN' ? '、' : ', ');

export const typeName = (type: EnterpriseType, locale: Locale) => t(locale, k(`type.${type}`));
export const industryLabel = (code: string, locale: Locale) => t(locale, k(`industry.${code}`));

/** The enterprise's lines, one fact a line. */
export function describeEnterprise(
  e: DescribedEnterprise,
  locale: Locale,
  options: { status?: boolean } = {},
) {
  return [
    `🏢 ${e.name}`,
    creditCodeText(e.creditCode, locale),
    t(locale, k('describe.region'), { region: regionText(e.region, locale) }),
    t(locale, k('describe.types'), {
      types: joined(
        locale,
        e.types.map((x) => typeName(x, locale)),
      ),
    }),
    t(locale, k('describe.industries'), {
      industries: joined(
        locale,
        e.industries.map((x) => industryLabel(x, locale)),
      ),
    }),
    t(locale, k('describe.ipc'), { ipc: joined(locale, e.ipcInterests) }),
    t(locale, k('describe.keywords'), { keywords: joined(locale, e.keywords) }),
    ...(e.needs ? [t(locale, k('describe.needs'), { needs: shortened(e.needs, NEEDS_SHOWN) })] : []),
    ...(options.status
      ? [t(locale, k('describe.status'), { status: t(locale, k(`status.${e.status}`)) })]
      : []),
  ];
}
