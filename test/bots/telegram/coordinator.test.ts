// Coordinators on Telegram end to end, on both databases: screening a submission up to the resource
// pool with buttons, nothing of it in a group, and importing an uploaded file with a progress message
// edited in place and the error file sent back as a document. The flows are core's; this proves they
// render through the Telegram adapter unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../core/i18n.ts';
import { screenDecideAction, screenQueueAction, screenViewAction } from '../../../core/screening/actions.ts';
import {
  appNo,
  CNIPA_HEADERS,
  cnipaRow,
  createWorld,
  csv,
  submittedPatent,
  type World,
} from '../../core/inventory/fixtures.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { callbackUpdate, documentUpdate, Harness, textUpdate } from './harness.ts';

const COLLEGE = 515_000_001;
const UNIVERSITY = 515_000_002;
const GROUP = -1_005_150_000;
const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);

describe.each(DATABASE_KINDS)('coordinators on Telegram on %s', (kind) => {
  let h: Harness;
  let world: World;
  let dataDirHandle: TemporaryDataDir | undefined;
  let serial = 700_000;

  /** Presses the button carrying exactly this action in the chat (it must have been shown). */
  const press = async (userId: number, action: string) => {
    const { message } = h.messageWithButton(userId, action);
    expect(await h.post(callbackUpdate(userId, action, message.messageId))).toBe(200);
  };
  const status = async (id: string) =>
    (await h.db.prisma.patent.findUniqueOrThrow({ where: { id } })).inventoryStatus;

  beforeAll(async () => {
    dataDirHandle = await temporaryDataDir('revive-telegram-files-');
    h = await Harness.start(kind);
    world = await createWorld(h.db.prisma);
    await h.bind(COLLEGE, world.persons.college!, 'COLLEGE_COORDINATOR', { institutionId: world.collegeId });
    await h.bind(UNIVERSITY, world.persons.coordinator!, 'UNIVERSITY_COORDINATOR', {
      institutionId: world.institutionId,
    });
  });
  afterAll(async () => {
    await dataDirHandle?.restore();
    await h?.close();
  });

  it('screens a submission up to the resource pool with buttons, protected from forwarding', async () => {
    const patentId = await submittedPatent(h.db.prisma, world, ++serial);
    await h.post(textUpdate(COLLEGE, '/menu'));
    await press(COLLEGE, screenQueueAction.to({ level: 'COLLEGE', page: 0 }));
    await press(COLLEGE, screenViewAction.to({ patentId }));
    const detail = h.messageWithButton(
      COLLEGE,
      screenDecideAction.to({ outcome: 'APPROVED', patentId }),
    ).message;
    expect(detail.text).toContain(`一种储能装置${serial}`);
    expect(detail.protected).toBe(true);
    await press(COLLEGE, screenDecideAction.to({ outcome: 'APPROVED', patentId }));
    expect(await status(patentId)).toBe('COLLEGE_APPROVED');

    await h.post(textUpdate(UNIVERSITY, '/menu'));
    await press(UNIVERSITY, screenQueueAction.to({ level: 'UNIVERSITY', page: 0 }));
    await press(UNIVERSITY, screenViewAction.to({ patentId }));
    await press(UNIVERSITY, screenDecideAction.to({ outcome: 'APPROVED', patentId }));
    expect(await status(patentId)).toBe('IN_POOL');
  });

  it('refuses a forged patent id and shows nothing of a submission in a group', async () => {
    const patentId = await submittedPatent(h.db.prisma, world, ++serial);
    const at = h.api.calls.length;
    // a forged button: an id that is no patent of this coordinator's (it is another institution's id)
    const menu = h.shown(COLLEGE).at(-1)!;
    await h.post(
      callbackUpdate(COLLEGE, screenViewAction.to({ patentId: world.otherInstitutionId }), menu.messageId),
    );
    await h.post(callbackUpdate(COLLEGE, screenViewAction.to({ patentId }), 1, { groupId: GROUP }));
    expect(h.outputSince(COLLEGE, at).map((c) => c.body.text)).toEqual([
      `⛔ ${zh('screening:refusal.not_allowed')}`,
    ]);
    const group = h.outputSince(GROUP, at);
    expect(group.map((c) => c.body.text)).toEqual([zh('chat:group.private_only')]);
    expect(
      h.api.calls
        .slice(at)
        .map((c) => c.body.text ?? '')
        .join('\n'),
    ).not.toContain(`一种储能装置${serial}`);
    expect(await status(patentId)).toBe('SUBMITTED');
  });

  it('imports an uploaded file: one progress message edited in place, the error file sent back', async () => {
    const file = csv([CNIPA_HEADERS, cnipaRow(901), cnipaRow(902, { 申请号: '123' }), cnipaRow(903)]);
    h.api.addFile('import-1', file, 'documents/file_7.csv');
    const at = h.api.calls.length;
    expect(await h.post(documentUpdate(UNIVERSITY, 'import-1', '清单.csv'))).toBe(200);

    const out = h.outputSince(UNIVERSITY, at);
    const first = out[0]!;
    expect(first.method).toBe('sendMessage');
    const progressId = first.result.message_id as number;
    // the final "done" replaces the progress message instead of adding one
    const edits = out.filter((c) => c.method === 'editMessageText');
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.every((c) => c.body.message_id === progressId)).toBe(true);
    expect(edits.at(-1)?.body.text ?? first.body.text).toContain(zh('coordinator:import.done', { rows: 3 }));
    const report = out.find((c) => c.method === 'sendMessage' && c.result.message_id !== progressId)!;
    expect(report.body.text).toContain(
      zh('inventory:report.counts', { total: 3, created: 2, updated: 0, unchanged: 0, failed: 1 }),
    );
    const [document] = h.api.callsOf('sendDocument').slice(-1);
    expect(Number(document!.body.chat_id)).toBe(UNIVERSITY);
    expect(document!.body.document.content).toContain('123');
    expect(await h.db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 100901) } })).toBe(1);
  });
});
