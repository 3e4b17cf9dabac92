// What an enterprise reaches (issue 13, item 5): the patents of the transformation resource pool, and
// beyond it only what was put before it (a patent pushed to it, one featured in a roadshow its staff
// member is invited to). A submitted patent its college has not screened yet is nobody else's
// business: a forged `p:`, `ev:` or `ri:` for it is refused, and it is not in the recommended list
// even when it is in the enterprise's field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAction } from '../../../core/assessments/actions.ts';
import { t } from '../../../core/i18n.ts';
import { patentAction, patentsAction } from '../../../core/inventory/actions.ts';
import { interestAction } from '../../../core/roadshows/actions.ts';
import { decodeAction, encodeAction } from '../../support/actions.ts';
import { TEST_NOW } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createWorld, type World } from '../inventory/fixtures.ts';
import { allText, chatOf, INTERNAL_ERROR, patentOf } from './fixtures.ts';

describe('an enterprise reaches the pool and what was offered to it', () => {
  let db: TestDatabase;
  let world: World;
  let chat: ReturnType<typeof chatOf>;
  let enterpriseUser: string;
  let enterpriseId: string;
  const patents = {} as Record<'unscreened' | 'pooled' | 'pushed' | 'featured', string>;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    world = await createWorld(db.prisma);
    chat = chatOf(db.prisma);
    enterpriseUser = world.userIds.enterprise!;
    const staff = await db.prisma.roleAssignment.findFirstOrThrow({
      where: { personId: world.enterprise.personId },
    });
    enterpriseId = staff.enterpriseId!;
    await db.prisma.enterprise.update({ where: { id: enterpriseId }, data: { ipcInterests: ['H01M'] } });
    // All four are valid and in the enterprise's field (H01M).
    patents.unscreened = await patentOf(db.prisma, world, { status: 'SUBMITTED' });
    patents.pooled = await patentOf(db.prisma, world, { status: 'IN_POOL' });
    // Outside the pool, but put before this enterprise: pushed to it, featured in its roadshow.
    patents.pushed = await patentOf(db.prisma, world, { status: 'COLLEGE_APPROVED' });
    await db.prisma.matchPush.create({
      data: {
        patentId: patents.pushed,
        enterpriseId,
        score: 0.8,
        reasons: [{ kind: 'ipc', value: 'H01M' }],
        status: 'SENT',
        pushedAt: TEST_NOW,
      },
    });
    patents.featured = await patentOf(db.prisma, world, { status: 'COLLEGE_APPROVED' });
    await db.prisma.roadshow.create({
      data: {
        institutionId: world.institutionId,
        title: '储能专利路演',
        startsAt: new Date(TEST_NOW.getTime() + 7 * 86_400_000),
        status: 'PUBLISHED',
        createdById: world.coordinator.personId,
        patents: { create: [{ patentId: patents.featured }] },
        invitations: { create: [{ personId: world.enterprise.personId }] },
      },
    });
  }, 60_000);
  afterAll(() => db?.close());

  const press = (action: string) => chat.press(enterpriseUser, action);

  it('refuses forged p:, ev: and ri: buttons for a submitted, unscreened patent', async () => {
    const patentId = patents.unscreened;
    const view = await press(encodeAction({ type: 'patent', patentId }));
    expect(allText(view)).toBe(`⛔ ${t('zh-CN', 'chat:refusal.not_your_patent')}`);
    const evaluate = await press(encodeAction({ type: 'evaluate', patentId }));
    expect(allText(evaluate)).toBe(`⛔ ${t('zh-CN', 'chat:refusal.patent_unavailable')}`);
    const interest = await press(encodeAction({ type: 'interest', patentId }));
    expect(allText(interest)).toBe(`⛔ ${t('zh-CN', 'roadshow:refusal.not_invited')}`);
    expect(await db.prisma.enterpriseEvaluation.count({ where: { patentId } })).toBe(0);
    expect(await db.prisma.introduction.count({ where: { patentId } })).toBe(0);
  });

  it('lists the pool patent of its field, not the unscreened one', async () => {
    const list = await press(patentsAction.to({ page: 0 }));
    const listed = list
      .flatMap((m) => m.buttons?.flat() ?? [])
      .map((b) => decodeAction(b.action))
      .flatMap((a) => (a?.type === 'patent' ? [a.patentId] : []));
    expect(listed).toContain(patents.pooled);
    expect(listed).not.toContain(patents.unscreened);
  });

  it.each(['pooled', 'pushed', 'featured'] as const)(
    'lets it see, evaluate and ask about a %s patent',
    async (which) => {
      const patentId = patents[which];
      const view = await press(patentAction.to({ patentId }));
      expect(allText(view)).toContain('一种固态电池隔膜');
      const offered = view[0]!.buttons!.flat().map((b) => decodeAction(b.action)?.type);
      expect(offered).toEqual(expect.arrayContaining(['evaluate', 'interest']));
      const evaluation = await press(evaluateAction.to({ patentId }));
      expect(allText(evaluation)).not.toMatch(/^⛔/);
      expect(allText(evaluation)).not.toContain(INTERNAL_ERROR);
      expect(await db.prisma.enterpriseEvaluation.count({ where: { patentId, enterpriseId } })).toBe(1);
      const interest = await press(interestAction.to({ patentId }));
      expect(allText(interest)).toBe(t('zh-CN', 'roadshow:interest.recorded'));
    },
  );

  it('does not let an evaluation opened earlier continue once the patent is no longer offered', async () => {
    // An evaluation of the pool patent is open (the test above); the patent then leaves the offer.
    const patentId = patents.pooled;
    await press(evaluateAction.to({ patentId }));
    await db.prisma.patent.update({ where: { id: patentId }, data: { inventoryStatus: 'SUBMITTED' } });
    const answered = await chat.type(enterpriseUser, '3');
    expect(allText(answered)).toBe(`⛔ ${t('zh-CN', 'chat:refusal.patent_unavailable')}`);
    const evaluation = await db.prisma.enterpriseEvaluation.findFirstOrThrow({
      where: { patentId, enterpriseId },
      include: { answers: true },
    });
    expect(evaluation.answers).toEqual([]);
    await db.prisma.patent.update({ where: { id: patentId }, data: { inventoryStatus: 'IN_POOL' } });
  });
});
