// Buttons already sitting in people's chats must keep working: every feature's codec still writes
// and reads the wire ids it always did, and two features cannot claim the same code.
import { describe, expect, it } from 'vitest';
import { defineButton } from '../../../core/chat/buttons.ts';
import { composeFeatures, on } from '../../../core/chat/routes.ts';
import { ACTIONS, type ChatAction, decodeAction, encodeAction } from '../../support/actions.ts';

const ID = '123e4567-e89b-42d3-a456-426614174000';

/** The wire ids as they were before the codecs moved into the features (issue 11). */
const WIRE: [ChatAction, string][] = [
  [{ type: 'menu' }, 'm'],
  [{ type: 'help' }, 'h'],
  [{ type: 'lang', locale: 'zh-CN' }, 'l:zh-CN'],
  [{ type: 'form' }, 'f'],
  [{ type: 'q', input: { type: 'answer', questionId: 'trl', value: '7' } }, 'q:a:trl:7'],
  [
    { type: 'q', input: { type: 'toggle', questionId: 'scenarios', optionId: 'energy' } },
    'q:t:scenarios:energy',
  ],
  [{ type: 'q', input: { type: 'confirm', questionId: 'scenarios' } }, 'q:ok:scenarios'],
  [{ type: 'q', input: { type: 'edit', questionId: 'trl' } }, 'q:e:trl'],
  [{ type: 'q', input: { type: 'submit' } }, 'q:submit'],
  [{ type: 'patents', page: 3 }, 'pl:3'],
  [{ type: 'patent', patentId: ID }, `p:${ID}`],
  [{ type: 'importHelp' }, 'ih'],
  [{ type: 'linkInventor', patentId: ID, position: 2, choice: 1 }, `li:2:1:${ID}`],
  [{ type: 'assess', patentId: ID }, `sa:${ID}`],
  [{ type: 'evaluate', patentId: ID }, `ev:${ID}`],
  [{ type: 'bulk' }, 'b'],
  [{ type: 'bulkGroup', key: 'H01M' }, 'bg:H01M'],
  [{ type: 'bulkPick', patentId: ID }, `bp:${ID}`],
  [{ type: 'bulkStart' }, 'bs'],
  [{ type: 'feedback', patentId: ID }, `fb:${ID}`],
  [{ type: 'coord' }, 'co'],
  [{ type: 'progress' }, 'pg'],
  [{ type: 'screenQueue', level: 'COLLEGE', page: 0 }, 'sq:C:0'],
  [{ type: 'screenView', patentId: ID }, `sv:${ID}`],
  [{ type: 'screenDecide', outcome: 'RETURNED', patentId: ID }, `sd:R:${ID}`],
  [{ type: 'screenOutConfirm', patentId: ID }, `sx:${ID}`],
  [{ type: 'exportInventory' }, 'ex'],
  [{ type: 'rsvp', roadshowId: ID, answer: 'MAYBE' }, `rv:M:${ID}`],
  [{ type: 'calendar', roadshowId: ID }, `rc:${ID}`],
  [{ type: 'interest', patentId: ID }, `ri:${ID}`],
  [{ type: 'roadshowWizard', step: 'patentsDone' }, 'rw:d'],
  [{ type: 'roadshowPick', patentId: ID }, `rp:${ID}`],
  [{ type: 'roadshowConfirm', roadshowId: ID }, `rk:${ID}`],
  [{ type: 'decline', patentId: ID }, `dc:${ID}`],
  [{ type: 'decline', patentId: ID, reason: 'benefitUnclear' }, `dc:1:${ID}`],
  // Enterprises (issue 12).
  [{ type: 'enterpriseVerify', enterpriseId: ID }, `env:${ID}`],
  [{ type: 'enterpriseReject', enterpriseId: ID }, `enr:${ID}`],
  [{ type: 'enterpriseRejectConfirm', enterpriseId: ID }, `enx:${ID}`],
  [{ type: 'enterpriseWizard', step: 'profile' }, 'enw:p'],
  [{ type: 'enterpriseList' }, 'enl'],
  // A person's own data (PIPL, issue 12).
  [{ type: 'myData' }, 'pm'],
  [{ type: 'forgetMeConfirm' }, 'pd'],
  // People leaving, managed in the chat (issue 12).
  [{ type: 'personCard', personId: ID }, `pc:${ID}`],
  [{ type: 'personChange', change: 'removeRole', id: ID }, `pa:r:${ID}`],
  [{ type: 'personChange', change: 'unbindTelegram', id: ID }, `pa:t:${ID}`],
  [{ type: 'personChangeConfirm', change: 'deactivate', id: ID }, `pk:d:${ID}`],
  [{ type: 'personChangeConfirm', change: 'reactivate', id: ID }, `pk:a:${ID}`],
  // Dead letters, for administrators (issue 14).
  [{ type: 'deadLetters' }, 'dl'],
  [{ type: 'deadLetterRetry', deliveryId: ID }, `dr:${ID}`],
  [{ type: 'deadLettersRetryAll' }, 'dra'],
  [{ type: 'deadLetterResolve', deliveryId: ID }, `dz:${ID}`],
  [{ type: 'openLicenceOffer', patentId: ID }, `olv:${ID}`],
  [{ type: 'openLicenceClaim', patentId: ID }, `olc:${ID}`],
  [{ type: 'openLicenceRelease', patentId: ID }, `olr:${ID}`],
  [{ type: 'openLicenceReport', patentId: ID }, `olp:${ID}`],
  [{ type: 'openLicenceFee', claimId: ID }, `olf:${ID}`],
  [{ type: 'openLicenceList' }, 'oll'],
  [{ type: 'openLicenceExport' }, 'ole'],
  // Deals and their contract file (issue 17); `rdk` carries a parameter named `type`, which this
  // table's shape cannot hold: test/core/deals covers it.
  [{ type: 'chooseDeal', patentId: ID }, `rdc:${ID}`],
  [{ type: 'attachContract', dealId: ID }, `rda:${ID}`],
  [{ type: 'replaceContract', dealId: ID }, `rdx:${ID}`],
];

describe('button wire ids', () => {
  it('covers every declared button', () => {
    expect(new Set(WIRE.map(([action]) => action.type))).toEqual(new Set(Object.keys(ACTIONS)));
  });

  it.each(WIRE)('%o is still %s, both ways', (action, wire) => {
    expect(encodeAction(action)).toBe(wire);
    expect(decodeAction(wire)).toEqual(action);
  });

  it('reads a forged, truncated or oversized id as nothing', () => {
    for (const forged of [
      'p:not-a-uuid',
      `sd:Z:${ID}`,
      `rv:Y${ID}`,
      'q:a:1bad:x',
      'pl:-1',
      'mm',
      `p:${ID}${'x'.repeat(40)}`,
    ]) {
      expect(decodeAction(forged)).toBeNull();
    }
  });

  it('refuses a code two features both claim', () => {
    const one = defineButton('zz');
    const other = defineButton('zz', { encode: (p: { n: number }) => String(p.n), decode: () => null });
    expect(() =>
      composeFeatures({ buttons: [on(one, () => [])] }, { buttons: [on(other, () => [])] }),
    ).toThrow(/declared twice: zz/);
  });

  it('refuses an id over 64 bytes when a button is built', () => {
    const long = defineButton('zl', { encode: (p: { s: string }) => p.s, decode: (s) => ({ s }) });
    expect(() => long.to({ s: 'x'.repeat(70) })).toThrow(/over 64 bytes/);
  });
});
