// A batch of deliveries sent together, on both databases (its statements are SQL of its own): written
// in bulk once whatever the repeats, read with their people and identities at once, rendered once
// per shared message, claimed and recorded together — and every row settles as it would alone: sent
// with its message id, skipped, deferred, failed for good, or left to the retry when the platform
// said 429 or went quiet mid-request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ChannelOutcomeUnknown,
  ChannelPermanentFailure,
  ChannelRateLimited,
} from '../../../core/channel/errors.ts';
import type { ChannelPort, OutgoingMessage } from '../../../core/channel/messages.ts';
import {
  defineDeliveryKind,
  deliveryBatchRenderers,
  deliveryRenderers,
} from '../../../core/delivery/kinds.ts';
import { enqueueDeliveries } from '../../../core/delivery/outbox.ts';
import { type SendDeps, sendDeliveries } from '../../../core/delivery/send-delivery.ts';
import { TEST_NOW, testClock } from '../../support/clock.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

describe.each(DATABASE_KINDS)('a batch of deliveries (%s)', (kind) => {
  let db: TestDatabase;
  const people: Record<string, string> = {};
  let renderedTogether = 0;
  const shared = defineDeliveryKind({
    kind: 'test.shared',
    payload: z.object({ topic: z.string() }),
    render: async (_db, { payload, locale }) => ({ text: `${payload.topic} ${locale}` }),
    renderMany: async (_db, contents) => {
      renderedTogether += 1;
      return contents.map(({ payload, locale }) =>
        payload.topic === 'gone' ? null : { text: `${payload.topic} ${locale}` },
      );
    },
  });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    for (const [key, zone, telegram] of [
      ['ok', 'Asia/Shanghai', '101'],
      ['also', 'Asia/Shanghai', '107'],
      ['night', 'Europe/London', '102'],
      ['blocked', 'Asia/Shanghai', '103'],
      ['quiet', 'Asia/Shanghai', '104'],
      ['busy', 'Asia/Shanghai', '105'],
      ['none', 'Asia/Shanghai', null],
      ['obsolete', 'Asia/Shanghai', '106'],
    ] as const) {
      const person = await db.prisma.person.create({
        data: {
          name: key,
          timeZone: zone,
          ...(telegram
            ? { identities: { create: { channel: 'TELEGRAM', externalId: telegram, address: telegram } } }
            : {}),
        },
      });
      people[key] = person.id;
    }
  });
  afterAll(() => db?.close());

  it('sends, skips, defers and fails each row as alone, with a few statements for all', async () => {
    const rows = Object.entries(people).map(([key, personId]) =>
      shared.delivery({
        idempotencyKey: `batch:${key}`,
        personId,
        channel: 'TELEGRAM',
        payload: { topic: key === 'obsolete' ? 'gone' : 'news' },
        notBefore: TEST_NOW,
      }),
    );
    // Written once, however often the same rows come.
    expect(await enqueueDeliveries(db.prisma, [...rows, ...rows])).toBe(rows.length);
    expect(await enqueueDeliveries(db.prisma, rows)).toBe(0);
    const stored = await db.prisma.delivery.findMany({ where: { idempotencyKey: { startsWith: 'batch:' } } });
    expect(stored.every((r) => r.notBefore.getTime() === TEST_NOW.getTime() && r.status === 'PENDING')).toBe(
      true,
    );
    expect(stored.find((r) => r.personId === people.ok)!.payload).toEqual({ topic: 'news' });
    const idOf = (key: string) => stored.find((r) => r.personId === people[key])!.id;

    const sent: { chat: string | null; message: OutgoingMessage }[] = [];
    const port: ChannelPort = {
      channel: 'TELEGRAM',
      async send(to, message) {
        if (to.address === '103') throw new ChannelPermanentFailure('Forbidden: bot was blocked by the user');
        if (to.address === '104') throw new ChannelOutcomeUnknown('telegram: ECONNRESET during the request');
        if (to.address === '105') throw new ChannelRateLimited(3000, 'Too Many Requests');
        sent.push({ chat: to.address ?? null, message });
        return { messageId: `m${sent.length}` };
      },
    };
    const paced: number[] = [];
    const deps: SendDeps = {
      db: db.prisma,
      ports: { TELEGRAM: port },
      renderers: deliveryRenderers([shared]),
      batchRenderers: deliveryBatchRenderers([shared]),
      clock: testClock(),
      pace: async (_channel, _tier, count) => {
        paced.push(count);
        return Array.from({ length: count }, () => 0);
      },
    };
    const results = await sendDeliveries(deps, [
      ...stored.map((r) => r.id),
      'f1b7a4c2-0000-4000-8000-000000000000',
    ]);

    expect(renderedTogether).toBe(1);
    // The send rate is asked once for all that go now: ok, also, blocked, quiet, busy.
    expect(paced).toEqual([5]);
    expect(sent.map((s) => s.chat).sort()).toEqual(['101', '107']);
    expect(sent[0]!.message).toEqual({ text: 'news zh-CN' });
    // 10:00 in Shanghai is 02:00 in London: quiet hours there, until 08:00.
    const eight = new Date('2026-12-01T08:00:00Z');
    expect(results.get(idOf('night'))).toEqual({
      ok: { outcome: 'DEFERRED', until: eight, reason: 'quiet-hours' },
    });
    expect(results.get(idOf('obsolete'))).toEqual({ ok: { outcome: 'SKIPPED', reason: 'obsolete' } });
    expect(results.get(idOf('none'))).toEqual({ ok: { outcome: 'FAILED', reason: 'no TELEGRAM identity' } });
    expect(results.get(idOf('blocked'))).toMatchObject({ ok: { outcome: 'FAILED' } });
    expect((results.get(idOf('quiet')) as { error: unknown }).error).toBeInstanceOf(ChannelOutcomeUnknown);
    expect((results.get(idOf('busy')) as { error: unknown }).error).toBeInstanceOf(ChannelRateLimited);
    expect(results.get('f1b7a4c2-0000-4000-8000-000000000000')).toEqual({
      ok: { outcome: 'SKIPPED', reason: 'gone' },
    });

    const after = new Map(
      (await db.prisma.delivery.findMany({ where: { idempotencyKey: { startsWith: 'batch:' } } })).map(
        (r) => [r.id, r],
      ),
    );
    // Recorded together, each with its own message id.
    for (const key of ['ok', 'also']) {
      const row = after.get(idOf(key))!;
      expect(row).toMatchObject({ status: 'SENT', sentAt: TEST_NOW, attempts: 1 });
      expect(results.get(row.id)).toEqual({
        ok: { outcome: 'SENT', providerMessageId: row.providerMessageId },
      });
    }
    expect(
      [after.get(idOf('ok'))!.providerMessageId, after.get(idOf('also'))!.providerMessageId].sort(),
    ).toEqual(['m1', 'm2']);
    expect(after.get(idOf('night'))).toMatchObject({ status: 'PENDING', notBefore: eight, attempts: 0 });
    expect(after.get(idOf('obsolete'))).toMatchObject({ status: 'SKIPPED', lastError: 'obsolete' });
    expect(after.get(idOf('none'))).toMatchObject({ status: 'FAILED' });
    expect(after.get(idOf('blocked'))).toMatchObject({
      status: 'FAILED',
      lastError: 'Forbidden: bot was blocked by the user',
    });
    // Perhaps sent: left claimed, at the claim's time, for the retry to settle.
    expect(after.get(idOf('quiet'))).toMatchObject({ status: 'SENDING', updatedAt: TEST_NOW });
    // Not sent: waiting again.
    expect(after.get(idOf('busy'))).toMatchObject({ status: 'PENDING', attempts: 1 });
  });

  it('sends in the order the jobs came, and settles each row once recorded, before the batch ends', async () => {
    const rows = (['ok', 'also'] as const).map((key) =>
      shared.delivery({
        idempotencyKey: `order:${key}`,
        personId: people[key]!,
        channel: 'TELEGRAM',
        payload: { topic: 'order' },
        notBefore: TEST_NOW,
      }),
    );
    await enqueueDeliveries(db.prisma, rows);
    const stored = await db.prisma.delivery.findMany({ where: { idempotencyKey: { startsWith: 'order:' } } });
    const idOf = (key: string) => stored.find((r) => r.personId === people[key])!.id;
    const chats: string[] = [];
    const port: ChannelPort = {
      channel: 'TELEGRAM',
      async send(to) {
        chats.push(to.address!);
        return { messageId: `o${chats.length}` };
      },
    };
    const settledWhile: { id: string; status: string; sentSoFar: number }[] = [];
    const deps: SendDeps = {
      db: db.prisma,
      ports: { TELEGRAM: port },
      renderers: deliveryRenderers([shared]),
      clock: testClock(),
      // The second slot a while after the first.
      pace: async (_channel, _tier, count) => Array.from({ length: count }, (_, i) => i * 300),
    };
    // 'also' came first (a kind queued ahead is the first job of its batch).
    await sendDeliveries(deps, [idOf('also'), idOf('ok')], (id) => {
      settledWhile.push({ id, status: 'pending', sentSoFar: chats.length });
      void db.prisma.delivery
        .findUniqueOrThrow({ where: { id } })
        .then((row) => (settledWhile.find((s) => s.id === id)!.status = row.status));
    });
    expect(chats).toEqual(['107', '101']);
    // The first was recorded and settled while the second still waited for its slot.
    expect(settledWhile.map(({ id, sentSoFar }) => [id, sentSoFar])).toEqual([
      [idOf('also'), 1],
      [idOf('ok'), 2],
    ]);
    await expect.poll(() => settledWhile.map((s) => s.status)).toEqual(['SENT', 'SENT']);
  });
});
