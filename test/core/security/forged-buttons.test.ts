// Forged buttons (issue 13, item 8): every button that carries an id, pressed with the id of an
// object that is not the presser's (a patent of another college, a roadshow of another university,
// another enterprise, another person) or with an unknown id, by a coordinator of the wrong college,
// an inventor and an enterprise. Each press is refused with a message: never an internal error,
// never a confirmation or the object's details first.
//
// The table is built from every codec of test/support/actions.ts (the list buttons.test.ts checks
// against the wire ids): each codec is probed with an id in every position and letter combination it
// accepts, so a button added later is forged too, once its id parameter's kind is named in KINDS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../core/channel/messages.ts';
import type { ButtonCodec } from '../../../core/chat/buttons.ts';
import { t } from '../../../core/i18n.ts';
import { ACTIONS, decodeAction } from '../../support/actions.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createWorld, type World } from '../inventory/fixtures.ts';
import { chatOf, chatPerson, INTERNAL_ERROR, patentOf } from './fixtures.ts';

type Kind = 'patent' | 'roadshow' | 'enterprise' | 'person' | 'role' | 'deal';
/** What the id parameter of a button names; `id` is a role assignment's or a person's (core/people). */
const KINDS: Record<string, Kind[]> = {
  patentId: ['patent'],
  roadshowId: ['roadshow'],
  enterpriseId: ['enterprise'],
  personId: ['person'],
  id: ['person', 'role'],
  // Not an object's id, though a uuid passes for one: a bulk group's key (an IPC subclass, "manual").
  key: [],
  // Dead letters are the administrators' alone, whoever's delivery they were: anyone else is refused
  // by role before the id is read (test/core/delivery/dead-letters.test.ts).
  deliveryId: [],
  // An open-licence claim is settled by the patent's coordinators only (authorized on the claim's
  // patent): an enterprise's press and an unknown claim are refused in
  // test/core/open-licence/open-licence.test.ts.
  claimId: [],
  // A deal (TransformationRecord) whose contract file is attached: authorized on the deal's patent.
  dealId: ['deal'],
};

const PROBE = '00000000-0000-4000-8000-000000000000';
const UNKNOWN = '6f1c2b3a-9d8e-4f70-8a6b-5c4d3e2f1a0b';
const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];

/** Every distinct way a codec carries an id: its wire id with the probe where the id goes. */
function idVariants(code: string, codec: ButtonCodec<unknown>): { wire: string; key: string }[] {
  const tails = [
    PROBE,
    ...ALNUM.map((a) => `${a}:${PROBE}`),
    ...ALNUM.flatMap((a) => ALNUM.map((b) => `${a}:${b}:${PROBE}`)),
  ];
  const seen = new Map<string, { wire: string; key: string }>();
  for (const tail of tails) {
    const wire = `${codec.code}:${tail}`;
    const params = codec.decode(wire) as Record<string, unknown> | null;
    if (!params) continue;
    const key = Object.keys(params).find((k) => params[k] === PROBE);
    if (!key) continue;
    // Numbers (an inventor's position, a candidate's index) do not make another kind of press.
    const shape = JSON.stringify(params, (_, v) => (typeof v === 'number' ? 0 : v));
    if (!seen.has(shape)) seen.set(shape, { wire, key });
  }
  for (const { key } of seen.values()) {
    if (!KINDS[key]) throw new Error(`button ${code}: name the kind of its id parameter "${key}" in KINDS`);
  }
  return [...seen.values()].filter(({ key }) => KINDS[key]!.length > 0);
}

const FORGEABLE = Object.entries(ACTIONS).flatMap(([name, codec]) =>
  idVariants(name, codec as ButtonCodec<unknown>).map((v) => ({ name, ...v })),
);

const PRESSERS = ['wrongCollege', 'inventor', 'enterprise'] as const;
type Presser = (typeof PRESSERS)[number];

// The three pressers are different people: their presses of one forged id run side by side.
const CASES = FORGEABLE.flatMap(({ name, wire, key }) => [
  ...KINDS[key]!.map((kind) => ({ name, wire, target: `another's ${kind}`, kind })),
  { name, wire, target: 'an unknown id', kind: null },
]);

/**
 * Replies that refuse without saying more: "⛔ …"; or, where a feature answers a stale or foreign id
 * as "nothing of yours here", that a roadshow wizard has no such draft or that the caller manages
 * nobody of that name (core/people/manage-chat.ts, which does not reveal whether someone exists).
 */
const NOTHING_HERE = ['roadshow:create.no_draft', 'people:manage.not_found'].map((key) => t('zh-CN', key));

function refusalProblem(replies: OutgoingMessage[]): string | null {
  const text = replies.map((r) => r.text).join('\n');
  if (text.includes(INTERNAL_ERROR)) return 'internal error';
  if (replies.length !== 1) return `${replies.length} messages: ${text}`;
  const [reply] = replies;
  const offered = (reply!.buttons ?? []).flat().filter((b) => decodeAction(b.action)?.type !== 'menu');
  if (offered.length > 0) return `offers ${offered.map((b) => b.label).join(', ')}: ${text}`;
  const refused = text.startsWith('⛔') || NOTHING_HERE.includes(text);
  return refused ? null : `not a refusal: ${text}`;
}

describe('forged buttons', () => {
  let db: TestDatabase;
  let world: World;
  let chat: ReturnType<typeof chatOf>;
  const users = {} as Record<Presser, string>;
  const objects = {} as Record<Kind, string>;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    world = await createWorld(db.prisma);
    chat = chatOf(db.prisma);
    // The coordinator of the university's second college: the patents below are the first college's.
    const secondCollege = await db.prisma.institution.create({
      data: {
        code: `${world.institutionId.slice(0, 8)}-EE`,
        nameZh: '电气学院',
        kind: 'COLLEGE',
        province: '310000',
        parentId: world.institutionId,
      },
    });
    users.wrongCollege = `wrong-college-${secondCollege.id.slice(0, 8)}`;
    await chatPerson(db.prisma, users.wrongCollege, 'COLLEGE_COORDINATOR', {
      institutionId: secondCollege.id,
    });
    users.inventor = world.userIds.zhangwei!;
    users.enterprise = world.userIds.enterprise!;
    // Another inventor's submission, waiting for the first college's screening: not in the pool.
    objects.patent = await patentOf(db.prisma, world, { status: 'SUBMITTED' });
    await db.prisma.selfAssessment.create({
      data: {
        patentId: objects.patent,
        respondentId: world.persons.wangfang!,
        questionnaireId: 'self-assessment',
        questionnaireVersion: 1,
        status: 'SUBMITTED',
        submittedAt: TEST_NOW,
        state: {},
      },
    });
    // The other university's published roadshow, to which none of the pressers is invited.
    objects.roadshow = (
      await db.prisma.roadshow.create({
        data: {
          institutionId: world.otherInstitutionId,
          title: '另一所大学的路演',
          startsAt: new Date(TEST_NOW.getTime() + 7 * 86_400_000),
          status: 'PUBLISHED',
          createdById: world.otherCoordinator.personId,
        },
      })
    ).id;
    objects.enterprise = (
      await db.prisma.enterprise.create({
        data: { name: '外省企业', creditCode: `FORGED${world.institutionId.slice(0, 6)}`, region: '110105' },
      })
    ).id;
    objects.person = world.otherCoordinator.personId;
    objects.role = (
      await db.prisma.roleAssignment.findFirstOrThrow({ where: { personId: objects.person } })
    ).id;
    // A deal on the first college's patent, without a contract yet.
    objects.deal = (
      await db.prisma.transformationRecord.create({ data: { patentId: objects.patent, kind: 'TRANSFER' } })
    ).id;
  }, 60_000);
  afterAll(() => db?.close());

  it('forges every button that carries an id', () => {
    // The buttons of issue 13's findings are among them, with each variant of their other parameters.
    const codes = new Set(FORGEABLE.map((f) => f.wire.split(':')[0]));
    for (const code of ['p', 'ev', 'ri', 'sx', 'sd', 'sv', 'rv', 'rc', 'rk', 'rp', 'li', 'env']) {
      expect(codes).toContain(code);
    }
    // The deal buttons (issue 17): choosing a deal's kind, attaching or replacing its contract.
    for (const code of ['rdc', 'rda', 'rdx']) expect(codes).toContain(code);
    expect(FORGEABLE.filter((f) => f.wire.startsWith('sd:'))).toHaveLength(3);
    expect(FORGEABLE.filter((f) => f.wire.startsWith('rv:'))).toHaveLength(3);
  });

  it.each(CASES)('$name ($wire) with $target → refused to each presser', async ({ wire, kind }) => {
    const forged = wire.replace(PROBE, kind === null ? UNKNOWN : objects[kind]);
    const problems = await Promise.all(
      PRESSERS.map(async (presser) => {
        const problem = refusalProblem(await chat.press(users[presser], forged));
        return problem && `${presser}: ${problem}`;
      }),
    );
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('changed nothing', async () => {
    expect(await db.prisma.patent.findUniqueOrThrow({ where: { id: objects.patent } })).toMatchObject({
      inventoryStatus: 'SUBMITTED',
      responsibleInventorId: world.persons.wangfang,
    });
    expect(await db.prisma.screeningDecision.count()).toBe(0);
    expect(await db.prisma.enterpriseEvaluation.count()).toBe(0);
    expect(await db.prisma.introduction.count()).toBe(0);
    expect(await db.prisma.invitation.count()).toBe(0);
    // Nobody was left waiting to attach a contract to a deal not theirs.
    expect(await db.prisma.conversation.count({ where: { flow: 'deal-contract' } })).toBe(0);
    expect(await db.prisma.enterprise.findUniqueOrThrow({ where: { id: objects.enterprise } })).toMatchObject(
      {
        status: 'PENDING',
      },
    );
    const other = await db.prisma.person.findUniqueOrThrow({
      where: { id: objects.person },
      include: { roles: true, identities: true },
    });
    expect(other.deactivatedAt).toBeNull();
    expect(other.roles).toHaveLength(1);
    expect(other.identities).toHaveLength(1);
  });
});
