// Commissioned expert evaluation through the chat service (terminal, zh-CN) on real PostgreSQL: the
// experts proposed for a patent, without every kind of conflict of interest; the round trip request →
// accept → questionnaire resumed after a restart → submit → visible to the right people only (the
// inventor once a coordinator releases it); a decline with its reason told to the requester; an
// overdue request reassigned; reminders that back off and stop; forged buttons refused.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { menuAction, questionAction } from '../../../core/chat/chat-actions.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import {
  expertAcceptAction,
  expertDeclineAction,
  expertOpenAction,
  expertPickAction,
  expertPickConfirmAction,
  expertReassignAction,
  expertReassignToAction,
  expertReleaseAction,
  expertRequestPageAction,
  expertResultAction,
} from '../../../core/expert-evaluation/actions.ts';
import { expertGradeOf } from '../../../core/expert-evaluation/grades.ts';
import { expertInvitation } from '../../../core/expert-evaluation/messages.ts';
import { proposeExperts } from '../../../core/expert-evaluation/proposals.ts';
import { enqueueExpertEvaluationReminders } from '../../../core/expert-evaluation/reminders.ts';
import { inventoryColumns } from '../../../core/export/columns.ts';
import { type ExportPatent, exportPatents } from '../../../core/export/load-patents.ts';
import { t } from '../../../core/i18n.ts';
import { formatApplicationNumber } from '../../../core/identifiers/cn-application-number.ts';
import { patentAction } from '../../../core/inventory/actions.ts';
import { homeFor } from '../../../core/overview/home.ts';
import { loadActor } from '../../../core/people/actor.ts';
import { visibleQuestions } from '../../../core/questionnaire/conditions.ts';
import { latestDefinition } from '../../../core/questionnaire/definitions/index.ts';
import { parseState } from '../../../core/questionnaire/state.ts';
import { localDate } from '../../../core/time-format.ts';
import type { Role } from '../../../prisma/generated/client.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { creditCode } from '../enterprises/fixtures.ts';

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);
const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n---\n');
const actions = (replies: OutgoingMessage[]) =>
  replies.flatMap((r) => (r.buttons ?? []).flat().map((b) => b.action));
const DAY = 86_400_000;

describe('expert evaluation', () => {
  let db: TestDatabase;
  const clock = testClock();
  let chat = createChatService({ db: null as never, logger: pino({ level: 'silent' }), clock });
  const ids: Record<string, string> = {};
  const experts: Record<string, string> = {};
  let patentId: string;
  let otherPatentId: string;
  let institutionId: string;

  const as = (userId: string) => {
    const send = (event: IncomingEvent) =>
      chat.handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, languageHint: 'zh-CN', event });
    return {
      command: (command: string) => send({ kind: 'command', command, args: '' }),
      send: (command: string, args: string) => send({ kind: 'command', command, args }),
      text: (text: string) => send({ kind: 'text', text }),
      press: (action: string) => send({ kind: 'action', action }),
    };
  };
  const deliveries = (kind: string) =>
    db.prisma.delivery.findMany({ where: { kind }, orderBy: { idempotencyKey: 'asc' } });

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock });
    const p = db.prisma;
    const u1 = await p.institution.create({
      data: { code: 'XEU1', nameZh: '评价理工大学', kind: 'UNIVERSITY', province: '330000' },
    });
    const c1 = await p.institution.create({
      data: { code: 'XEC1', nameZh: '材料学院', kind: 'UNIVERSITY', province: '330000', parentId: u1.id },
    });
    institutionId = u1.id;
    const u2 = await p.institution.create({
      data: { code: 'XEU2', nameZh: '远方大学', kind: 'UNIVERSITY', province: '110000' },
    });
    const e1 = await p.enterprise.create({
      data: { name: '甲科技有限公司', creditCode: creditCode(), region: '330106', status: 'VERIFIED' },
    });
    const e2 = await p.enterprise.create({
      data: { name: '乙材料有限公司', creditCode: creditCode(), region: '330106', status: 'VERIFIED' },
    });
    type Roles = { role: Role; institutionId?: string; enterpriseId?: string }[];
    const person = async (key: string, name: string, roles: Roles, reachable = true) => {
      const created = await p.person.create({
        data: {
          name,
          roles: { create: roles },
          ...(reachable
            ? { identities: { create: { channel: 'TERMINAL', externalId: key, address: key } } }
            : {}),
        },
      });
      ids[key] = created.id;
      return created.id;
    };
    await person('coord', '赵老师', [{ role: 'UNIVERSITY_COORDINATOR', institutionId: u1.id }]);
    await person('coord2', '钱老师', [{ role: 'UNIVERSITY_COORDINATOR', institutionId: u2.id }]);
    await person('inventor', '李发明', [{ role: 'INVENTOR', institutionId: u1.id }, { role: 'EXPERT' }]);
    await person('staff', '孙经理', [{ role: 'ENTERPRISE_STAFF', enterpriseId: e1.id }]);
    const expert = async (
      key: string,
      name: string,
      ipcFields: string[],
      affiliation: { institutionId?: string; enterpriseId?: string; affiliation?: string },
      extraRoles: Roles = [],
      reachable = true,
    ) => {
      const personId = ids[key] ?? (await person(key, name, [{ role: 'EXPERT' }, ...extraRoles], reachable));
      const row = await p.expert.create({ data: { personId, ipcFields, ...affiliation } });
      experts[key] = row.id;
    };
    // Proposed: subgroup, main group, subclass, class; one of another field.
    await expert('x1', '钱一', ['H01M 10/05'], { institutionId: u2.id });
    await expert('x2', '孙二', ['H01M 10/00'], { affiliation: '某研究院' });
    await expert('x3', '周三', ['H01M'], { affiliation: '华东研究所' });
    await expert('x4', '吴四', ['H01B'], { affiliation: '某协会' });
    await expert('x5', '郑五', ['G06N'], { affiliation: '某协会' });
    // Conflicts of interest, all in the patent's very subgroup.
    await expert('sameInstitution', '王同校', ['H01M 10/05'], { institutionId: u1.id });
    await expert('inventor', '李发明', ['H01M 10/05'], { affiliation: '某研究院' });
    await expert('inventorName', '赵同名', ['H01M 10/05'], { affiliation: '某研究院' });
    await expert('enterpriseStaff', '冯员工', ['H01M 10/05'], { affiliation: '某协会' }, [
      { role: 'ENTERPRISE_STAFF', enterpriseId: e1.id },
    ]);
    await expert('enterpriseExpert', '陈企业', ['H01M 10/05'], { enterpriseId: e1.id });
    await expert('coApplicant', '褚合作', ['H01M 10/05'], { enterpriseId: e2.id });
    await expert('coApplicantText', '卫合作', ['H01M 10/05'], { affiliation: '乙材料有限公司研发中心' });
    await expert('unreachable', '蒋无号', ['H01M 10/05'], { affiliation: '某协会' }, [], false);
    const patent = await p.patent.create({
      data: {
        applicationNumber: formatApplicationNumber('202310000001'),
        title: '一种固态电解质及其制备方法',
        abstract: '本发明公开了一种固态电解质。',
        type: 'INVENTION',
        ipcCodes: ['H01M 10/0562', 'H01M 4/62'],
        applicationDate: new Date('2023-01-05'),
        legalStatus: 'VALID',
        patentees: ['评价理工大学', '乙材料有限公司'],
        institutionId: u1.id,
        collegeId: c1.id,
        responsibleInventorId: ids.inventor,
        inventoryStatus: 'IN_POOL',
        inventors: {
          create: [
            { position: 1, name: '李发明', personId: ids.inventor },
            { position: 2, name: '赵 同名' },
          ],
        },
      },
    });
    patentId = patent.id;
    const other = await p.patent.create({
      data: {
        applicationNumber: formatApplicationNumber('202310000002'),
        title: '远方的专利',
        type: 'INVENTION',
        ipcCodes: ['H01M 10/0562'],
        applicationDate: new Date('2023-02-05'),
        legalStatus: 'VALID',
        patentees: ['远方大学'],
        institutionId: u2.id,
        inventoryStatus: 'NOT_STARTED',
      },
    });
    otherPatentId = other.id;
  });
  afterAll(() => db?.close());

  it('proposes experts by field, most specific first, without any conflict of interest', async () => {
    const forEnterprise = await proposeExperts(db.prisma, {
      patentId,
      requesterPersonId: ids.staff!,
      requesterEnterpriseId: (
        await db.prisma.roleAssignment.findFirstOrThrow({ where: { personId: ids.staff } })
      ).enterpriseId,
    });
    // Same institution, the inventor (linked, and by name), the enterprise's staff and its own
    // expert, the co-applicant (registered, and named in free text), the unreachable: all left out.
    expect(forEnterprise.map((x) => [x.name, x.depth])).toEqual([
      ['钱一', 'subgroup'],
      ['孙二', 'group'],
      ['周三', 'subclass'],
      ['吴四', 'class'],
    ]);
    // For the institution itself the enterprise's people are no conflict; the others still are.
    const forInstitution = await proposeExperts(db.prisma, {
      patentId,
      requesterPersonId: ids.coord!,
      requesterEnterpriseId: null,
    });
    expect(forInstitution.map((x) => x.expertId)).toEqual(
      expect.arrayContaining([experts.enterpriseStaff, experts.enterpriseExpert]),
    );
    expect(forInstitution).toHaveLength(5);
    for (const conflicted of [
      'sameInstitution',
      'inventor',
      'inventorName',
      'coApplicant',
      'coApplicantText',
      'unreachable',
    ])
      expect(forInstitution.map((x) => x.expertId)).not.toContain(experts[conflicted]);
  });

  it('asks for the patent-right evaluation report for utility models and designs only', () => {
    const def = latestDefinition('expert-evaluation');
    const asked = (patentType: string) =>
      visibleQuestions(def, {}, { patentType }).some((q) => q.id === 'evaluationReport');
    expect([asked('INVENTION'), asked('UTILITY_MODEL'), asked('DESIGN')]).toEqual([false, true, true]);
  });

  let request1: string;
  let request2: string;

  it('an enterprise picks two proposed experts from the patent page; they are invited through the outbox', async () => {
    const staff = as('staff');
    const page = await staff.press(patentAction.to({ patentId }));
    expect(actions(page)).toContain(expertRequestPageAction.to({ patentId }));
    let replies = await staff.press(expertRequestPageAction.to({ patentId }));
    expect(texts(replies)).toContain('钱一');
    expect(actions(replies)).toContain(patentAction.to({ patentId }));
    expect(texts(replies)).not.toContain('王同校');
    // A forged tick of a conflicted expert is not kept.
    replies = await staff.press(expertPickAction.to({ expertId: experts.enterpriseExpert! }));
    expect(actions(replies)).not.toContain(expertPickConfirmAction.to());
    await staff.press(expertPickAction.to({ expertId: experts.x1! }));
    replies = await staff.press(expertPickAction.to({ expertId: experts.x2! }));
    expect(texts(replies)).toContain('☑ 1');
    replies = await staff.press(expertPickConfirmAction.to());
    expect(texts(replies)).toContain(zh('expert-evaluation:page.requested', { count: 2 }));
    const rows = await db.prisma.expertEvaluationRequest.findMany({ where: { patentId } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('INVITED');
      expect(row.requestedById).toBe(ids.staff);
      expect(row.requesterEnterpriseId).not.toBeNull();
      expect(row.dueAt.getTime()).toBe(TEST_NOW.getTime() + 14 * DAY);
    }
    request1 = rows.find((r) => r.expertId === experts.x1)!.id;
    request2 = rows.find((r) => r.expertId === experts.x2)!.id;
    const invitations = await deliveries('expert-evaluation.invitation');
    expect(invitations.map((d) => d.personId).sort()).toEqual([ids.x1, ids.x2].sort());
    const message = await expertInvitation.render(db.prisma, {
      locale: 'zh-CN',
      personId: ids.x1!,
      now: TEST_NOW,
      payload: { requestId: request1 },
    });
    expect(message!.text).toContain('一种固态电解质及其制备方法');
    expect(message!.text).toContain('甲科技有限公司');
    expect(message!.text).toContain(localDate(new Date(TEST_NOW.getTime() + 14 * DAY), 'Asia/Shanghai'));
    expect(actions([message!])).toEqual([
      expertAcceptAction.to({ requestId: request1 }),
      expertDeclineAction.to({ requestId: request1 }),
    ]);
  });

  it('refuses forged buttons: another expert’s request, another institution’s patent', async () => {
    const refusedRequest = zh('expert-evaluation:refusal.not_your_request');
    expect(texts(await as('x2').press(expertAcceptAction.to({ requestId: request1 })))).toContain(
      refusedRequest,
    );
    expect(texts(await as('x3').press(expertDeclineAction.to({ requestId: request1 })))).toContain(
      refusedRequest,
    );
    expect(
      (await db.prisma.expertEvaluationRequest.findUniqueOrThrow({ where: { id: request1 } })).status,
    ).toBe('INVITED');
    const notAllowed = zh('expert-evaluation:refusal.not_allowed');
    expect(texts(await as('coord2').press(expertRequestPageAction.to({ patentId })))).toContain(notAllowed);
    expect(texts(await as('coord2').press(expertResultAction.to({ requestId: request1 })))).toContain(
      notAllowed,
    );
    expect(texts(await as('staff').press(expertRequestPageAction.to({ patentId: otherPatentId })))).toContain(
      notAllowed,
    );
  });

  it('an expert accepts, answers, resumes after a restart and submits; the grade is stored', async () => {
    const x1 = as('x1');
    let replies = await x1.press(expertAcceptAction.to({ requestId: request1 }));
    expect(texts(replies)).toContain(zh('expert-evaluation:q.trl.label'));
    await x1.text('4');
    await x1.text('4');
    // A restart: a new chat service on the same database continues where the expert stopped.
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock });
    replies = await x1.command('start');
    expect(texts(replies)).toContain(zh('expert-evaluation:q.rightStability.label'));
    expect(texts(replies)).not.toContain(zh('expert-evaluation:q.evaluationReport.label'));
    await x1.text('1');
    await x1.text('4');
    await x1.text('1');
    await x1.text('2');
    replies = await x1.text('初稿意见待改');
    expect(texts(replies)).toContain(zh('questionnaire-ui:review.heading'));
    // Edited from the review, then submitted.
    const edit = questionAction.to({ input: { type: 'edit', questionId: 'comments' } });
    expect(actions(replies)).toContain(edit);
    await x1.press(edit);
    replies = await x1.text('技术先进，建议许可。');
    expect(texts(replies)).toContain(zh('questionnaire-ui:review.heading'));
    replies = await x1.command('submit');
    expect(texts(replies)).toContain(zh('expert-evaluation:done'));
    const row = await db.prisma.expertEvaluationRequest.findUniqueOrThrow({ where: { id: request1 } });
    expect(row.status).toBe('SUBMITTED');
    expect(row.valueGrade).toBe('B');
    expect(parseState(row.state).answers.comments).toBe('技术先进，建议许可。');
    expect(await db.prisma.expertEvaluationAnswer.count({ where: { requestId: request1 } })).toBe(7);
    const grades = await expertGradeOf(db.prisma, [patentId, otherPatentId]);
    expect([...grades]).toEqual([[patentId, 'B']]);
    // The export's value grade column.
    const exported: ExportPatent[] = [];
    for await (const page of exportPatents(db.prisma, institutionId)) exported.push(...page);
    const column = inventoryColumns(null).find(
      (c) => c.header('zh-CN') === zh('export:column.expertValueGrade'),
    )!;
    expect(column.value(exported.find((x) => x.id === patentId)!, 'zh-CN', 'Asia/Shanghai')).toBe('B');
    // The requester and the institution's coordinator are told; nobody else.
    const told = await deliveries('expert-evaluation.submitted');
    expect(told.map((d) => d.personId).sort()).toEqual([ids.coord, ids.staff].sort());
  });

  it('shows the result to the requester and the coordinators, to the inventor only once released', async () => {
    const result = expertResultAction.to({ requestId: request1 });
    expect(texts(await as('staff').press(result))).toContain(
      zh('expert-evaluation:result.grade', { grade: 'B', date: localDate(TEST_NOW, 'Asia/Shanghai') }),
    );
    const notAllowed = zh('expert-evaluation:refusal.not_allowed');
    expect(texts(await as('inventor').press(result))).toContain(notAllowed);
    expect(texts(await as('x2').press(result))).toContain(notAllowed);
    expect(texts(await as('staff').press(expertReleaseAction.to({ requestId: request1 })))).toContain(
      notAllowed,
    );
    const coordinator = await as('coord').press(result);
    expect(texts(coordinator)).toContain('技术先进，建议许可。');
    expect(actions(coordinator)).toContain(expertReleaseAction.to({ requestId: request1 }));
    const number = formatApplicationNumber('202310000001');
    expect(texts(await as('inventor').send('experteval', number))).toContain(notAllowed);
    await as('coord').press(expertReleaseAction.to({ requestId: request1 }));
    expect((await deliveries('expert-evaluation.released')).map((d) => d.personId)).toEqual([ids.inventor]);
    expect(texts(await as('inventor').press(result))).toContain('技术先进，建议许可。');
    // Beyond the notice, the inventor finds the released result with the command: read-only.
    const own = await as('inventor').send('experteval', number);
    expect(texts(own)).toContain(zh('expert-evaluation:page.released'));
    expect(actions(own)).toEqual([expertResultAction.to({ requestId: request1 }), menuAction.to()]);
    // and on the patent's own page
    const patentRow = await db.prisma.patent.findUniqueOrThrow({ where: { applicationNumber: number } });
    expect(actions(await as('inventor').press(patentAction.to({ patentId: patentRow.id })))).toContain(
      expertResultAction.to({ requestId: request1 }),
    );
  });

  it('a decline asks for the reason and tells the requester at once', async () => {
    const x2 = as('x2');
    let replies = await x2.press(expertDeclineAction.to({ requestId: request2 }));
    expect(texts(replies)).toContain(
      zh('expert-evaluation:decline.ask', { title: '一种固态电解质及其制备方法' }),
    );
    replies = await x2.text('近期出差，无法评价');
    expect(texts(replies)).toContain(zh('expert-evaluation:decline.done'));
    const row = await db.prisma.expertEvaluationRequest.findUniqueOrThrow({ where: { id: request2 } });
    expect(row.status).toBe('DECLINED');
    expect(row.declineReason).toBe('近期出差，无法评价');
    const [notice] = await deliveries('expert-evaluation.declined');
    expect(notice!.personId).toBe(ids.staff);
    expect(notice!.notBefore.getTime()).toBe(TEST_NOW.getTime());
    // Accepting afterwards changes nothing.
    expect(texts(await x2.press(expertAcceptAction.to({ requestId: request2 })))).toContain(
      zh('expert-evaluation:refusal.closed.DECLINED'),
    );
  });

  it('reminds with back-off, tells the requester when overdue, and reassigns an overdue request', async () => {
    const coord = as('coord');
    // A coordinator has no patent page for a pool patent: the command opens its expert evaluations.
    // A number without its check character is told as such, not refused as someone else's patent.
    expect(texts(await coord.send('experteval', '202310000001'))).toContain(
      zh('expert-evaluation:command.bad_number', { value: '202310000001' }),
    );
    const opened = await coord.send('experteval', formatApplicationNumber('202310000001'));
    expect(texts(opened)).toContain(
      zh('expert-evaluation:page.heading', { title: '一种固态电解质及其制备方法' }),
    );
    expect(texts(await as('coord2').send('experteval', formatApplicationNumber('202310000001')))).toContain(
      zh('expert-evaluation:refusal.not_allowed'),
    );
    await coord.press(expertPickAction.to({ expertId: experts.x3! }));
    await coord.press(expertPickConfirmAction.to());
    const request3 = (
      await db.prisma.expertEvaluationRequest.findFirstOrThrow({ where: { expertId: experts.x3 } })
    ).id;
    // The expert's menu and Home list it with its deadline.
    const menu = await as('x3').command('menu');
    expect(actions(menu)).toContain(expertOpenAction.to({ requestId: request3 }));
    const home = await homeFor(db.prisma, (await loadActor(db.prisma, ids.x3!))!, clock.now());
    const section = home.sections.find(
      (x) => x.heading === zh('expert-evaluation:menu.heading', { count: 1 }),
    );
    expect(section?.lines.join('\n')).toContain(
      localDate(new Date(TEST_NOW.getTime() + 14 * DAY), 'Asia/Shanghai'),
    );
    // Not overdue yet: not reassigned.
    expect(
      texts(await coord.press(expertReassignToAction.to({ requestId: request3, expertId: experts.x4! }))),
    ).toContain(zh('expert-evaluation:refusal.not_overdue'));
    clock.set(new Date(TEST_NOW.getTime() + 3 * DAY));
    expect((await enqueueExpertEvaluationReminders(db.prisma, clock.now())).reminders).toBe(1);
    expect((await enqueueExpertEvaluationReminders(db.prisma, clock.now())).reminders).toBe(0);
    clock.set(new Date(TEST_NOW.getTime() + 5 * DAY));
    expect((await enqueueExpertEvaluationReminders(db.prisma, clock.now())).reminders).toBe(0);
    clock.set(new Date(TEST_NOW.getTime() + 15 * DAY));
    const run = await enqueueExpertEvaluationReminders(db.prisma, clock.now());
    expect(run).toMatchObject({ reminders: 1, overdue: 1 });
    // Only the open request: the submitted and the declined ones are reminded of nothing.
    const reminded = await deliveries('reminder.expert-evaluation');
    expect(new Set(reminded.map((d) => d.personId))).toEqual(new Set([ids.x3]));
    const [overdue] = await deliveries('expert-evaluation.overdue');
    expect(overdue!.personId).toBe(ids.coord);
    // Someone else may not reassign it; the requester may, to another proposed expert.
    expect(texts(await as('staff').press(expertReassignAction.to({ requestId: request3 })))).toContain(
      zh('expert-evaluation:refusal.not_allowed'),
    );
    const choices = await coord.press(expertReassignAction.to({ requestId: request3 }));
    const to = expertReassignToAction.to({ requestId: request3, expertId: experts.x4! });
    expect(actions(choices)).toContain(to);
    expect(texts(await coord.press(to))).toContain(
      zh('expert-evaluation:reassign.done', { title: '一种固态电解质及其制备方法' }),
    );
    const old = await db.prisma.expertEvaluationRequest.findUniqueOrThrow({ where: { id: request3 } });
    const next = await db.prisma.expertEvaluationRequest.findFirstOrThrow({
      where: { expertId: experts.x4 },
    });
    expect(old.status).toBe('WITHDRAWN');
    expect(old.reassignedToId).toBe(next.id);
    expect(next.status).toBe('INVITED');
    expect(next.requestedById).toBe(ids.coord);
    expect(next.requesterEnterpriseId).toBeNull();
    expect(next.dueAt.getTime()).toBe(clock.now().getTime() + 14 * DAY);
    expect((await deliveries('expert-evaluation.withdrawn')).map((d) => d.personId)).toEqual([ids.x3]);
    expect((await deliveries('expert-evaluation.invitation')).map((d) => d.personId)).toContain(ids.x4);
    // A second tap changes nothing.
    expect(texts(await coord.press(to))).toContain(zh('expert-evaluation:refusal.not_overdue'));
    // The withdrawn request is no longer the expert's to answer.
    expect(texts(await as('x3').press(expertAcceptAction.to({ requestId: request3 })))).toContain(
      zh('expert-evaluation:refusal.closed.WITHDRAWN'),
    );
  });
});
