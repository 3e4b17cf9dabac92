// A file sent in the chat is recognised by its header row and imported as that list for whoever sends
// it, through the same entry point every adapter uses: a coordinator's staff list, an administrator's
// institutions (XLSX), a bureau officer's enterprises, an unrecognised file, a list the sender may not
// import, one whose header fits two lists (the kind chosen, the file sent again), and the patent list
// as before.
import { existsSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { composeFeatures } from '../../../core/chat/routes.ts';
import { uploadKindAction } from '../../../core/chat/uploads/actions.ts';
import { t } from '../../../core/i18n.ts';
import { patentUpload } from '../../../core/inventory/import-chat.ts';
import { testClock } from '../../support/clock.ts';
import { type TemporaryDataDir, temporaryDataDir } from '../../support/data-dir.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { creditCode as enterpriseCreditCode, personWithRole } from '../enterprises/fixtures.ts';
import { creditCode as institutionCreditCode } from '../institutions/fixtures.ts';
import {
  appNo,
  CNIPA_HEADERS,
  cnipaRow,
  createWorld,
  csv,
  opener,
  utf8,
  type World,
  xlsx,
} from '../inventory/fixtures.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const allText = (messages: OutgoingMessage[]) => messages.map((m) => m.text).join('\n');
const fileEvent = (fileName: string, content: Buffer): IncomingEvent => ({
  kind: 'file',
  fileName,
  mimeType: null,
  size: content.length,
  open: opener(content, 101),
});

describe('upload kinds', () => {
  it('are refused twice, like commands', () => {
    expect(() => composeFeatures({ uploads: [patentUpload] }, { uploads: [patentUpload] })).toThrow(
      'upload kind declared twice: patents',
    );
  });
});

describe.each(DATABASE_KINDS)('lists uploaded in chat on %s', (kind) => {
  let db: TestDatabase;
  let chat: ChatService;
  let world: World;
  let admin: string;
  let bureau: string;
  let dataDirHandle: TemporaryDataDir | undefined;

  /** Sends a file as this person (a world persona key or a terminal user id); progress is collected. */
  const upload = async (who: string, fileName: string, content: Buffer) => {
    const progress: OutgoingMessage[] = [];
    const replies = await chat.handle({
      channel: 'TERMINAL',
      userId: world.userIds[who] ?? who,
      chatIsPrivate: true,
      event: fileEvent(fileName, content),
      progress: async (m) => {
        progress.push(m);
      },
    });
    return { replies, progress };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDirHandle = await temporaryDataDir('revive-uploads-');
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    world = await createWorld(db.prisma);
    admin = (await personWithRole(db.prisma, '管理员', 'ADMIN')).userId;
    bureau = (await personWithRole(db.prisma, '浙江局', 'BUREAU_OFFICER', { province: '330000' })).userId;
  });
  afterAll(async () => {
    await dataDirHandle?.restore();
    await db?.close();
  });

  it('imports a coordinator’s staff list into their university, with progress, report and error file', async () => {
    const file = utf8(
      csv([
        ['姓名', '工号', '邮箱', '学院', '人员状态', '手机'],
        ['刘洋', 'S0001', `liuyang-${kind}@staff.example.cn`, '材料学院', '在职', '13800000001'],
        ['周敏', 'S0002', '', '材料学院', '不知道', ''],
      ]),
    );
    const { replies, progress } = await upload('coordinator', '教职工.csv', file);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.every((m) => m.slot === 'progress' && m.text.includes('教职工.csv'))).toBe(true);
    expect(progress[0]!.text).toContain(zh('chat:upload.kind.staff'));
    expect(replies[0]).toMatchObject({ slot: 'progress', text: zh('chat:upload.done', { rows: 2 }) });
    const report = replies[1]!;
    expect(report.text).toContain(
      zh('staff:report.counts', { total: 2, created: 1, updated: 0, unchanged: 0, failed: 1 }),
    );
    expect(report.attachment?.fileName).toMatch(/\.errors\.csv$/);
    expect(existsSync(report.attachment!.path)).toBe(true);
    const staff = await db.prisma.staffRecord.findMany({ where: { institutionId: world.institutionId } });
    expect(staff.map((s) => s.staffNumber)).toEqual(['S0001']);
  });

  it('imports an administrator’s institutions from an XLSX with a title row', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['2026 年新增机构']);
      sheet.addRow(['代码', '中文名称', '英文名称', '类型', '统一社会信用代码', '省份', '城市', '上级代码']);
      sheet.addRow([
        'UPLD',
        '上传测试大学',
        'Upload Test University',
        '高校',
        institutionCreditCode(41),
        '浙江省',
        '杭州市',
        '',
      ]);
      sheet.addRow(['UPLD-MSE', '材料学院', '', '', '', '', '', 'UPLD']);
    });
    const { replies, progress } = await upload(admin, '机构.xlsx', file);
    expect(progress[0]!.text).toContain(zh('chat:upload.kind.institutions'));
    expect(replies[0]!.text).toBe(zh('chat:upload.done', { rows: 2 }));
    expect(replies[1]!.text).toContain(
      zh('institutions:report.counts', { total: 2, created: 2, updated: 0, unchanged: 0, failed: 0 }),
    );
    expect(replies[1]!.attachment).toBeUndefined();
    const university = await db.prisma.institution.findUniqueOrThrow({
      where: { code: 'UPLD' },
      include: { children: true },
    });
    expect(university.children.map((c) => c.nameZh)).toEqual(['材料学院']);
  });

  it('imports a bureau officer’s enterprises as verified, in their province only, with the invitations', async () => {
    const [ours, foreign] = [enterpriseCreditCode(), enterpriseCreditCode('91110100MA')];
    const file = utf8(
      csv([
        ['企业名称', '统一社会信用代码', '所在地区', '联系人', '联系人邮箱'],
        ['杭州上传科技有限公司', ours!, '330100', '钱经理', `qian-${kind}@firm.example.cn`],
        ['北京上传科技有限公司', foreign!, '110100', '', ''],
      ]),
    );
    const { replies } = await upload(bureau, '企业.csv', file);
    expect(allText(replies)).toContain(
      zh('enterprises:cli.import_counts', { total: 2, created: 1, updated: 0, unchanged: 0, failed: 1 }),
    );
    expect(allText(replies)).toContain(zh('enterprises:cli.row_error', { row: 3, message: '' }).trimEnd());
    const [, report, invitations] = replies;
    expect(report!.attachment?.fileName).toMatch(/\.errors\.csv$/);
    expect(invitations!.text).toBe(zh('chat:upload.enterprises.invitations', { count: 1 }));
    expect(invitations!.attachment?.fileName).toMatch(/\.invitations\.xlsx$/);
    expect(invitations!.confidential).toBe(true);
    const imported = await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: ours! } });
    expect(imported.status).toBe('VERIFIED');
    expect(await db.prisma.enterprise.count({ where: { creditCode: foreign! } })).toBe(0);
  });

  it('lists the headers of what the sender may import when it cannot tell the list', async () => {
    const { replies, progress } = await upload(
      'coordinator',
      '随便.csv',
      utf8(
        csv([
          ['甲', '乙'],
          ['1', '2'],
        ]),
      ),
    );
    const text = allText(replies);
    expect(text).toContain(zh('chat:upload.unrecognised', { file: '随便.csv' }));
    expect(text).toContain(zh('chat:upload.kind.patents'));
    expect(text).toContain(zh('staff:field.staffNumber'));
    expect(text).not.toContain(zh('chat:upload.kind.institutions'));
    expect(text).toContain(zh('chat:upload.terminal_hint'));
    expect(progress).toEqual([]);
  });

  it('refuses, by name, a list the sender may not import, and writes nothing', async () => {
    const file = utf8(
      csv([
        ['代码', '中文名称', '类型', '统一社会信用代码', '省份', '城市'],
        ['NOPE', '不该有的大学', '高校', institutionCreditCode(42), '浙江省', '杭州市'],
      ]),
    );
    const { replies } = await upload('coordinator', 'institutions.csv', file);
    expect(allText(replies)).toBe(
      `⛔ ${zh('chat:upload.refused', { kind: zh('chat:upload.kind.institutions'), reason: zh('institutions:refusal.admin_only') })}`,
    );
    expect(await db.prisma.institution.count({ where: { code: 'NOPE' } })).toBe(0);
    // A bureau officer may import experts, not a university's staff list.
    const staff = utf8(
      csv([
        ['姓名', '工号', '人员状态'],
        ['郑一', 'S0009', '在职'],
      ]),
    );
    expect(allText((await upload(bureau, 'staff.csv', staff)).replies)).toBe(
      `⛔ ${zh('chat:upload.refused', { kind: zh('chat:upload.kind.staff'), reason: zh('staff:refusal.not_coordinator') })}`,
    );
    // A college coordinator (the staff list is the university's) and an inventor import no list at
    // all: told so as before, without the file being read.
    for (const who of ['college', 'zhangwei']) {
      expect(allText((await upload(who, 'staff.csv', staff)).replies)).toBe(
        `⛔ ${zh('inventory:refusal.not_coordinator')}`,
      );
    }
    expect(await db.prisma.staffRecord.count({ where: { staffNumber: 'S0009' } })).toBe(0);
  });

  it('asks which list a file is when it fits two, and imports it as the one chosen when sent again', async () => {
    const university = await db.prisma.institution.findUniqueOrThrow({ where: { id: world.institutionId } });
    const file = utf8(
      csv([
        ['姓名', '邮箱', '工号', '人员状态', '所在单位', '职称', 'IPC'],
        ['孙教授', `sun-${kind}@expert.example.cn`, 'E0001', '在职', university.code, '教授', 'H01M'],
      ]),
    );
    const asked = await upload('coordinator', 'both.csv', file);
    const question = asked.replies[0]!;
    expect(question.text).toContain(
      zh('chat:upload.ambiguous', {
        file: 'both.csv',
        kinds: [zh('chat:upload.kind.staff'), zh('chat:upload.kind.experts')].join('、'),
      }),
    );
    const choice = question
      .buttons!.flat()
      .find((b) => b.action === uploadKindAction.to({ kind: 'experts' }));
    expect(choice?.label).toBe(zh('chat:upload.choose', { kind: zh('chat:upload.kind.experts') }));
    const chosen = await chat.handle({
      channel: 'TERMINAL',
      userId: world.userIds.coordinator!,
      chatIsPrivate: true,
      event: { kind: 'action', action: choice!.action },
    });
    expect(allText(chosen)).toContain(zh('chat:upload.send_again', { kind: zh('chat:upload.kind.experts') }));
    const again = await upload('coordinator', 'both.csv', file);
    expect(again.replies[0]!.text).toBe(zh('chat:upload.done', { rows: 1 }));
    const expert = await db.prisma.expert.findFirst({
      where: { person: { email: `sun-${kind}@expert.example.cn` } },
    });
    expect(expert?.institutionId).toBe(world.institutionId);
    expect(await db.prisma.staffRecord.count({ where: { staffNumber: 'E0001' } })).toBe(0);
    // The choice is used once: the next such file is asked about again.
    expect((await upload('coordinator', 'both.csv', file)).replies[0]!.text).toContain('❓');
  });

  it('imports the patent list as before', async () => {
    const file = utf8(csv([CNIPA_HEADERS, cnipaRow(1901), cnipaRow(1902, { 申请号: '123' })]));
    const { replies, progress } = await upload('coordinator', '清单.csv', file);
    expect(progress[0]!.text).toBe(
      zh('coordinator:import.progress', { file: '清单.csv', rows: 0, percent: 0, failed: 0 }),
    );
    expect(replies[0]).toEqual({ text: zh('coordinator:import.done', { rows: 2 }), slot: 'progress' });
    expect(replies[1]!.text).toContain(
      zh('inventory:report.counts', { total: 2, created: 1, updated: 0, unchanged: 0, failed: 1 }),
    );
    expect(replies[1]!.attachment?.mimeType).toBe('text/csv');
    expect(await db.prisma.patent.count({ where: { applicationNumber: appNo(2018, 1, 101901) } })).toBe(1);
  });
});
