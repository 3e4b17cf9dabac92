// "/mute nudges" in chat stops that kind of reminder at send time; "/unmute" brings it back.
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalChannel } from '../../../bots/terminal/terminal-channel.ts';
import { selfAssessmentNudge } from '../../../core/assessments/messages.ts';
import { createChatService } from '../../../core/chat/chat-service.ts';
import { enqueueDelivery } from '../../../core/delivery/outbox.ts';
import { sendDelivery } from '../../../core/delivery/send-delivery.ts';
import { type DemoSeedResult, seedDemo } from '../../../core/demo/seed.ts';
import { t } from '../../../core/i18n.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('muting reminders from chat', () => {
  let db: TestDatabase;
  let demo: DemoSeedResult;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    demo = await seedDemo(db.prisma, { now: TEST_NOW });
  });
  afterAll(() => db?.close());

  const command = (command: string, args: string) =>
    createChatService({ db: db.prisma, logger: pino({ level: 'silent' }), clock: testClock() }).handle({
      channel: 'TERMINAL',
      userId: 'inventor',
      chatIsPrivate: true,
      event: { kind: 'command', command, args },
    });

  async function nudgeOutcome(key: string) {
    const patent = await db.prisma.patent.findFirstOrThrow({
      where: { responsibleInventorId: demo.inventorPersonId },
    });
    const { id } = await enqueueDelivery(
      db.prisma,
      selfAssessmentNudge.delivery({
        idempotencyKey: key,
        personId: demo.inventorPersonId,
        channel: 'TERMINAL',
        payload: { patentId: patent.id },
        notBefore: TEST_NOW,
      }),
    );
    return sendDelivery(
      {
        db: db.prisma,
        ports: { TERMINAL: new TerminalChannel({ output: new PassThrough(), color: false }) },
        renderers: { [selfAssessmentNudge.kind]: selfAssessmentNudge.renderStored },
        clock: testClock(),
      },
      id,
    );
  }

  it('lists the kinds, mutes one, skips its reminders, and unmutes it', async () => {
    const usage = await command('mute', '');
    expect(usage[0]!.text).toContain(t('zh-CN', 'chat:mute.usage'));
    const muted = await command('mute', 'nudges');
    expect(muted[0]!.text).toBe(t('zh-CN', 'chat:mute.muted', { what: t('zh-CN', 'chat:mute.kind.nudges') }));
    expect(await nudgeOutcome('mute-1')).toEqual({ outcome: 'SKIPPED', reason: 'muted' });
    await command('unmute', 'nudges');
    expect((await nudgeOutcome('mute-2')).outcome).toBe('SENT');
  });
});
