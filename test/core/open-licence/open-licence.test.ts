// The open-licence fast path (issue 18) through the chat service, from the demo world where the
// inventor declared an open licence (royalty 3 % of annual sales, 5 years) on a patent the seed
// screened into the pool: the coordinator releases it, an enterprise sees the terms and claims once
// (a double tap included) with its written notice, the patent's side is told, the fee records one
// deal; the utility-model rule; declarations that change or are withdrawn; the bureau's export.

import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { type ChatService, createChatService } from '../../../core/chat/chat-service.ts';
import { DEMO_POOLED_PATENTS } from '../../../core/demo/demo-data.ts';
import { seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { patentAction, patentsAction } from '../../../core/inventory/actions.ts';
import { matchPush } from '../../../core/matching/messages.ts';
import {
  openLicenceClaimAction,
  openLicenceExportAction,
  openLicenceFeeAction,
  openLicenceListAction,
  openLicenceOfferAction,
  openLicenceReleaseAction,
  openLicenceReportAction,
} from '../../../core/open-licence/actions.ts';
import { syncDeclaration } from '../../../core/open-licence/declaration.ts';
import { invitationText } from '../../../core/roadshows/messages.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const allText = (messages: OutgoingMessage[]) => messages.map((m) => m.text).join('\n');
const actions = (messages: OutgoingMessage[]) =>
  messages.flatMap((m) => m.buttons?.flat() ?? []).map((b) => b.action);

describe('open licence in the chat', () => {
  let db: TestDatabase;
  let chat: ChatService;
  let patent: { id: string; title: string; applicationNumber: string; institutionId: string };

  const send = (event: IncomingEvent, userId: string) =>
    chat.handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, event });
  const press = (action: string, userId: string) => send({ kind: 'action', action }, userId);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await seedDemo(db.prisma, { now: TEST_NOW });
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
    patent = await db.prisma.patent.findUniqueOrThrow({
      where: { applicationNumber: DEMO_POOLED_PATENTS[0]!.applicationNumber },
    });
  });
  afterAll(() => db?.close());

  it('records the declaration and its terms when the self-assessment is submitted', async () => {
    const declaration = await db.prisma.openLicenceDeclaration.findUniqueOrThrow({
      where: { patentId: patent.id },
    });
    expect(declaration.feeMode).toBe('ROYALTY');
    expect(Number(declaration.royaltyPercent)).toBe(3);
    expect(declaration.royaltyBase).toBe('专利产品年销售额');
    expect(declaration.termYears).toBe(5);
    expect(declaration.releasedAt).toBeNull();
  });

  it('shows nothing to enterprises before release, and refuses a claim', async () => {
    const page = await press(patentAction.to({ patentId: patent.id }), 'enterprise');
    expect(actions(page)).not.toContain(openLicenceOfferAction.to({ patentId: patent.id }));
    const forged = await press(openLicenceClaimAction.to({ patentId: patent.id }), 'enterprise');
    expect(allText(forged)).toContain(zh('open-licence:refusal.no_declaration'));
    expect(await db.prisma.openLicenceClaim.count()).toBe(0);
  });

  it('is released by the coordinator only', async () => {
    const byInventor = await press(openLicenceReleaseAction.to({ patentId: patent.id }), 'inventor');
    expect(allText(byInventor)).toContain(zh('open-licence:refusal.not_coordinator'));
    const list = await press(openLicenceListAction.to(), 'coordinator');
    expect(allText(list)).toContain(patent.applicationNumber);
    expect(actions(list)).toContain(openLicenceReleaseAction.to({ patentId: patent.id }));
    const released = await press(openLicenceReleaseAction.to({ patentId: patent.id }), 'coordinator');
    expect(allText(released)).toContain(zh('open-licence:release.done'));
    const again = await press(openLicenceReleaseAction.to({ patentId: patent.id }), 'coordinator');
    expect(allText(again)).toContain(zh('open-licence:release.already'));
  });

  it('lets an enterprise see the terms and claim once under a double tap, with its written notice', async () => {
    const list = await press(patentsAction.to({ page: 0 }), 'enterprise');
    const line = allText(list)
      .split('\n')
      .find((l) => l.includes(patent.applicationNumber));
    expect(line).toContain(zh('open-licence:list_mark'));
    expect(allText(list).split(zh('open-licence:list_mark'))).toHaveLength(2);
    const page = await press(patentAction.to({ patentId: patent.id }), 'enterprise');
    const terms = zh('open-licence:terms.line', {
      fee: zh('open-licence:terms.royalty', { percent: 3, base: '专利产品年销售额' }),
      term: zh('open-licence:terms.term', { years: 5 }),
    });
    expect(allText(page)).toContain(terms);
    const offer = await press(openLicenceOfferAction.to({ patentId: patent.id }), 'enterprise');
    expect(actions(offer)).toContain(openLicenceClaimAction.to({ patentId: patent.id }));

    const [first, second] = await Promise.all([
      press(openLicenceClaimAction.to({ patentId: patent.id }), 'enterprise'),
      press(openLicenceClaimAction.to({ patentId: patent.id }), 'enterprise'),
    ]);
    const texts = [allText(first!), allText(second!)];
    expect(texts.filter((x) => x.includes('✅'))).toHaveLength(1);
    expect(await db.prisma.openLicenceClaim.count({ where: { patentId: patent.id } })).toBe(1);
    const attachment = first!.find((m) => m.attachment)?.attachment;
    expect(attachment?.fileName).toMatch(/\.txt$/);
    const notice = await readFile(attachment!.path, 'utf8');
    expect(notice).toContain(patent.applicationNumber);
    expect(notice).toContain('第五十一条');
    expect(notice).toContain('3%');
    // a document to sign and send: the terms as published, without the chat's 🔓 marker
    expect(notice).toContain(
      `许可条件（按公告）：${zh('open-licence:terms.royalty', { percent: 3, base: '专利产品年销售额' })}，`,
    );
    expect(notice).not.toContain('🔓');
    // the patentee can answer the person who sent it
    expect(notice).toContain('联系方式：chen.jing@hzcnxc.example.cn');

    // the page now says the licence was claimed; its button gives the notice again, never a new claim
    const after = await press(patentAction.to({ patentId: patent.id }), 'enterprise');
    expect(allText(after)).toContain('✅ 贵企业已于');
    expect(actions(after)).toContain(openLicenceClaimAction.to({ patentId: patent.id }));
    expect(actions(after)).not.toContain(openLicenceOfferAction.to({ patentId: patent.id }));

    // the university's and the college's coordinators and the inventor are told once each, through the outbox
    const told = await db.prisma.delivery.findMany({ where: { kind: 'open-licence.claimed' } });
    const people = await db.prisma.person.findMany({
      where: { id: { in: told.map((d) => d.personId) } },
      select: { name: true },
    });
    expect(people.map((p) => p.name).sort()).toEqual(['张伟', '李娜', '王强'].sort());
  });

  it('shows the released terms in a match push and in a roadshow invitation', async () => {
    const enterprise = await db.prisma.enterprise.findFirstOrThrow({ where: { staff: { some: {} } } });
    const staff = await db.prisma.roleAssignment.findFirstOrThrow({
      where: { enterpriseId: enterprise.id, role: 'ENTERPRISE_STAFF' },
    });
    const match = await db.prisma.matchPush.upsert({
      where: { patentId_enterpriseId: { patentId: patent.id, enterpriseId: enterprise.id } },
      create: { patentId: patent.id, enterpriseId: enterprise.id, score: 50, reasons: [], status: 'SENT' },
      update: { status: 'SENT' },
    });
    const push = await matchPush.render(db.prisma, {
      locale: 'zh-CN',
      payload: { matchId: match.id },
      personId: staff.personId,
      now: TEST_NOW,
    });
    expect(push?.text).toContain(zh('open-licence:terms.royalty', { percent: 3, base: '专利产品年销售额' }));
    expect(actions([push!])).toContain(openLicenceOfferAction.to({ patentId: patent.id }));

    const featured = await db.prisma.patent.findUniqueOrThrow({
      where: { id: patent.id },
      select: { title: true, inventoryStatus: true, openLicence: true },
    });
    const text = invitationText(
      {
        roadshow: {
          title: '储能专场',
          startsAt: TEST_NOW,
          location: null,
          onlineUrl: null,
          capacity: null,
          institution: { nameZh: '东海理工大学' },
          patents: [
            { patent: featured },
            { patent: { title: '另一件专利', inventoryStatus: 'IN_POOL', openLicence: null } },
          ],
        },
        person: { timeZone: 'Asia/Shanghai' },
      },
      'zh-CN',
    );
    expect(text).toContain(`• ${patent.title}（🔓`);
    expect(text).toMatch(/^• 另一件专利$/m);
  });

  it('shows the inventor the state of the declaration on the patent page', async () => {
    const page = await press(patentAction.to({ patentId: patent.id }), 'inventor');
    expect(allText(page)).toContain(zh('open-licence:inventor_state.released', { claims: 1 }));
  });

  it('refuses a claim by someone who is not an enterprise', async () => {
    const byInventor = await press(openLicenceClaimAction.to({ patentId: patent.id }), 'inventor');
    expect(allText(byInventor)).toContain(zh('open-licence:refusal.not_offered'));
  });

  it('records one deal when the coordinator confirms the fee, whatever the taps', async () => {
    const claim = await db.prisma.openLicenceClaim.findFirstOrThrow({ where: { patentId: patent.id } });
    const list = await press(openLicenceListAction.to(), 'coordinator');
    expect(actions(list)).toContain(openLicenceFeeAction.to({ claimId: claim.id }));
    const byEnterprise = await press(openLicenceFeeAction.to({ claimId: claim.id }), 'enterprise');
    expect(allText(byEnterprise)).toContain(zh('open-licence:refusal.not_coordinator'));
    const unknown = await press(
      openLicenceFeeAction.to({ claimId: '6f1c2b3a-9d8e-4f70-8a6b-5c4d3e2f1a0b' }),
      'coordinator',
    );
    expect(allText(unknown)).toContain(zh('open-licence:refusal.no_claim'));
    await Promise.all([
      press(openLicenceFeeAction.to({ claimId: claim.id }), 'coordinator'),
      press(openLicenceFeeAction.to({ claimId: claim.id }), 'coordinator'),
    ]);
    const deals = await db.prisma.transformationRecord.findMany({ where: { patentId: patent.id } });
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ kind: 'LICENCE', licenceType: 'open', openLicenceClaimId: claim.id });
  });

  it('exports the declarations in the bureau layout', async () => {
    // only a coordinator of one university gets the button; an administrator's export would be refused
    expect(actions(await press(openLicenceListAction.to(), 'coordinator'))).toContain(
      openLicenceExportAction.to(),
    );
    expect(actions(await press(openLicenceListAction.to(), 'admin'))).not.toContain(
      openLicenceExportAction.to(),
    );
    const reply = await press(openLicenceExportAction.to(), 'coordinator');
    const attachment = reply.find((m) => m.attachment)!.attachment!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(attachment.path);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe(zh('open-licence:export.column.number'));
    expect(sheet.getRow(2).getCell(1).value).toBe(t('en', 'open-licence:export.column.number'));
    const row = sheet.getRow(3);
    expect(row.getCell(1).value).toBe(patent.applicationNumber);
    expect(row.getCell(4).value).toBe(
      zh('open-licence:terms.plain', {
        fee: zh('open-licence:terms.royalty', { percent: 3, base: '专利产品年销售额' }),
        term: zh('open-licence:terms.term', { years: 5 }),
      }),
    );
    expect(row.getCell(8).value).toBe(zh('open-licence:export.status.released'));
    expect(row.getCell(9).value).toBe(1);
    expect(row.getCell(10).value).toBe(1);
    expect(sheet.rowCount).toBe(3);
  });

  it('needs a patent-right evaluation report to release a utility model', async () => {
    const inventor = await db.prisma.person.findFirstOrThrow({ where: { name: '张伟' } });
    const utility = await db.prisma.patent.create({
      data: {
        applicationNumber: '201920123456.0',
        title: '一种储能电池包的散热结构',
        type: 'UTILITY_MODEL',
        ipcCodes: ['H01M 10/613'],
        applicationDate: new Date('2019-01-20'),
        legalStatus: 'VALID',
        patentees: ['东海理工大学'],
        institutionId: patent.institutionId,
        inventoryStatus: 'IN_POOL',
      },
    });
    const answers = { openLicence: 'yes', openLicenceFeeMode: 'free', evaluationReport: 'willing' };
    await db.prisma.$transaction((tx) => syncDeclaration(tx, utility.id, answers, inventor.id, TEST_NOW));
    // the list says what is missing instead of offering a button that can only be refused
    const list = await press(openLicenceListAction.to(), 'coordinator');
    expect(allText(list)).toContain('缺专利权评价报告');
    expect(actions(list)).not.toContain(openLicenceReleaseAction.to({ patentId: utility.id }));
    const refused = await press(openLicenceReleaseAction.to({ patentId: utility.id }), 'coordinator');
    expect(allText(refused)).toContain(zh('open-licence:refusal.evaluation_report'));
    // the report came after the (read-only) self-assessment: the coordinator records it, then releases
    expect(actions(list)).toContain(openLicenceReportAction.to({ patentId: utility.id }));
    const byEnterprise = await press(openLicenceReportAction.to({ patentId: utility.id }), 'enterprise');
    expect(allText(byEnterprise)).toContain(zh('open-licence:refusal.not_coordinator'));
    const recorded = await press(openLicenceReportAction.to({ patentId: utility.id }), 'coordinator');
    expect(allText(recorded)).toContain(zh('open-licence:report.recorded'));
    expect(actions(recorded)).toContain(openLicenceReleaseAction.to({ patentId: utility.id }));
    const released = await press(openLicenceReleaseAction.to({ patentId: utility.id }), 'coordinator');
    expect(allText(released)).toContain(zh('open-licence:release.done'));

    // changed terms must be released again; taken back after release, the declaration is withdrawn
    const changed = {
      ...answers,
      evaluationReport: 'obtained',
      openLicenceFeeMode: 'oneOff',
      openLicenceAmount: 2,
    };
    await db.prisma.$transaction((tx) => syncDeclaration(tx, utility.id, changed, inventor.id, TEST_NOW));
    expect(
      (await db.prisma.openLicenceDeclaration.findUniqueOrThrow({ where: { patentId: utility.id } }))
        .releasedAt,
    ).toBeNull();
    await press(openLicenceReleaseAction.to({ patentId: utility.id }), 'coordinator');
    await db.prisma.$transaction((tx) =>
      syncDeclaration(tx, utility.id, { openLicence: 'no' }, inventor.id, TEST_NOW),
    );
    const withdrawn = await db.prisma.openLicenceDeclaration.findUniqueOrThrow({
      where: { patentId: utility.id },
    });
    expect(withdrawn.withdrawnAt).not.toBeNull();
    const offer = await press(openLicenceOfferAction.to({ patentId: utility.id }), 'enterprise');
    expect(allText(offer)).toContain(zh('open-licence:refusal.no_declaration'));
  });
});
