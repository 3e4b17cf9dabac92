// A province set up from an empty database with the use cases a real office would run (the ones
// behind `npm run admin` and the chat), no demo seed: the first administrator binds their chat
// account, registers a university with a college, invites the bureau officer and the university's
// coordinator; the coordinator imports the staff list and the patent list, invites the inventor, who
// answers the self-assessment in chat; the coordinator screens it into the pool. An enterprise
// registers from the public link, the bureau verifies it with one tap, and it receives the match
// push; an enterprise nobody verified never does. On PGlite and PostgreSQL.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, OutgoingMessage } from '../../core/channel/messages.ts';
import { type ChatService, createChatService } from '../../core/chat/chat-service.ts';
import { registerEnterprise } from '../../core/enterprises/enterprises.ts';
import { registerInstitution } from '../../core/institutions/institutions.ts';
import { importPatents } from '../../core/inventory/import.ts';
import { initFirstAdmin } from '../../core/invites/bootstrap.ts';
import { inviteToRole } from '../../core/invites/role-invites.ts';
import { runMatching } from '../../core/matching/run.ts';
import { type Actor, findActor } from '../../core/people/actor.ts';
import { allQuestions, type Question } from '../../core/questionnaire/definition.ts';
import { latestDefinition } from '../../core/questionnaire/definitions/index.ts';
import { parseState } from '../../core/questionnaire/state.ts';
import { importStaff } from '../../core/staff/import.ts';
import { creditCode } from '../core/enterprises/fixtures.ts';
import { CNIPA_HEADERS, cnipaRow, csv, opener, utf8 } from '../core/inventory/fixtures.ts';
import { ACTIONS, decodeAction, encodeAction } from '../support/actions.ts';
import { TEST_NOW, testClock } from '../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

function typedAnswer(q: Question): string {
  switch (q.type) {
    case 'single_choice':
    case 'multi_choice':
      return '1';
    case 'scale':
      return '4';
    case 'trl':
      return '5';
    case 'number':
      return '120';
    case 'text':
      return '用于储能电站的电池管理';
    case 'date':
      return '2024-03-01';
    case 'yes_no':
      return '是';
  }
}

const buttonsOf = (replies: OutgoingMessage[]) => replies.flatMap((r) => (r.buttons ?? []).flat());

describe.each(DATABASE_KINDS)('a province from an empty database on %s', (kind) => {
  let db: TestDatabase;
  let chat: ChatService;
  const send = (userId: string, event: IncomingEvent) =>
    chat.handle({ channel: 'TERMINAL', userId, chatIsPrivate: true, languageHint: 'zh-CN', event });
  const command = (userId: string, name: string, args = '') =>
    send(userId, { kind: 'command', command: name, args });
  const type = (userId: string, text: string) => send(userId, { kind: 'text', text });
  const press = (userId: string, action: string) => send(userId, { kind: 'action', action });
  const actor = async (userId: string): Promise<Actor> =>
    (await findActor(db.prisma, 'TERMINAL', userId)) ?? expect.fail(`${userId} is not bound`);

  let institutionId: string;
  let patentId: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    chat = createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  });
  afterAll(() => db?.close());

  it('starts empty: nobody can act, and the first administrator binds their chat account', async () => {
    expect(await db.prisma.institution.count()).toBe(0);
    expect(await db.prisma.person.count()).toBe(0);
    const first = await initFirstAdmin(
      db.prisma,
      { email: 'admin@zjip.gov.cn', name: '平台管理员' },
      TEST_NOW,
    );
    await expect(
      initFirstAdmin(db.prisma, { email: 'second@zjip.gov.cn', name: '第二人' }, TEST_NOW),
    ).rejects.toThrow();
    const welcome = await command('admin', 'start', first.token);
    expect(welcome[0]!.text).toContain('平台管理员');
    expect((await actor('admin')).roles.map((r) => r.role)).toEqual(['ADMIN']);
  });

  it('the administrator registers a university with a college and invites the bureau and the coordinator', async () => {
    const admin = await actor('admin');
    const registered = await registerInstitution(
      db.prisma,
      admin,
      {
        code: 'ZJST',
        nameZh: '浙江科创大学',
        nameEn: 'Zhejiang University of Science and Innovation',
        kind: 'UNIVERSITY',
        creditCode: creditCode('12330000MB'),
        province: '330000',
        city: '330100',
        colleges: [{ code: 'MAT', nameZh: '材料学院', nameEn: 'School of Materials' }],
      },
      TEST_NOW,
    );
    institutionId = registered.id;
    const bureau = await inviteToRole(
      db.prisma,
      admin,
      { role: 'BUREAU_OFFICER', province: '330000', invitee: { name: '省局王处长' } },
      TEST_NOW,
    );
    await command('bureau', 'start', bureau.token);
    const coordinator = await inviteToRole(
      db.prisma,
      admin,
      {
        role: 'UNIVERSITY_COORDINATOR',
        institutionId,
        invitee: { name: '科技处李老师', email: 'li@zjst.edu.cn' },
      },
      TEST_NOW,
    );
    await command('coordinator', 'start', coordinator.token);
    expect((await actor('bureau')).roles).toEqual([
      expect.objectContaining({ role: 'BUREAU_OFFICER', province: '330000' }),
    ]);
    expect((await actor('coordinator')).roles).toEqual([
      expect.objectContaining({ role: 'UNIVERSITY_COORDINATOR', institutionId }),
    ]);
  });

  it('the coordinator imports the staff list and the patent list; the inventor is known and responsible', async () => {
    const coordinator = await actor('coordinator');
    const staff = await importStaff(db.prisma, {
      institutionId,
      actor: coordinator,
      fileName: 'staff.csv',
      open: opener(
        utf8(
          csv([
            ['姓名', '工号', '邮箱', '学院', '状态'],
            ['张伟', 'T001', 'zhangwei@zjst.edu.cn', '材料学院', '在职'],
            ['李明', 'S042', '', '材料学院', '学生'],
          ]),
        ),
      ),
      locale: 'zh-CN',
      clock: testClock(),
    });
    expect(staff).toMatchObject({ created: 2, failed: 0 });

    const patents = await importPatents(db.prisma, {
      institutionId,
      actor: coordinator,
      fileName: 'cnipa.csv',
      open: opener(
        utf8(csv([CNIPA_HEADERS, cnipaRow(1, { '申请（专利权）人': '浙江科创大学', 发明人: '张伟;李明' })])),
      ),
      locale: 'zh-CN',
      clock: testClock(),
    });
    expect(patents.failed).toBe(0);
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { institutionId },
      include: { responsibleInventor: true },
    });
    patentId = patent.id;
    expect(patent.responsibleInventor?.name).toBe('张伟');
  });

  it('the inventor, invited by the coordinator, answers the self-assessment in chat', async () => {
    const coordinator = await actor('coordinator');
    const zhang = await db.prisma.person.findFirstOrThrow({ where: { name: '张伟' } });
    const invitation = await inviteToRole(
      db.prisma,
      coordinator,
      { role: 'INVENTOR', institutionId, invitee: { personId: zhang.id } },
      TEST_NOW,
    );
    await command('zhangwei', 'start', invitation.token);
    const inventor = await actor('zhangwei');
    expect(inventor.roles.map((r) => r.role)).toEqual(['INVENTOR']);

    const list = await press('zhangwei', encodeAction({ type: 'patents', page: 0 }));
    expect(buttonsOf(list).some((b) => decodeAction(b.action)?.type === 'patent')).toBe(true);
    await press('zhangwei', encodeAction({ type: 'assess', patentId }));
    const questions = allQuestions(latestDefinition('self-assessment'));
    for (let step = 0; ; step++) {
      expect(step).toBeLessThan(60);
      const row = await db.prisma.selfAssessment.findFirstOrThrow({ where: { patentId } });
      const state = parseState(row.state);
      if (state.phase === 'review') break;
      await type('zhangwei', typedAnswer(questions.find((q) => q.id === state.current)!));
    }
    await press('zhangwei', ACTIONS.q.to({ input: { type: 'submit' } }));
    expect(await db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } })).toMatchObject({
      inventoryStatus: 'SUBMITTED',
    });
  });

  it('the coordinator screens it into the resource pool (standing in for the college without one)', async () => {
    const college = await press(
      'coordinator',
      encodeAction({ type: 'screenDecide', outcome: 'APPROVED', patentId }),
    );
    expect(college.map((r) => r.text).join('\n')).not.toMatch(/^⛔/);
    await press('coordinator', encodeAction({ type: 'screenDecide', outcome: 'APPROVED', patentId }));
    expect(await db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } })).toMatchObject({
      inventoryStatus: 'IN_POOL',
    });
  });

  it('an enterprise registers from the public link, the bureau verifies it, and only it gets the push', async () => {
    // The public link: an unknown account answers the registration questions in chat.
    const code = creditCode();
    await command('ent', 'start', 'register');
    for (const answer of ['赵经理', '杭州固能电池有限公司', code, '杭州']) await type('ent', answer);
    await press('ent', 'q:t:types:highTech');
    await press('ent', 'q:ok:types');
    for (const answer of ['3', 'H01M', '固态电池']) await type('ent', answer);
    await command('ent', 'skip');
    await press('ent', 'q:submit');
    const registered = await db.prisma.enterprise.findUniqueOrThrow({ where: { creditCode: code } });
    expect(registered.status).toBe('PENDING');

    // Another enterprise in the same field that nobody verifies.
    const owner = await db.prisma.person.create({ data: { name: '钱总' } });
    await registerEnterprise(
      db.prisma,
      { personId: owner.id },
      {
        name: '未核验储能公司',
        creditCode: creditCode(),
        region: '330100',
        ipcInterests: ['H01M'],
        keywords: ['固态电池'],
      },
      TEST_NOW,
    );

    // One tap by the province's bureau officer, from the list of enterprises waiting.
    const pending = await command('bureau', 'enterprises');
    const verify = buttonsOf(pending).find((b) => b.action === `env:${registered.id}`);
    expect(verify).toBeDefined();
    await press('bureau', verify!.action);
    expect((await db.prisma.enterprise.findUniqueOrThrow({ where: { id: registered.id } })).status).toBe(
      'VERIFIED',
    );

    await runMatching(db.prisma, { now: TEST_NOW });
    const pushes = await db.prisma.matchPush.findMany({ where: { patentId }, include: { enterprise: true } });
    expect(pushes.map((p) => p.enterprise.name)).toEqual(['杭州固能电池有限公司']);
  });
});
