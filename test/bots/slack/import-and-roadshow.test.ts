// `/revive import` and `/revive roadshow` through the real bolt app: the import modal (one CSV/XLSX
// file, the institution preselected), its validation, the file fetched with files.info and imported
// by core in the DM as an upload there would be; a bureau officer's modal (no institution) whose
// enterprise list core recognises and imports; core's refusal for people who import nothing; and the
// roadshow subcommand reaching core, whose questionnaire opens as a modal.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  IMPORT_CALLBACK_ID,
  IMPORT_FILE_BLOCK,
  IMPORT_INSTITUTION_BLOCK,
} from '../../../bots/slack/import-modal.ts';
import type { IncomingMessage, OutgoingMessage } from '../../../core/channel/messages.ts';
import { DEMO_PERSONS } from '../../../core/demo/demo-data.ts';
import { t } from '../../../core/i18n.ts';
import { creditCode as enterpriseCreditCode } from '../../core/enterprises/fixtures.ts';
import { appNo, CNIPA_HEADERS, cnipaRow, csv, utf8 } from '../../core/inventory/fixtures.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { type Json, type SlackHarness, shownText, startSlackHarness, TEAM } from './harness.ts';

const COORDINATOR = 'UCOORD';
const INVENTOR = 'UINV';
const BUREAU = 'UBUREAU';
const email = (key: string) => DEMO_PERSONS.find((p) => p.key === key)!.email;
const dm = (user: string) => `D${user.replace(/^U/, '')}`;

describe.each(DATABASE_KINDS)('Slack /revive import and roadshow on %s', (kind) => {
  let h: SlackHarness;
  let dataDirHandle: TemporaryDataDir | undefined;
  /** What core was asked and what it answered, in order. */
  let seen: { incoming: IncomingMessage; replies: OutgoingMessage[] }[];

  beforeAll(async () => {
    dataDirHandle = await temporaryDataDir('revive-slack-import-');
    h = await startSlackHarness(kind);
    h.api.setUser(COORDINATOR, { teamId: TEAM, email: email('coordinator'), locale: 'zh-CN' });
    h.api.setUser(INVENTOR, { teamId: TEAM, email: email('inventor'), locale: 'zh-CN' });
    h.api.setUser(BUREAU, { teamId: TEAM, email: email('bureau'), locale: 'zh-CN' });
    const handle = h.chat.handle.bind(h.chat);
    h.chat.handle = async (incoming) => {
      const replies = await handle(incoming);
      seen.push({ incoming, replies });
      return replies;
    };
  }, 60_000);

  afterAll(async () => {
    await dataDirHandle?.restore();
    await h?.close();
  });

  beforeEach(() => {
    h.api.reset();
    seen = [];
  });

  const openImportModal = async () => {
    await h.command(COORDINATOR, 'import');
    const [open] = h.api.calls('views.open');
    expect(open, 'views.open').toBeDefined();
    return open!.body.view as Json;
  };

  const submit = (view: Json, values: Json) =>
    h.submitView(
      COORDINATOR,
      { type: 'modal', callback_id: view.callback_id, private_metadata: '', blocks: view.blocks },
      values,
    );

  const chosen = (institutionId: string | null, files: Json[]) => ({
    [IMPORT_INSTITUTION_BLOCK]: {
      institution: {
        type: 'static_select',
        selected_option: institutionId ? { value: institutionId } : null,
      },
    },
    [IMPORT_FILE_BLOCK]: { file: { type: 'file_input', files } },
  });

  it('gives a coordinator a modal with one CSV/XLSX file input and the institution preselected', async () => {
    const view = await openImportModal();
    expect(view.callback_id).toBe(IMPORT_CALLBACK_ID);
    const blocks = Object.fromEntries((view.blocks as Json[]).map((b) => [b.block_id, b.element]));
    expect(blocks[IMPORT_FILE_BLOCK]).toMatchObject({
      type: 'file_input',
      filetypes: ['csv', 'xlsx'],
      max_files: 1,
    });
    expect(blocks[IMPORT_INSTITUTION_BLOCK].initial_option.value).toBe(h.demo.institutionId);
    expect(view.title.text).toBe(t('zh-CN', 'slack:import.title'));
    // Nothing reached core: the modal is the answer.
    expect(seen).toEqual([]);
  });

  it('refuses a submission without a file, or with another kind of file, in the modal', async () => {
    const view = await openImportModal();
    let result = await submit(view, chosen(h.demo.institutionId, []));
    expect(result.json).toEqual({
      response_action: 'errors',
      errors: { [IMPORT_FILE_BLOCK]: t('zh-CN', 'slack:import.error.one_file') },
    });
    result = await submit(
      view,
      chosen('00000000-0000-4000-8000-000000000000', [{ id: 'F1', name: 'a.pdf' }]),
    );
    expect(result.json?.errors).toEqual({
      [IMPORT_FILE_BLOCK]: t('zh-CN', 'slack:import.error.file_type'),
      [IMPORT_INSTITUTION_BLOCK]: t('zh-CN', 'slack:import.error.institution'),
    });
    expect(h.api.calls('files.info')).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('closes the modal, fetches the file with files.info and imports it in the DM with progress and an error file', async () => {
    const content = utf8(csv([CNIPA_HEADERS, cnipaRow(951), cnipaRow(952, { 申请号: '123' })]));
    h.api.shareFile({ id: 'F900', name: '模态清单.csv', mimetype: 'text/csv', content });
    const view = await openImportModal();
    const runsBefore = await h.db.prisma.importRun.count();
    const result = await submit(
      view,
      chosen(h.demo.institutionId, [{ id: 'F900', name: '模态清单.csv', filetype: 'csv' }]),
    );
    expect(result.json).toEqual({ response_action: 'clear' });
    expect(h.api.calls('files.info').map((c) => c.body.file)).toEqual(['F900']);
    const [download] = h.api.calls('file_download');
    expect(download?.token).toBe('xoxb-test-token');
    // Core received the same file event as an upload in the DM, from the coordinator's DM.
    const [asked] = seen;
    expect(asked?.incoming).toMatchObject({
      channel: 'SLACK',
      userId: `${TEAM}:${COORDINATOR}`,
      chatIsPrivate: true,
      address: dm(COORDINATOR),
      event: { kind: 'file', fileName: '模态清单.csv', mimeType: 'text/csv' },
    });
    // The progress message is posted once in the DM and edited in place; the report follows.
    const posted = h.api.calls('chat.postMessage').filter((c) => c.body.channel === dm(COORDINATOR));
    expect(posted[0]?.body.text).toContain('模态清单.csv');
    expect(h.api.calls('chat.update').every((u) => u.body.channel === dm(COORDINATOR))).toBe(true);
    expect(h.api.calls('chat.update').length).toBeGreaterThanOrEqual(1);
    expect(shownText(posted)).toContain(
      t('zh-CN', 'coordinator:import.error_file', { file: '' }).slice(0, 6),
    );
    expect(h.api.calls('files.completeUploadExternal').map((c) => c.body.channel_id)).toEqual([
      dm(COORDINATOR),
    ]);
    expect(await h.db.prisma.importRun.count()).toBe(runsBefore + 1);
    const imported = await h.db.prisma.patent.findUnique({
      where: { applicationNumber: appNo(2018, 1, 100951) },
    });
    expect(imported?.institutionId).toBe(h.demo.institutionId);
  });

  it('tells the coordinator in the DM when Slack cannot give the file', async () => {
    const view = await openImportModal();
    const result = await submit(view, chosen(h.demo.institutionId, [{ id: 'FGONE', name: 'gone.xlsx' }]));
    expect(result.json).toEqual({ response_action: 'clear' });
    expect(shownText(h.api.calls('chat.postMessage'))).toContain(t('zh-CN', 'slack:import.fetch_failed'));
    expect(seen).toEqual([]);
  });

  it('gives a bureau officer the modal without an institution, and core imports the enterprise list', async () => {
    await h.command(BUREAU, 'import');
    const [open] = h.api.calls('views.open');
    const view = open!.body.view as Json;
    expect((view.blocks as Json[]).map((b) => b.block_id)).toEqual([IMPORT_FILE_BLOCK]);
    const code = enterpriseCreditCode('91310000MA');
    const content = utf8(
      csv([
        ['企业名称', '统一社会信用代码', '所在地区'],
        ['上海模态科技有限公司', code, '310000'],
      ]),
    );
    h.api.shareFile({ id: 'F950', name: '企业名录.csv', mimetype: 'text/csv', content });
    const result = await h.submitView(
      BUREAU,
      { type: 'modal', callback_id: view.callback_id, private_metadata: '', blocks: view.blocks },
      {
        [IMPORT_FILE_BLOCK]: {
          file: { type: 'file_input', files: [{ id: 'F950', name: '企业名录.csv', filetype: 'csv' }] },
        },
      },
    );
    expect(result.json).toEqual({ response_action: 'clear' });
    expect(shownText(h.api.calls('chat.postMessage'))).toContain(
      t('zh-CN', 'chat:upload.enterprises.title', { file: '企业名录.csv' }),
    );
    const imported = await h.db.prisma.enterprise.findUnique({ where: { creditCode: code } });
    expect(imported?.status).toBe('VERIFIED');
  });

  it('answers a non-coordinator with core’s refusal and opens no modal', async () => {
    await h.command(INVENTOR, 'import');
    expect(h.api.calls('views.open')).toEqual([]);
    expect(seen.map((s) => s.incoming.event)).toEqual([{ kind: 'action', action: expect.any(String) }]);
    expect(shownText(h.api.calls('chat.postMessage'))).toContain(
      t('zh-CN', 'inventory:refusal.not_coordinator'),
    );
  });

  it('routes a coordinator’s /revive roadshow to core, whose questionnaire opens as a modal', async () => {
    // A roadshow features patents from the resource pool: put one there.
    const pooled = await h.db.prisma.patent.findFirstOrThrow({
      where: { institutionId: h.demo.institutionId },
      orderBy: { applicationNumber: 'asc' },
    });
    await h.db.prisma.patent.update({ where: { id: pooled.id }, data: { inventoryStatus: 'IN_POOL' } });
    await h.command(COORDINATOR, 'roadshow');
    expect(seen.map((s) => s.incoming.event)).toEqual([{ kind: 'command', command: 'roadshow', args: '' }]);
    const form = seen[0]!.replies.find((r) => r.form)?.form;
    expect(form, 'core answers with the first page of the roadshow questionnaire').toBeDefined();
    // Opened on the command's own trigger, as the existing questionnaire modal; the rest goes to the DM.
    const [open] = h.api.calls('views.open');
    expect(open?.body.trigger_id).toMatch(/^trigger\./);
    expect(open?.body.view.callback_id).toBe('revive_form');
    expect(open?.body.view.private_metadata).toBe(form!.formId);
    const posted = h.api.calls('chat.postMessage').filter((c) => c.body.channel === dm(COORDINATOR));
    expect(shownText(posted)).toContain(seen[0]!.replies.find((r) => !r.form)!.text.slice(0, 8));
  });
});
