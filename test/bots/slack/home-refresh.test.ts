// App Homes refreshed for everyone a change concerns, not only for the person acting: an inventor's
// submission (through core) republishes the college and university coordinators' Homes on the next
// tick of the audit feed; a screening decision reaches the inventor's Home through the scheduled job
// (real BullMQ on the real Redis, under a random prefix). Unconcerned people are left alone.

import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackHomePublisher } from '../../../bots/slack/home-publisher.ts';
import { assessAction } from '../../../core/assessments/actions.ts';
import type { FormView, IncomingMessage, OutgoingMessage } from '../../../core/channel/messages.ts';
import { formAction } from '../../../core/chat/chat-actions.ts';
import { DEMO_PERSONS } from '../../../core/demo/demo-data.ts';
import { t } from '../../../core/i18n.ts';
import { loadActor } from '../../../core/people/actor.ts';
import type { RawAnswer } from '../../../core/questionnaire/parsers/index.ts';
import { decide } from '../../../core/screening/decide.ts';
import { refreshChangedOverviews, startHomeRefresh } from '../../../jobs/home-refresh.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { openTestRedis } from '../../support/redis.ts';
import { waitFor } from '../../support/wait-for.ts';
import { type SlackHarness, shownText, startSlackHarness, TEAM } from './harness.ts';

const silent = pino({ level: 'silent' });
const email = (key: string) => DEMO_PERSONS.find((p) => p.key === key)!.email;

const USERS = {
  inventor: 'UINV',
  coordinator: 'UCOORD',
  'college-coordinator': 'UCOLL',
  enterprise: 'UENT',
} as const;

/** A valid answer for every field of a form page, as a person would give it. */
function validValues(form: FormView): Record<string, RawAnswer> {
  const values: Record<string, RawAnswer> = {};
  for (const field of form.fields) {
    const first = field.options?.[0]?.id ?? null;
    switch (field.kind) {
      case 'multi':
        values[field.id] = first ? [first] : [];
        break;
      case 'number':
        values[field.id] = '50';
        break;
      case 'date':
        values[field.id] = '2024-03-01';
        break;
      case 'text':
      case 'multiline':
        values[field.id] = '已在本校中试线上应用，效果良好';
        break;
      default:
        values[field.id] = first;
    }
  }
  return values;
}

describe.each(DATABASE_KINDS)('App Home refreshed for the people a change concerns on %s', (kind) => {
  let h: SlackHarness;
  const testRedis = openTestRedis('test-home');
  const { redis, prefix } = testRedis;
  let patentId: string;

  beforeAll(async () => {
    h = await startSlackHarness(kind);
    for (const [key, user] of Object.entries(USERS)) {
      h.api.setUser(user, { teamId: TEAM, email: email(key), locale: 'zh-CN' });
      // Opening the Home binds the Slack account by its email, as on a first visit.
      await h.event({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home' });
    }
    const patent = await h.db.prisma.patent.findFirstOrThrow({
      where: {
        responsibleInventorId: h.demo.inventorPersonId,
        collegeId: h.demo.collegeIds['DHUT-MSE'],
        type: 'INVENTION',
        inventoryStatus: 'NOT_STARTED',
      },
      orderBy: { applicationNumber: 'asc' },
    });
    patentId = patent.id;
  }, 60_000);

  afterAll(async () => {
    await testRedis.cleanup();
    await h?.close();
  });

  beforeEach(() => h.api.reset());

  const tick = () =>
    refreshChangedOverviews({
      db: h.db.prisma,
      redis,
      publishers: [new SlackHomePublisher(h.bot.app.client, h.db.prisma, h.clock)],
      logger: silent,
      prefix,
    });

  const publishedFor = (user: string) => h.api.calls('views.publish').filter((c) => c.body.user_id === user);

  /** The inventor answers every page and submits, through core as the Slack adapter would call it. */
  async function submitThroughCore(): Promise<void> {
    const ask = (event: IncomingMessage['event']) =>
      h.chat.handle({
        channel: 'SLACK',
        userId: `${TEAM}:${USERS.inventor}`,
        chatIsPrivate: true,
        supportsForms: true,
        event,
      });
    await ask({ kind: 'action', action: assessAction.to({ patentId }) });
    let replies: OutgoingMessage[] = await ask({ kind: 'action', action: formAction.to() });
    for (let page = 0; page < 20; page++) {
      const form = replies.find((r) => r.form)?.form;
      if (!form) break;
      replies = await ask({ kind: 'form', formId: form.formId, values: validValues(form) });
    }
    const submit = replies
      .flatMap((r) => r.buttons ?? [])
      .flat()
      .find((b) => b.action === 'q:submit');
    expect(submit, 'the review offers to submit').toBeDefined();
    await ask({ kind: 'action', action: submit!.action });
    const status = await h.db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } });
    expect(status.inventoryStatus).toBe('SUBMITTED');
  }

  it("an inventor's submission republishes the coordinators' Homes on the next tick, each once", async () => {
    // The first tick only places the cursor: history is not replayed.
    expect(await tick()).toEqual({ people: 0, published: 0, failed: 0 });
    expect(h.api.calls('views.publish')).toEqual([]);

    await submitThroughCore();
    h.api.reset();
    const result = await tick();
    expect(result?.failed).toBe(0);

    // The college coordinator now has a submission waiting; the university coordinator's counts moved.
    const college = publishedFor(USERS['college-coordinator']);
    expect(college).toHaveLength(1);
    expect(shownText(college)).toContain(t('zh-CN', 'home:screening.COLLEGE', { count: 1 }));
    const university = publishedFor(USERS.coordinator);
    expect(university).toHaveLength(1);
    expect(shownText(university)).toContain(t('zh-CN', 'chat:status.SUBMITTED'));
    // The inventor's own Home too (the change is theirs), once; the enterprise is not concerned.
    expect(publishedFor(USERS.inventor)).toHaveLength(1);
    expect(publishedFor(USERS.enterprise)).toEqual([]);

    // Nothing new: nothing republished.
    h.api.reset();
    expect(await tick()).toEqual({ people: 0, published: 0, failed: 0 });
    expect(h.api.calls('views.publish')).toEqual([]);
  });

  it("the scheduled job brings a screening decision to the inventor's Home", async () => {
    const workerRedis = testRedis.connect();
    const runtime = await startHomeRefresh({
      db: h.db.prisma,
      redis,
      connection: workerRedis,
      publishers: [new SlackHomePublisher(h.bot.app.client, h.db.prisma, h.clock)],
      logger: silent,
      prefix,
      everyMs: 200,
    });
    try {
      const collegeCoordinator = await loadActor(
        h.db.prisma,
        (await h.db.prisma.person.findUniqueOrThrow({ where: { email: email('college-coordinator') } })).id,
      );
      await decide(h.db.prisma, collegeCoordinator!, { patentId, outcome: 'APPROVED' }, h.clock.now());
      const approved = t('zh-CN', 'chat:status.COLLEGE_APPROVED');
      await waitFor(() => shownText(publishedFor(USERS.inventor)).includes(approved), {
        timeoutMs: 15_000,
        intervalMs: 100,
        message: "the inventor's Home shows the decision",
      });
      expect(shownText(publishedFor(USERS.inventor))).toContain(approved);
      expect(publishedFor(USERS.enterprise)).toEqual([]);
    } finally {
      await runtime.queue.obliterate({ force: true });
      await runtime.close(true);
      workerRedis.disconnect();
    }
  });
});
