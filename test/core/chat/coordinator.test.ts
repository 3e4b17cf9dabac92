// Coordinators in chat, through the same entry point every adapter uses, on both databases:
// progress, screening queues and decisions (with a typed return comment), import by uploading a
// file with progress messages, export with an attachment, and refusals for everyone else.
import { existsSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { menuAction } from '../../../core/chat/chat-actions.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { exportInventoryAction } from '../../../core/export/actions.ts';
import { t } from '../../../core/i18n.ts';
import { coordinatorOverviewAction } from '../../../core/progress/actions.ts';
import {
  screenDecideAction,
  screenOutConfirmAction,
  screenQueueAction,
  screenViewAction,
} from '../../../core/screening/actions.ts';
import { type ChatAction, decodeAction, encodeAction } from '../../support/actions.ts';
import { testClock } from '../../support/clock.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import {
  appNo,
  CNIPA_HEADERS,
  cnipaRow,
  createWorld,
  csv,
  opener,
  submittedPatent,
  utf8,
  type World,
} from '../inventory/fixtures.ts';

let serial = 600000;
const allText = (messages: OutgoingMessage[]) => messages.map((m) => m.text).join('\n');
const actions = (messages: OutgoingMessage[]) =>
  messages.flatMap((m) => m.buttons?.flat() ?? []).map((b) => decodeAction(b.action));

describe('coordinator action ids', () => {
  it('round-trip within 64 bytes and reject forgeries', () => {
    const id = '123e4567-e89b-42d3-a456-426614174000';
    const all: ChatAction[] = [
      { type: 'coord' },
      { type: 'screenQueue', level: 'UNIVERSITY', page: 12 },
      { type: 'screenView', patentId: id },
      { type: 'screenDecide', outcome: 'SCREENED_OUT', patentId: id },
      { type: 'screenDecide', outcome: 'RETURNED', patentId: id },
      { type: 'screenOutConfirm', patentId: id },
      { type: 'exportInventory' },
      { type: 'importHelp' },
      { type: 'linkInventor', patentId: id, position: 12, choice: 9 },
    ];
    for (const action of all) {
      const encoded = encodeAction(action);
      expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
      expect(decodeAction(encoded)).toEqual(action);
    }
    for (const forged of [`sd:Z:${id}`, `sd:A${id}`, 'sq:X:1', 'sv:not-a-uuid', 'co:1', 'ex:']) {
      expect(decodeAction(forged)).toBeNull();
    }
  });
});

describe.each(DATABASE_KINDS)('coordinator chat on %s', (kind) => {
  let db: TestDatabase;
  let chat: ChatService;
  let world: World;
  let dataDirHandle: TemporaryDataDir | undefined;

  const send = (key: string, event: IncomingEvent, progress?: (m: OutgoingMessage) => Promise<void>) =>
    chat.handle({ channel: 'TERMINAL', userId: world.userIds[key]!, chatIsPrivate: true, event, progress });
  const press = (key: string, action: ChatAction | string) =>
    send(key, { kind: 'action', action: typeof action === 'string' ? action : encodeAction(action) });
  const type = (key: string, text: string) => send(key, { kind: 'text', text });
  const status = async (id: string) =>
    (await db.prisma.patent.findUniqueOrThrow({ where: { id } })).inventoryStatus;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDirHandle = await temporaryDataDir('revive-chat-files-');
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    world = await createWorld(db.prisma);
  });
  afterAll(async () => {
    await dataDirHandle?.restore();
    await db?.close();
  });

  it('shows waiting counts in the menu and screens a submission up to the resource pool', async () => {
    const patentId = await submittedPatent(db.prisma, world, ++serial);
    const menu = await send('college', { kind: 'command', command: 'menu', args: '' });
    expect(allText(menu)).toContain(
      t('zh-CN', 'coordinator:screening.counts', { college: 1, university: 0 }),
    );
    expect(actions(menu)).toContainEqual({ type: 'screenQueue', level: 'COLLEGE', page: 0 });

    const queue = await press('college', screenQueueAction.to({ level: 'COLLEGE', page: 0 }));
    expect(actions(queue)).toContainEqual({ type: 'screenView', patentId });
    const detail = await press('college', screenViewAction.to({ patentId }));
    expect(detail[0]!.confidential).toBe(true);
    expect(allText(detail)).toContain(`一种储能装置${serial}`);
    expect(actions(detail)).toContainEqual({ type: 'screenDecide', outcome: 'APPROVED', patentId });

    const approved = await press('college', screenDecideAction.to({ outcome: 'APPROVED', patentId }));
    expect(allText(approved)).toContain(t('zh-CN', 'coordinator:screening.done.APPROVED'));
    expect(await status(patentId)).toBe('COLLEGE_APPROVED');
    await press('coordinator', screenDecideAction.to({ outcome: 'APPROVED', patentId }));
    expect(await status(patentId)).toBe('IN_POOL');
    // A stale button on a decided patent: refused, nothing recorded twice
    const again = await press('coordinator', screenDecideAction.to({ outcome: 'APPROVED', patentId }));
    expect(allText(again)).toContain(t('zh-CN', 'screening:refusal.not_waiting'));
  });

  it('returns a submission with the comment typed next; another button abandons a pending return', async () => {
    const patentId = await submittedPatent(db.prisma, world, ++serial);
    const prompt = await press('college', screenDecideAction.to({ outcome: 'RETURNED', patentId }));
    expect(allText(prompt)).toBe(t('zh-CN', 'coordinator:screening.comment_prompt'));
    await press('college', menuAction.to());
    const stray = await type('college', '这不是意见');
    expect(allText(stray)).toContain(t('zh-CN', 'chat:menu.type_hint'));
    expect(await status(patentId)).toBe('SUBMITTED');

    await press('college', screenDecideAction.to({ outcome: 'RETURNED', patentId }));
    const done = await type('college', '请补充技术成熟度的依据');
    expect(allText(done)).toContain(t('zh-CN', 'coordinator:screening.done.RETURNED'));
    expect(await status(patentId)).toBe('RETURNED');
    const decision = await db.prisma.screeningDecision.findFirstOrThrow({
      where: { assessment: { patentId } },
    });
    expect(decision).toMatchObject({ outcome: 'RETURNED', comment: '请补充技术成熟度的依据' });
  });

  it('screens out after a confirmation', async () => {
    const patentId = await submittedPatent(db.prisma, world, ++serial);
    const confirm = await press('college', screenOutConfirmAction.to({ patentId }));
    expect(actions(confirm)).toContainEqual({ type: 'screenDecide', outcome: 'SCREENED_OUT', patentId });
    expect(await status(patentId)).toBe('SUBMITTED');
    await press('college', screenDecideAction.to({ outcome: 'SCREENED_OUT', patentId }));
    expect(await status(patentId)).toBe('SCREENED_OUT');
  });

  it('imports an uploaded file with progress messages, a report and the error file attached', async () => {
    const file = utf8(csv([CNIPA_HEADERS, cnipaRow(801), cnipaRow(802, { 申请号: '123' }), cnipaRow(803)]));
    const progress: OutgoingMessage[] = [];
    const replies = await send(
      'coordinator',
      { kind: 'file', fileName: '清单.csv', mimeType: 'text/csv', size: file.length, open: opener(file) },
      async (m) => {
        progress.push(m);
      },
    );
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.every((m) => m.slot === 'progress')).toBe(true);
    expect(replies[0]!.slot).toBe('progress');
    const report = replies[1]!;
    expect(report.text).toContain(
      t('zh-CN', 'inventory:report.counts', { total: 3, created: 2, updated: 0, unchanged: 0, failed: 1 }),
    );
    expect(report.attachment?.mimeType).toBe('text/csv');
    expect(existsSync(report.attachment!.path)).toBe(true);
    expect(await db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 100801) } })).toBe(1);
  });

  it('asks which person an ambiguous inventor name is, and links the one chosen', async () => {
    const twin = await db.prisma.person.create({ data: { name: '王芳', email: `wf2-${kind}@x.cn` } });
    await db.prisma.roleAssignment.create({
      data: { personId: twin.id, role: 'INVENTOR', institutionId: world.institutionId },
    });
    const file = utf8(csv([CNIPA_HEADERS, cnipaRow(821, { 发明人: '王芳;张伟' })]));
    const replies = await send('coordinator', {
      kind: 'file',
      fileName: 'twins.csv',
      mimeType: 'text/csv',
      size: file.length,
      open: opener(file),
    });
    const question = replies.find((m) => m.text.includes('王芳') && m.buttons?.length === 2)!;
    expect(question).toBeDefined();
    const choices = actions([question]);
    const pick = choices.find((a) => a?.type === 'linkInventor' && a.choice === 1)!;
    const done = await send('coordinator', { kind: 'action', action: encodeAction(pick) });
    const patent = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: appNo(2018, 1, 100821) },
      include: { inventors: { orderBy: { position: 'asc' } } },
    });
    const chosen = [world.persons.wangfang!, twin.id].sort()[1]!;
    expect(patent.inventors[0]!.personId).toBe(chosen);
    expect(patent.responsibleInventorId).toBe(chosen);
    expect(allText(done)).toContain('王芳');
    // Not for an inventor, even with a valid-looking button
    expect(allText(await send('zhangwei', { kind: 'action', action: encodeAction(pick) }))).toMatch(/^⛔/);
  });

  it('exports the inventory as an attachment and shows progress', async () => {
    const replies = await press('coordinator', exportInventoryAction.to());
    const attachment = replies[0]!.attachment!;
    // Named by the clock's time in the coordinator's zone: 10:00 on 1 December 2026 in Shanghai.
    expect(attachment.fileName).toMatch(/-inventory-20261201100000\.xlsx$/);
    expect(existsSync(attachment.path)).toBe(true);
    // The reply names the file; where it lies on the server is not for the chat.
    expect(allText(replies)).toContain(attachment.fileName);
    expect(allText(replies)).not.toContain(path.dirname(attachment.path));
    const progress = await press('coordinator', coordinatorOverviewAction.to());
    expect(allText(progress)).toContain(t('zh-CN', 'coordinator:progress.heading', { name: '测试理工大学' }));
    // The last import (the uploads above, at the clock's time) on the coordinator's local day.
    expect(allText(progress)).toContain('（2026-12-01）');
    expect(
      await db.prisma.auditLog.count({
        where: { action: 'export.inventory', actorId: world.coordinator.personId },
      }),
    ).toBe(1);
  });

  it('refuses inventors, enterprises and other institutions’ coordinators', async () => {
    const patentId = await submittedPatent(db.prisma, world, ++serial);
    const file = utf8(csv([CNIPA_HEADERS, cnipaRow(811)]));
    const upload: IncomingEvent = {
      kind: 'file',
      fileName: 'x.csv',
      mimeType: null,
      size: null,
      open: opener(file),
    };
    for (const key of ['zhangwei', 'enterprise', 'other']) {
      const decided = await press(key, screenDecideAction.to({ outcome: 'APPROVED', patentId }));
      expect(allText(decided)).toMatch(/^⛔/);
      const viewed = await press(key, screenViewAction.to({ patentId }));
      expect(allText(viewed)).toMatch(/^⛔/);
      // Another institution's coordinator imports and exports for their own institution only.
      if (key === 'other') continue;
      expect(allText(await send(key, upload))).toMatch(/^⛔/);
      expect(allText(await press(key, exportInventoryAction.to()))).toMatch(/^⛔/);
    }
    // The other institution's coordinator is a coordinator, but not of this patent's institution.
    expect(allText(await press('other', screenViewAction.to({ patentId })))).toContain(
      t('zh-CN', 'screening:refusal.not_allowed'),
    );
    expect(await status(patentId)).toBe('SUBMITTED');
    expect(await db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 100811) } })).toBe(0);
  });
});
