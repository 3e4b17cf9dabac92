// Delivery kinds declared once in their features and collected in core/delivery-kinds.ts: the kind
// strings rows already carry, the payload checked when a row is built and parsed when it is sent,
// and a kind declared twice refused.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '../../../core/db/database.ts';
import { collectDeliveryKinds, defineDeliveryKind } from '../../../core/delivery/kinds.ts';
import { isReminderKind } from '../../../core/delivery/send-delivery.ts';
import { DELIVERY_KINDS, DELIVERY_RENDERERS } from '../../../core/delivery-kinds.ts';
import { TEST_NOW } from '../../support/clock.ts';

const ROADSHOW = '9c09aad7-213a-4469-92da-cc04ad435e17';
const db = {} as Db;
const row = { idempotencyKey: 'k', personId: 'p', channel: 'TERMINAL' as const, notBefore: TEST_NOW };

const example = defineDeliveryKind({
  kind: 'example.kind',
  payload: z.object({ roadshowId: z.uuid() }),
  render: async (_db, { payload }) => ({ text: `roadshow ${payload.roadshowId}` }),
});

describe('delivery kinds', () => {
  it('keeps the kind strings stored on existing rows, each once, each with its renderer', () => {
    expect(DELIVERY_KINDS.map((k) => k.kind).sort()).toEqual([
      'deal.recorded',
      'digest.bureau',
      'digest.institution',
      'enterprise.decided',
      'enterprise.duplicate-registration',
      'enterprise.pending',
      'expert-evaluation.declined',
      'expert-evaluation.invitation',
      'expert-evaluation.overdue',
      'expert-evaluation.released',
      'expert-evaluation.submitted',
      'expert-evaluation.withdrawn',
      'invites.second-account-refused',
      'match.push',
      'open-licence.claimed',
      'reminder.evaluation',
      'reminder.expert-evaluation',
      'reminder.milestone',
      'reminder.screening',
      'reminder.self-assessment',
      'roadshow.followup',
      'roadshow.invitation',
      'roadshow.progress',
      'roadshow.promoted',
      'roadshow.reminder',
      'screening.outcome',
      'screening.returned',
    ]);
    expect(Object.keys(DELIVERY_RENDERERS).sort()).toEqual(DELIVERY_KINDS.map((k) => k.kind).sort());
    for (const k of DELIVERY_KINDS) expect(k.reminder).toBe(isReminderKind(k.kind));
  });

  it('refuses a kind declared twice', () => {
    const copy = defineDeliveryKind({ ...example, kind: 'example.kind' });
    expect(() => collectDeliveryKinds([example], [copy])).toThrow(
      'delivery kind "example.kind" is declared twice',
    );
  });

  it('builds a row whose payload fits the schema, and refuses one that does not', () => {
    expect(example.delivery({ ...row, payload: { roadshowId: ROADSHOW } })).toEqual({
      ...row,
      kind: 'example.kind',
      payload: { roadshowId: ROADSHOW },
    });
    expect(() => example.delivery({ ...row, payload: { roadshowId: 'not-an-id' } })).toThrow(z.ZodError);
  });

  it('parses a stored payload before rendering, and throws on one that does not fit (as before)', async () => {
    const content = { locale: 'en' as const, personId: 'p', now: TEST_NOW };
    expect(await example.renderStored(db, { ...content, payload: { roadshowId: ROADSHOW } })).toEqual({
      text: `roadshow ${ROADSHOW}`,
    });
    await expect(example.renderStored(db, { ...content, payload: { roadshowId: 42 } })).rejects.toThrow(
      z.ZodError,
    );
  });
});
