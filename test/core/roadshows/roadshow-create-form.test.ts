// The roadshow wizard for adapters with forms (Slack modals), through the chat service on both
// databases: the questions come as pages, a page with bad values comes back with a message per
// field and stores nothing, and after the last page the review leads to the patents. An
// "Edit" from the preview goes back to the review with every answer kept.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent, OutgoingMessage } from '../../../core/channel/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { DEMO_POOLED_PATENTS } from '../../../core/demo/demo-data.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { roadshowPickAction, roadshowStepAction } from '../../../core/roadshows/actions.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

const SLACK_USER = 'T0001:U0COORD';
const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);

describe.each(DATABASE_KINDS)('the roadshow wizard as forms on %s', (kind) => {
  let db: TestDatabase;
  let demo: DemoSeedResult;
  let patentId: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
    // One of the patents the demo screened into the resource pool.
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { institutionId: demo.institutionId, inventoryStatus: 'IN_POOL' },
      orderBy: { applicationNumber: 'asc' },
    });
    patentId = patent.id;
    await db.prisma.channelIdentity.create({
      data: {
        personId: demo.personas.coordinator,
        channel: 'SLACK',
        externalId: SLACK_USER,
        address: 'D0COORD',
      },
    });
  });
  afterAll(() => db?.close());

  const chat = () =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() });
  const send = (event: IncomingEvent): Promise<OutgoingMessage[]> =>
    chat().handle({ channel: 'SLACK', userId: SLACK_USER, chatIsPrivate: true, supportsForms: true, event });
  const action = (a: string) => send({ kind: 'action', action: a });
  const draftAnswers = async () => {
    const row = await db.prisma.conversation.findFirstOrThrow({
      where: { personId: demo.personas.coordinator, channel: 'SLACK' },
    });
    type Stored = { state: { draft: { state: { answers: Record<string, unknown> } } } };
    return (row.data as Stored).state.draft.state.answers;
  };

  it('asks a page at a time, refuses a bad page whole, and reviews before the patents', async () => {
    const opened = await send({ kind: 'command', command: 'roadshow', args: '' });
    const form = opened.find((m) => m.form)!.form!;
    expect(form.formId).toBe('rs:event');
    expect(form.fields.map((f) => f.id)).toEqual([
      'title',
      'startsAt',
      'endsAt',
      'location',
      'onlineUrl',
      'capacity',
    ]);

    const refused = await send({
      kind: 'form',
      formId: 'rs:event',
      values: {
        title: '人工智能专利路演',
        // An hour before the clock's 10:00 in Shanghai: past.
        startsAt: '2026-12-01 09:00',
        endsAt: '',
        location: '',
        onlineUrl: 'meeting.example.cn/1',
        capacity: '0',
      },
    });
    const errors = refused[0]!.form!.errors!;
    expect(errors).toEqual({
      startsAt: zh('roadshow:create.error.time_past'),
      onlineUrl: zh('roadshow:create.error.url'),
      capacity: zh('engine:error.number_min', { min: 1 }),
    });
    expect(await draftAnswers()).toEqual({});

    const next = await send({
      kind: 'form',
      formId: 'rs:event',
      values: {
        title: '人工智能专利路演',
        // Later that morning by the clock, whatever the machine's date.
        startsAt: '2026年12月1日 11:30',
        endsAt: '',
        location: '',
        onlineUrl: 'https://meeting.example.cn/1',
        capacity: '80',
      },
    });
    expect(next[0]!.form!.formId).toBe('rs:audience');
    expect(await draftAnswers()).toMatchObject({ startsAt: '2026-12-01 11:30', capacity: 80 });

    const review = await send({
      kind: 'form',
      formId: 'rs:audience',
      values: { enterpriseIpc: 'h01m，G06N 3/', regions: '330000', inventors: 'false' },
    });
    expect(review[0]!.text).toContain('H01M, G06N 3/');
    expect(await draftAnswers()).toMatchObject({ regions: '33', inventors: false });

    const pick = await send({ kind: 'command', command: 'submit', args: '' });
    expect(pick[0]!.text).toContain(
      zh('roadshow:create.patents.heading', { picked: 0, pool: DEMO_POOLED_PATENTS.length }),
    );
    await action(roadshowPickAction.to({ patentId }));
    const preview = await action(roadshowStepAction.to({ step: 'patentsDone' }));
    expect(preview[0]!.text).toContain('https://meeting.example.cn/1');
    expect(preview[0]!.text).toContain(
      zh('roadshow:create.preview.scope', { ipc: 'H01M、G06N 3/', regions: '33' }),
    );

    const edit = await action(roadshowStepAction.to({ step: 'edit' }));
    expect(edit[0]!.text).toContain('人工智能专利路演');
    expect(edit[0]!.text).toContain('2026-12-01 11:30');
  });

  it('refuses a form for a page the wizard does not have', async () => {
    const stale = await send({ kind: 'form', formId: 'rs:nowhere', values: { title: 'x' } });
    expect(stale[0]!.text).toContain(zh('questionnaire-ui:form.stale'));
  });
});
