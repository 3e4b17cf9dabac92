// The written notice an implementer sends the patentee to take an open licence (Patent Law art. 51:
// "任何单位或者个人有意愿实施开放许可的专利的，以书面方式通知专利权人，并依照公告的许可使用费
// 支付方式、标准支付许可使用费后，即获得专利实施许可"), filled in from the claim, as a text file the
// enterprise signs and sends.
import { writeFile } from 'node:fs/promises';
import { chatFilePath } from '../chat/files.ts';
import { type Locale, t } from '../i18n.ts';
import { localDate } from '../time-format.ts';
import type { ClaimResult } from './claim.ts';
import { describeTerms } from './terms-text.ts';

export function noticeText(locale: Locale, claim: ClaimResult, timeZone: string): string {
  return t(locale, 'open-licence:notice_file.body', {
    patentees: claim.patent.patentees.join('、') || '—',
    title: claim.patent.title,
    number: claim.patent.applicationNumber,
    terms: describeTerms(locale, claim.terms, 'plain'),
    enterprise: claim.enterprise.name,
    creditCode: claim.enterprise.creditCode,
    claimant: claim.claimant,
    contact: claim.claimantContact ?? '—',
    date: localDate(claim.claimedAt, timeZone),
  });
}

/** Writes the notice to a private file for the reply; returns the attachment. */
export async function noticeAttachment(locale: Locale, claim: ClaimResult, timeZone: string) {
  const fileName = `${t(locale, 'open-licence:notice_file.name')}-${claim.patent.applicationNumber}.txt`;
  const path = await chatFilePath(fileName);
  // A BOM so that Windows' Notepad opens the Chinese text as UTF-8.
  await writeFile(path, `\uFEFF${noticeText(locale, claim, timeZone).replace(/\n/g, '\r\n')}`, {
    mode: 0o600,
  });
  return { fileName, path, mimeType: 'text/plain' };
}
