// The Slack bot end to end: signed requests into bolt's HTTP receiver, Web API calls captured by the
// local stand-in, real core and real databases (PGlite and PostgreSQL).
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackChannel } from '../../../bots/slack/slack-channel.ts';
import { assessAction, evaluateAction } from '../../../core/assessments/actions.ts';
import { formAction } from '../../../core/chat/chat-actions.ts';
import { DEMO_PERSONS, DEMO_POOLED_PATENTS } from '../../../core/demo/demo-data.ts';
import { exportInventoryAction } from '../../../core/export/actions.ts';
import { t } from '../../../core/i18n.ts';
import { patentAction } from '../../../core/inventory/actions.ts';
import { createInvite } from '../../../core/invites/invites.ts';
import { coordinatorOverviewAction } from '../../../core/progress/actions.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { type Json, type SlackHarness, shownText, sign, startSlackHarness, TEAM } from './harness.ts';

const email = (key: string) => DEMO_PERSONS.find((p) => p.key === key)!.email;

const INVENTOR = 'UINV';
const ENTERPRISE = 'UENT';
const COORDINATOR = 'UCOORD';
const BUREAU = 'UBUR';
const STRANGER = 'USTRANGER';

/** A valid value for any modal input, in view_submission state shape. */
function validState(view: Json): Json {
  const values: Json = {};
  for (const block of view.blocks as Json[]) {
    if (block.type !== 'input') continue;
    const el = block.element as Json;
    const first = (el.options as Json[] | undefined)?.[0];
    let state: Json;
    switch (el.type) {
      case 'radio_buttons':
      case 'static_select':
        state = { selected_option: first };
        break;
      case 'checkboxes':
      case 'multi_static_select':
        state = { selected_options: [first] };
        break;
      case 'number_input':
        state = { value: '50' };
        break;
      case 'datepicker':
        state = { selected_date: '2024-03-01' };
        break;
      default:
        state = { value: '已在本校中试线上应用，效果良好' };
    }
    values[block.block_id] = { answer: { type: el.type, ...state } };
  }
  return values;
}

/** The view a views.open / response_action update carried, as Slack would echo it back. */
const asSubmitted = (view: Json) => ({
  type: 'modal',
  callback_id: view.callback_id,
  private_metadata: view.private_metadata,
  blocks: view.blocks,
});

function buttonsIn(calls: { body: Json }[]): { text: string; value: string }[] {
  return calls.flatMap((c) =>
    ((c.body.blocks ?? c.body.view?.blocks ?? []) as Json[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) =>
        (b.elements as Json[]).map((e) => ({ text: e.text.text as string, value: e.value as string })),
      ),
  );
}

describe.each(DATABASE_KINDS)('Slack bot on %s', (kind) => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness(kind);
    h.api.setUser(INVENTOR, { teamId: TEAM, email: email('inventor').toUpperCase(), locale: 'zh-CN' });
    h.api.setUser(ENTERPRISE, { teamId: TEAM, email: email('enterprise'), locale: 'zh-CN' });
    h.api.setUser(COORDINATOR, { teamId: TEAM, email: email('coordinator'), locale: 'zh-CN' });
    h.api.setUser(BUREAU, { teamId: TEAM, email: email('bureau'), locale: 'en-US' });
    h.api.setUser(STRANGER, { teamId: TEAM, email: 'nobody@example.org', locale: 'en-US' });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  beforeEach(() => h.api.reset());

  const dm = (user: string) => `D${user.replace(/^U/, '')}`;
  const postedTo = (channel: string) =>
    h.api.calls('chat.postMessage').filter((c) => c.body.channel === channel);

  describe('onboarding by email', () => {
    it('binds a first-time Slack user to the person with the profile email, once, audited', async () => {
      const response = await h.event({
        type: 'message',
        channel_type: 'im',
        channel: dm(INVENTOR),
        user: INVENTOR,
        text: '你好',
        ts: '1.1',
      });
      expect(response.status).toBe(200);
      expect(h.api.calls('users.info').map((c) => c.body.user)).toEqual([INVENTOR]);
      const identity = await h.db.prisma.channelIdentity.findUniqueOrThrow({
        where: { channel_externalId: { channel: 'SLACK', externalId: `${TEAM}:${INVENTOR}` } },
      });
      expect(identity.personId).toBe(h.demo.inventorPersonId);
      expect(identity.address).toBe(dm(INVENTOR));
      const audits = await h.db.prisma.auditLog.findMany({ where: { action: 'identity.bound-by-email' } });
      expect(audits.map((a) => a.subjectId)).toContain(h.demo.inventorPersonId);
      // The reply goes to the DM, in the person's language, with the menu.
      expect(shownText(postedTo(dm(INVENTOR)))).toContain('张伟');

      h.api.reset();
      await h.event({
        type: 'message',
        channel_type: 'im',
        channel: dm(INVENTOR),
        user: INVENTOR,
        text: '菜单',
        ts: '1.2',
      });
      expect(h.api.calls('users.info')).toEqual([]);
    });

    it('tells an unknown person how to get in, in their Slack language, and binds nothing', async () => {
      await h.event({
        type: 'message',
        channel_type: 'im',
        channel: dm(STRANGER),
        user: STRANGER,
        text: 'hello',
        ts: '2.1',
      });
      // On Slack there is no link to open: the code goes into /revive start <code>.
      // (escaped for Slack's mrkdwn, which shows it as "/revive start <code>")
      expect(shownText(postedTo(dm(STRANGER)))).toContain(
        t('en', 'chat:onboarding.unknown_slack').replace('<code>', '&lt;code&gt;'),
      );
      const count = await h.db.prisma.channelIdentity.count({
        where: { channel: 'SLACK', externalId: `${TEAM}:${STRANGER}` },
      });
      expect(count).toBe(0);
    });
    it('still answers when Slack cannot tell who it is (users.info fails)', async () => {
      await h.event({
        type: 'message',
        channel_type: 'im',
        channel: dm('UGHOST'),
        user: 'UGHOST',
        text: 'hi',
        ts: '2.2',
      });
      expect(h.api.calls('users.info').map((c) => c.body.user)).toEqual(['UGHOST']);
      expect(shownText(postedTo(dm('UGHOST')))).toContain(t('zh-CN', 'chat:onboarding.unknown').slice(0, 10));
    });

    it('does not bind by an email Slack has not confirmed', async () => {
      h.api.setUser('UUNCONFIRMED', {
        teamId: TEAM,
        email: email('college-coordinator'),
        emailConfirmed: false,
      });
      await h.event({
        type: 'message',
        channel_type: 'im',
        channel: dm('UUNCONFIRMED'),
        user: 'UUNCONFIRMED',
        text: 'hi',
        ts: '2.3',
      });
      expect(await h.db.prisma.channelIdentity.count({ where: { externalId: `${TEAM}:UUNCONFIRMED` } })).toBe(
        0,
      );
    });

    // Each account's email is a registered person's, so only the check refuses it; the control
    // below binds such an email when the account is a confirmed member of the installed workspace.
    it.each([
      [
        'no email confirmation at all',
        'UNOCONFIRM',
        { teamId: TEAM, extra: { is_email_confirmed: undefined } },
      ],
      ['a member of another workspace', 'UOTHERTEAM', { teamId: 'T0OTHER' }],
      ['a Slack Connect external user', 'UCONNECT', { teamId: TEAM, extra: { is_stranger: true } }],
      [
        'a user of another Enterprise Grid org',
        'UOTHERORG',
        { teamId: TEAM, extra: { enterprise_user: { enterprise_id: 'E0OTHER', teams: [TEAM] } } },
      ],
    ])('does not bind %s by email, and asks for an invitation code', async (_, user, profile) => {
      const address = `${user.toLowerCase()}@donghai.example.edu.cn`;
      await h.db.prisma.person.create({ data: { name: user, email: address } });
      h.api.setUser(user, { ...profile, email: address, locale: 'en-US' });
      await h.event({ type: 'message', channel_type: 'im', channel: dm(user), user, text: 'hi', ts: '2.4' });
      expect(await h.db.prisma.channelIdentity.count({ where: { externalId: `${TEAM}:${user}` } })).toBe(0);
      expect(shownText(postedTo(dm(user)))).toContain(
        t('en', 'chat:onboarding.unknown_slack').replace('<code>', '&lt;code&gt;'),
      );
    });

    it('binds by email a confirmed member of the installed workspace', async () => {
      h.api.setUser('UCOLLEGE', { teamId: TEAM, email: email('college-coordinator') });
      await h.event({
        type: 'message',
        channel_type: 'im',
        channel: dm('UCOLLEGE'),
        user: 'UCOLLEGE',
        text: 'hi',
      });
      expect(await h.db.prisma.channelIdentity.count({ where: { externalId: `${TEAM}:UCOLLEGE` } })).toBe(1);
    });
  });

  describe('App Home per role', () => {
    it('inventor: my patents and their statuses', async () => {
      await h.event({ type: 'app_home_opened', user: INVENTOR, channel: dm(INVENTOR), tab: 'home' });
      const [publish] = h.api.calls('views.publish');
      expect(publish?.body.user_id).toBe(INVENTOR);
      const text = shownText([publish!]);
      expect(text).toContain(t('zh-CN', 'home:inventor.heading', { total: 0 }).replace('0', '').slice(0, 4));
      expect(text).toContain(t('zh-CN', 'chat:status.NOT_STARTED'));
      const patent = await h.db.prisma.patent.findFirstOrThrow({
        where: { responsibleInventorId: h.demo.inventorPersonId },
        orderBy: { updatedAt: 'desc' },
      });
      expect(text).toContain(patent.applicationNumber);
      // the demo took a few of his 20 patents into the pool
      const pooled = DEMO_POOLED_PATENTS.length;
      expect(text).toContain(`${t('zh-CN', 'chat:status.NOT_STARTED')} ${20 - pooled} 件`);
      expect(text).toContain(`${t('zh-CN', 'chat:status.IN_POOL')} ${pooled} 件`);
      expect(buttonsIn([publish!]).map((b) => b.value)).toContain(patentAction.to({ patentId: patent.id }));
    });

    it('enterprise: recommended patents', async () => {
      // Enterprises are offered pool patents: the demo screened a few in.
      const pooled = await h.db.prisma.patent.findMany({
        where: { applicationNumber: { in: DEMO_POOLED_PATENTS.map((p) => p.applicationNumber) } },
      });
      await h.event({ type: 'app_home_opened', user: ENTERPRISE, channel: dm(ENTERPRISE), tab: 'home' });
      const text = shownText(h.api.calls('views.publish'));
      expect(text).toContain('为您推荐的专利');
      for (const patent of pooled) expect(text).toContain(patent.title);
    });

    it('coordinator: institution progress by inventory status', async () => {
      await h.event({ type: 'app_home_opened', user: COORDINATOR, channel: dm(COORDINATOR), tab: 'home' });
      const text = shownText(h.api.calls('views.publish'));
      expect(text).toContain('东海理工大学 盘点进度');
      expect(text).toMatch(/已完成自评 \d+ \/ 24 件/);
      expect(text).toContain(`${t('zh-CN', 'chat:status.NOT_STARTED')}：`);
      // The screening queue, with a way into the coordinator menu.
      expect(text).toContain(t('zh-CN', 'home:screening.heading'));
      expect(buttonsIn(h.api.calls('views.publish')).map((b) => b.value)).toContain(
        coordinatorOverviewAction.to(),
      );
    });

    it('bureau officer: the province per institution, in English', async () => {
      await h.db.prisma.person.update({ where: { id: h.demo.personas.bureau }, data: { locale: 'en' } });
      await h.event({ type: 'app_home_opened', user: BUREAU, channel: dm(BUREAU), tab: 'home' });
      const text = shownText(h.api.calls('views.publish'));
      expect(text).toContain('Province progress');
      expect(text).toMatch(/Donghai University of Technology: \d+ of 24/);
    });

    it('an unknown person gets a welcome home without data', async () => {
      await h.event({ type: 'app_home_opened', user: STRANGER, channel: dm(STRANGER), tab: 'home' });
      const text = shownText(h.api.calls('views.publish'));
      expect(text).toContain('Welcome to Revive');
      expect(text).not.toContain('东海');
    });
  });

  describe('transport security', () => {
    const body = () =>
      new URLSearchParams({
        command: '/revive',
        text: 'help',
        team_id: TEAM,
        user_id: INVENTOR,
        channel_id: dm(INVENTOR),
      }).toString();

    it('rejects a bad signature with 401 and does nothing', async () => {
      const response = await h.post(body(), 'application/x-www-form-urlencoded', {
        signature: sign(body(), Math.floor(Date.now() / 1000), 'wrong-secret'),
      });
      expect(response.status).toBe(401);
      expect(h.api.calls()).toEqual([]);
    });

    it('rejects a timestamp older than five minutes with 401, even correctly signed', async () => {
      const old = Math.floor(Date.now() / 1000) - 6 * 60;
      const response = await h.post(body(), 'application/x-www-form-urlencoded', {
        timestamp: old,
        signature: sign(body(), old),
      });
      expect(response.status).toBe(401);
      expect(h.api.calls()).toEqual([]);
    });

    it('a retried or duplicated event has no second effect', async () => {
      const event = {
        type: 'message',
        channel_type: 'im',
        channel: dm(INVENTOR),
        user: INVENTOR,
        text: '/help',
        ts: '3.1',
      };
      await h.event(event, { eventId: 'EvRETRY1' });
      const first = h.api.calls('chat.postMessage').length;
      expect(first).toBeGreaterThan(0);
      expect((await h.event(event, { eventId: 'EvRETRY1', retryNum: 1 })).status).toBe(200);
      expect((await h.event(event, { eventId: 'EvRETRY1' })).status).toBe(200);
      expect(h.api.calls('chat.postMessage').length).toBe(first);
    });
  });

  describe('self-assessment in modal pages', () => {
    it('opens the current page as a modal, shows per-field errors, branches, pages on and submits', async () => {
      const patent = await h.db.prisma.patent.findFirstOrThrow({
        where: {
          responsibleInventorId: h.demo.inventorPersonId,
          type: 'INVENTION',
          inventoryStatus: 'NOT_STARTED',
        },
        orderBy: { applicationNumber: 'asc' },
      });
      await h.press(INVENTOR, assessAction.to({ patentId: patent.id }), {
        channel: dm(INVENTOR),
      });
      const formButton = buttonsIn(postedTo(dm(INVENTOR))).find((b) => b.value === formAction.to());
      expect(formButton?.text).toBe(t('zh-CN', 'questionnaire-ui:form.open'));

      h.api.reset();
      await h.press(INVENTOR, formButton!.value, { channel: dm(INVENTOR) });
      const [open] = h.api.calls('views.open');
      expect(open?.body.trigger_id).toMatch(/^trigger\./);
      let view = open!.body.view as Json;
      expect(view.callback_id).toBe('revive_form');
      const assessment = await h.db.prisma.selfAssessment.findUniqueOrThrow({
        where: { patentId: patent.id },
      });
      expect(view.private_metadata).toBe(`pg:${assessment.id}:origin`);
      const kinds = Object.fromEntries(
        (view.blocks as Json[]).filter((b) => b.type === 'input').map((b) => [b.block_id, b.element.type]),
      );
      expect(kinds).toEqual({ governmentFunded: 'radio_buttons', implementationStatus: 'checkboxes' });

      // Per-field errors: a required answer missing, an exclusive option combined with another.
      let result = await h.submitView(INVENTOR, asSubmitted(view), {
        governmentFunded: { answer: { type: 'radio_buttons', selected_option: null } },
        implementationStatus: {
          answer: {
            type: 'checkboxes',
            selected_options: [{ value: 'notImplemented' }, { value: 'licensed' }],
          },
        },
      });
      expect(result.json?.response_action).toBe('errors');
      expect(Object.keys(result.json?.errors ?? {}).sort()).toEqual([
        'governmentFunded',
        'implementationStatus',
      ]);
      expect(result.json?.errors.governmentFunded).toBe(t('zh-CN', 'engine:error.required'));
      expect(await h.db.prisma.selfAssessmentAnswer.count({ where: { assessmentId: assessment.id } })).toBe(
        0,
      );

      // Valid: "licensed" reveals the follow-up on the same section, asked as a next page.
      result = await h.submitView(INVENTOR, asSubmitted(view), {
        governmentFunded: { answer: { type: 'radio_buttons', selected_option: { value: 'true' } } },
        implementationStatus: { answer: { type: 'checkboxes', selected_options: [{ value: 'licensed' }] } },
      });
      expect(result.json?.response_action).toBe('update');
      view = result.json!.view;
      expect((view.blocks as Json[]).filter((b) => b.type === 'input').map((b) => b.block_id)).toContain(
        'implementationDetail',
      );
      const stored = await h.db.prisma.selfAssessmentAnswer.findMany({
        where: { assessmentId: assessment.id },
      });
      expect(Object.fromEntries(stored.map((a) => [a.questionId, a.value]))).toMatchObject({
        governmentFunded: true,
        implementationStatus: ['licensed'],
      });

      // Page on with valid values until the modal closes: the review arrives in the DM.
      let pages = 0;
      const labels: string[] = [];
      while (result.json?.response_action === 'update' && pages < 12) {
        view = result.json.view;
        labels.push(...(view.blocks as Json[]).filter((b) => b.type === 'input').map((b) => b.label.text));
        h.api.reset();
        result = await h.submitView(INVENTOR, asSubmitted(view), validState(view));
        pages++;
      }
      expect(result.json?.response_action).toBe('clear');
      // Optional fields carry Slack's own "(optional)" only, not the label's "（选填）" as well.
      expect(labels).toContain(
        t('zh-CN', 'self-assessment:q.scenarioDescription.label').replace('（选填）', ''),
      );
      expect(labels.filter((l) => l.includes('选填'))).toEqual([]);
      let review = postedTo(dm(INVENTOR));
      expect(shownText(review)).toContain(t('zh-CN', 'questionnaire-ui:review.heading').slice(0, 4));
      expect(buttonsIn(review).find((b) => b.value === 'q:submit')).toBeDefined();

      // A question reopened from the review offers its page as a form, and that form opens.
      h.api.reset();
      await h.press(INVENTOR, 'q:e:governmentFunded', { channel: dm(INVENTOR) });
      expect(buttonsIn(postedTo(dm(INVENTOR))).map((b) => b.value)).toContain(formAction.to());
      h.api.reset();
      await h.press(INVENTOR, formAction.to(), { channel: dm(INVENTOR) });
      const reopened = h.api.calls('views.open')[0]?.body.view as Json | undefined;
      expect(
        ((reopened?.blocks ?? []) as Json[]).filter((b) => b.type === 'input').map((b) => b.block_id),
      ).toContain('governmentFunded');
      h.api.reset();
      result = await h.submitView(INVENTOR, asSubmitted(reopened!), validState(reopened!));
      expect(result.json?.response_action).toBe('clear');
      review = postedTo(dm(INVENTOR));
      const submit = buttonsIn(review).find((b) => b.value === 'q:submit');
      expect(submit).toBeDefined();

      h.api.reset();
      await h.press(INVENTOR, submit!.value, { channel: dm(INVENTOR) });
      const row = await h.db.prisma.selfAssessment.findUniqueOrThrow({
        where: { id: assessment.id },
        include: { patent: true },
      });
      expect(row.status).toBe('SUBMITTED');
      expect(row.patent.inventoryStatus).toBe('SUBMITTED');
      // The Home tab is refreshed with the new status.
      expect(shownText(h.api.calls('views.publish'))).toContain(t('zh-CN', 'chat:status.SUBMITTED'));
    });
  });

  describe('enterprise evaluation and coordinator in Slack', () => {
    it('an enterprise evaluates a recommended patent through modal pages', async () => {
      const home = await (async () => {
        h.api.reset();
        await h.event({ type: 'app_home_opened', user: ENTERPRISE, channel: dm(ENTERPRISE), tab: 'home' });
        return h.api.calls('views.publish');
      })();
      const patentButton = buttonsIn(home).find((b) => b.value.startsWith('p:'))!;
      const patentId = patentButton.value.slice(2);
      h.api.reset();
      await h.press(ENTERPRISE, patentButton.value, { home: true });
      expect(buttonsIn(postedTo(dm(ENTERPRISE))).map((b) => b.value)).toContain(
        evaluateAction.to({ patentId }),
      );
      await h.press(ENTERPRISE, evaluateAction.to({ patentId }), { channel: dm(ENTERPRISE) });
      h.api.reset();
      await h.press(ENTERPRISE, formAction.to(), { channel: dm(ENTERPRISE) });
      let view = h.api.calls('views.open')[0]!.body.view as Json;
      let result = await h.submitView(ENTERPRISE, asSubmitted(view), validState(view));
      for (let pages = 0; result.json?.response_action === 'update' && pages < 12; pages++) {
        view = result.json.view;
        result = await h.submitView(ENTERPRISE, asSubmitted(view), validState(view));
      }
      expect(result.json?.response_action).toBe('clear');
      const submit = buttonsIn(postedTo(dm(ENTERPRISE))).find((b) => b.value === 'q:submit')!;
      await h.press(ENTERPRISE, submit.value, { channel: dm(ENTERPRISE) });
      const evaluation = await h.db.prisma.enterpriseEvaluation.findFirstOrThrow({ where: { patentId } });
      expect(evaluation.status).toBe('SUBMITTED');
      // The Home tab now marks that patent as evaluated, in its line and on its button.
      const patent = await h.db.prisma.patent.findUniqueOrThrow({ where: { id: patentId } });
      h.api.reset();
      await h.event({ type: 'app_home_opened', user: ENTERPRISE, channel: dm(ENTERPRISE), tab: 'home' });
      const homeAfter = h.api.calls('views.publish');
      expect(shownText(homeAfter)).toContain(
        t('zh-CN', 'home:enterprise.line_evaluated', {
          title: patent.title,
          number: patent.applicationNumber,
        }),
      );
      const marked = buttonsIn(homeAfter).find((b) => b.value === patentButton.value);
      expect(marked?.text).toContain('✅');
    });

    it('a coordinator opens the coordinator menu from the Home tab', async () => {
      await h.press(COORDINATOR, coordinatorOverviewAction.to(), { home: true });
      const text = shownText(postedTo(dm(COORDINATOR)));
      expect(text).toContain('东海理工大学');
    });

    it('an inventor pressing a coordinator button is refused', async () => {
      await h.press(INVENTOR, exportInventoryAction.to(), { channel: dm(INVENTOR) });
      expect(h.api.calls('files.completeUploadExternal')).toEqual([]);
      expect(shownText(postedTo(dm(INVENTOR)))).toContain('⛔');
    });
  });

  describe('one question at a time in the DM', () => {
    it('replaces the answered question in place with the next one', async () => {
      const patent = await h.db.prisma.patent.findFirstOrThrow({
        where: { responsibleInventorId: h.demo.inventorPersonId, inventoryStatus: 'NOT_STARTED' },
        orderBy: { applicationNumber: 'desc' },
      });
      await h.press(INVENTOR, assessAction.to({ patentId: patent.id }), {
        channel: dm(INVENTOR),
      });
      const question = postedTo(dm(INVENTOR)).find((c) => c.body.blocks?.[0]?.block_id === 'slot:question');
      expect(question).toBeDefined();
      const yes = buttonsIn([question!]).find((b) => b.value.startsWith('q:a:governmentFunded:'));
      expect(yes).toBeDefined();

      h.api.reset();
      await h.press(INVENTOR, yes!.value, {
        channel: dm(INVENTOR),
        message: { type: 'message', ts: '1700000999.000100', text: '', blocks: question!.body.blocks },
      });
      const [update] = h.api.calls('chat.update');
      expect(update?.body).toMatchObject({ channel: dm(INVENTOR), ts: '1700000999.000100' });
      expect(JSON.stringify(update?.body.blocks)).toContain(
        t('zh-CN', 'self-assessment:q.implementationStatus.label'),
      );
      expect(postedTo(dm(INVENTOR))).toEqual([]);
    });
  });

  describe('forged and stale ids', () => {
    it("refuses an action for a patent that is not the caller's", async () => {
      const foreign = await h.db.prisma.patent.findFirstOrThrow({ where: { responsibleInventorId: null } });
      await h.press(INVENTOR, assessAction.to({ patentId: foreign.id }), {
        channel: dm(INVENTOR),
      });
      expect(shownText(postedTo(dm(INVENTOR)))).toContain(t('zh-CN', 'chat:refusal.not_your_patent'));
      expect(await h.db.prisma.selfAssessment.count({ where: { patentId: foreign.id } })).toBe(0);
    });

    it('refuses an enterprise pressing an inventor-only action', async () => {
      await h.event({
        type: 'message',
        channel_type: 'im',
        channel: dm(ENTERPRISE),
        user: ENTERPRISE,
        text: 'hi',
        ts: '4.1',
      });
      const own = await h.db.prisma.patent.findFirstOrThrow({
        where: { responsibleInventorId: h.demo.inventorPersonId },
      });
      h.api.reset();
      await h.press(ENTERPRISE, assessAction.to({ patentId: own.id }), {
        channel: dm(ENTERPRISE),
      });
      expect(shownText(postedTo(dm(ENTERPRISE)))).toContain(t('zh-CN', 'chat:refusal.not_your_patent'));
    });

    it('treats a malformed action value as a stale button', async () => {
      await h.press(INVENTOR, 'sa:../../etc/passwd', { channel: dm(INVENTOR) });
      expect(shownText(postedTo(dm(INVENTOR)))).toContain(t('zh-CN', 'chat:error.stale_button'));
    });

    it('refuses a modal submission naming another response, and stores nothing', async () => {
      const other = await h.db.prisma.selfAssessment.create({
        data: {
          patentId: (
            await h.db.prisma.patent.findFirstOrThrow({
              where: { responsibleInventorId: null, selfAssessments: { none: {} } },
            })
          ).id,
          respondentId: h.demo.personas.coordinator,
          questionnaireId: 'self-assessment',
          questionnaireVersion: 1,
          state: {
            schema: 1,
            questionnaireId: 'self-assessment',
            version: 1,
            answers: {},
            skipped: [],
            context: { patentType: 'INVENTION' },
            phase: 'answering',
            current: null,
            history: [],
            pendingSelection: null,
          },
        },
      });
      const result = await h.submitView(
        INVENTOR,
        { type: 'modal', callback_id: 'revive_form', private_metadata: `pg:${other.id}:origin`, blocks: [] },
        { governmentFunded: { answer: { type: 'radio_buttons', selected_option: { value: 'true' } } } },
      );
      expect(result.json?.response_action).toBe('clear');
      expect(shownText(postedTo(dm(INVENTOR)))).toContain(t('zh-CN', 'questionnaire-ui:form.stale'));
      expect(await h.db.prisma.selfAssessmentAnswer.count({ where: { assessmentId: other.id } })).toBe(0);
    });
  });

  describe('languages and channels', () => {
    it('switches to English with /revive lang en and answers in English', async () => {
      await h.command(INVENTOR, 'lang en');
      expect(shownText(postedTo(dm(INVENTOR)))).toContain(t('en', 'chat:lang.changed'));
      h.api.reset();
      await h.command(INVENTOR, 'help');
      expect(shownText(postedTo(dm(INVENTOR)))).toContain(t('en', 'chat:help.inventor').slice(0, 40));
      expect(shownText(postedTo(dm(INVENTOR)))).toContain('/revive progress');
      h.api.reset();
      await h.command(INVENTOR, 'lang zh-CN');
      expect(shownText(postedTo(dm(INVENTOR)))).toContain(t('zh-CN', 'chat:lang.changed'));
    });

    it('/revive progress in a DM shows the overview', async () => {
      await h.command(COORDINATOR, 'progress');
      expect(shownText(postedTo(dm(COORDINATOR)))).toContain('东海理工大学 盘点进度');
    });

    it('a command in a public channel gets nothing confidential, only to its author', async () => {
      const response = await h.command(INVENTOR, 'progress', 'C0PUBLIC');
      expect(response.status).toBe(200);
      expect(h.api.calls('chat.postMessage').filter((c) => c.body.channel === 'C0PUBLIC')).toEqual([]);
      const responses = h.api.calls('response_url');
      expect(responses.length).toBeGreaterThan(0);
      expect(responses.every((c) => c.body.response_type === 'ephemeral')).toBe(true);
      const text = shownText(h.api.calls());
      expect(text).toContain(t('zh-CN', 'chat:group.private_only'));
      const patent = await h.db.prisma.patent.findFirstOrThrow({
        where: { responsibleInventorId: h.demo.inventorPersonId },
      });
      expect(shownText(h.api.calls().filter((c) => c.method !== 'views.publish'))).not.toContain(
        patent.applicationNumber,
      );
    });

    it('a message in a public channel gets no confidential content', async () => {
      await h.event({
        type: 'message',
        channel_type: 'channel',
        channel: 'C0PUBLIC',
        user: INVENTOR,
        text: '我的专利',
        ts: '5.1',
      });
      expect(h.api.calls('chat.postMessage')).toEqual([]);
      const ephemeral = h.api.calls('chat.postEphemeral');
      expect(ephemeral.map((c) => c.body.text)).toEqual([t('zh-CN', 'chat:group.private_only')]);
    });

    it('/revive start <token> binds an invited person, with the DM as address', async () => {
      const person = await h.db.prisma.person.create({ data: { name: '周敏', locale: 'en' } });
      const invite = await createInvite(h.db.prisma, {
        personId: person.id,
        role: 'INVENTOR',
        institutionId: h.demo.institutionId,
        now: h.clock.now(),
      });
      h.api.setUser('UINVITED', { teamId: TEAM, email: 'zhou.min@personal.example.org' });
      await h.command('UINVITED', `start ${invite.token}`);
      const identity = await h.db.prisma.channelIdentity.findUniqueOrThrow({
        where: { channel_externalId: { channel: 'SLACK', externalId: `${TEAM}:UINVITED` } },
      });
      expect(identity).toMatchObject({ personId: person.id, address: dm('UINVITED') });
      expect(shownText(postedTo(dm('UINVITED')))).toContain(
        t('en', 'chat:onboarding.welcome', { name: '周敏' }),
      );
    });

    it('/revive start <token> with an unknown token answers without binding', async () => {
      await h.command(STRANGER, 'start abcdefabcdefabcdefabcdef');
      expect(postedTo(dm(STRANGER)).length).toBeGreaterThan(0);
      expect(await h.db.prisma.channelIdentity.count({ where: { externalId: `${TEAM}:${STRANGER}` } })).toBe(
        0,
      );
    });
  });

  describe('unknown subcommands and stale requests', () => {
    /** Every "/command" a text names (not paths or links). */
    const commandsIn = (text: string) => [...text.matchAll(/(?<![\w./:])\/([a-z_]+)/g)].map((m) => m[1]);

    it('/revive foo lists the /revive subcommands, not the Telegram commands', async () => {
      await h.command(INVENTOR, 'foo');
      const text = postedTo(dm(INVENTOR))
        .map((c) => c.body.text as string)
        .join('\n');
      expect(text).toContain('“foo”');
      // The help that follows names commands, all of them as /revive subcommands.
      expect([...text.matchAll(/\/revive ([a-z]+)/g)].length).toBeGreaterThan(0);
      expect(commandsIn(text).filter((c) => c !== 'revive')).toEqual([]);
    });

    it('acknowledges a button with an unknown action id at once and says it has expired', async () => {
      const response = await h.press(INVENTOR, 'whatever', { channel: dm(INVENTOR), actionId: 'old_button' });
      expect(response.status).toBe(200);
      const [ephemeral] = h.api.calls('chat.postEphemeral');
      expect(ephemeral?.body).toMatchObject({ channel: dm(INVENTOR), user: INVENTOR });
      expect(ephemeral?.body.text).toBe(t('zh-CN', 'slack:stale.button'));
    });

    it('acknowledges a modal with an unknown callback id at once and says it has expired', async () => {
      const result = await h.submitView(
        INVENTOR,
        { type: 'modal', callback_id: 'old_form', private_metadata: '', blocks: [] },
        {},
      );
      expect(result.status).toBe(200);
      expect(result.json?.response_action).toBe('clear');
      expect(shownText(h.api.calls('chat.postEphemeral'))).toContain(t('zh-CN', 'slack:stale.form'));
    });
  });

  describe('SlackChannel (proactive messages)', () => {
    it('sends to the stored DM address, or opens the DM; never to a channel', async () => {
      const port = new SlackChannel(h.bot.app.client, pino({ level: 'silent' }));
      const sent = await port.send(
        { channel: 'SLACK', userId: `${TEAM}:${INVENTOR}`, address: dm(INVENTOR) },
        { text: '提醒：还有专利未自评', buttons: [[{ label: '菜单', action: 'm' }]], confidential: true },
      );
      expect(sent.messageId).toMatch(new RegExp(`^${dm(INVENTOR)}:`));
      expect(h.api.calls('conversations.open')).toEqual([]);
      expect(buttonsIn(postedTo(dm(INVENTOR))).map((b) => b.value)).toEqual(['m']);

      h.api.reset();
      await port.send(
        { channel: 'SLACK', userId: `${TEAM}:${ENTERPRISE}`, address: 'C0PUBLIC' },
        { text: '机密', confidential: true },
      );
      expect(h.api.calls('conversations.open').map((c) => c.body.users)).toEqual([ENTERPRISE]);
      expect(h.api.calls('chat.postMessage').map((c) => c.body.channel)).toEqual([dm(ENTERPRISE)]);
    });
  });
});
