// Recording a deal on a patent (转让 transfer, 许可 licence — 独占 exclusive / 排他 sole / 普通 ordinary /
// 开放 open —, 作价入股 equity, other): by the patent's coordinators or an administrator, amount and
// contract date optional, the contract file optionally kept (under DATA_DIR/contracts, a private
// directory per file). The deal feeds the funnel and the digest (core/digest/figures.ts), is audited,
// and the responsible inventor is told through the outbox.
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { enqueueDelivery } from '../delivery/outbox.ts';
import { preferredChannel } from '../delivery/recipients.ts';
import { refuseWith } from '../errors.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';
import { DEFAULT_TIME_ZONE, localDate } from '../time-format.ts';
import { type ContractFile, keepContract } from './contract-file.ts';
import { dealRecorded } from './messages.ts';
import { DEAL_TYPE_NAMES, DEAL_TYPES, type DealType } from './types.ts';

export const dealInput = z.object({
  patentId: z.uuid(),
  type: z.enum(DEAL_TYPE_NAMES as [DealType, ...DealType[]]),
  /** 万元, two decimals at most. */
  amountWanYuan: z.number().positive().max(1e10).multipleOf(0.01).optional(),
  /** Local date YYYY-MM-DD, not in the future. */
  contractDate: z.iso.date().optional(),
  enterpriseId: z.uuid().optional(),
  counterparty: z.string().trim().min(1).max(200).optional(),
});
export type DealInput = z.input<typeof dealInput>;

/** A deal recorded twice within this window with the same terms is the same deal (a double press). */
const REPEAT_WINDOW_MS = 10 * 60_000;

export interface RecordedDeal {
  id: string;
  created: boolean;
  type: DealType;
  patentTitle: string;
}

export async function recordDeal(
  db: Db,
  actor: Actor,
  raw: DealInput,
  options: { now: Date; contract?: ContractFile; timeZone?: string },
): Promise<RecordedDeal> {
  const input = dealInput.parse(raw);
  const patent = await db.patent.findUnique({
    where: { id: input.patentId },
    select: { id: true, title: true, institutionId: true, collegeId: true, responsibleInventorId: true },
  });
  authorize(actor, 'deal.record', patent, `${actor.personId} on ${input.patentId}`);
  if (!patent) refuseWith('deals:refusal.not_allowed');
  const today = localDate(options.now, options.timeZone ?? DEFAULT_TIME_ZONE);
  if (input.contractDate && input.contractDate > today) refuseWith('deals:refusal.future_date');
  const { kind, licenceType } = DEAL_TYPES[input.type];
  const contractDate = input.contractDate ? new Date(`${input.contractDate}T00:00:00Z`) : null;
  const repeat = await db.transformationRecord.findFirst({
    where: {
      patentId: patent.id,
      kind,
      licenceType,
      recordedById: actor.personId,
      amountWanYuan: input.amountWanYuan ?? null,
      contractDate,
      createdAt: { gte: new Date(options.now.getTime() - REPEAT_WINDOW_MS) },
    },
  });
  if (repeat) return { id: repeat.id, created: false, type: input.type, patentTitle: patent.title };
  const contractFile = options.contract ? await keepContract(options.contract) : null;
  const record = await db.transformationRecord.create({
    data: {
      patentId: patent.id,
      kind,
      licenceType,
      amountWanYuan: input.amountWanYuan ?? null,
      contractDate,
      enterpriseId: input.enterpriseId ?? null,
      counterparty: input.counterparty ?? null,
      recordedById: actor.personId,
      contractFile,
      createdAt: options.now,
    },
  });
  await audit(db, {
    actorId: actor.personId,
    action: 'deal.recorded',
    subjectType: 'Patent',
    subjectId: patent.id,
    institutionId: patent.institutionId,
    details: {
      dealId: record.id,
      type: input.type,
      amountWanYuan: input.amountWanYuan ?? null,
      contractDate: input.contractDate ?? null,
      contract: contractFile !== null,
    },
  });
  if (patent.responsibleInventorId) {
    const inventor = await db.person.findUnique({
      where: { id: patent.responsibleInventorId },
      select: { id: true, deactivatedAt: true, identities: { select: { channel: true } } },
    });
    const channel = inventor && !inventor.deactivatedAt ? preferredChannel(inventor.identities) : null;
    if (channel)
      await enqueueDelivery(
        db,
        dealRecorded.delivery({
          idempotencyKey: `${dealRecorded.kind}:${record.id}`,
          personId: inventor!.id,
          channel,
          payload: { dealId: record.id },
          notBefore: options.now,
        }),
      );
  }
  return { id: record.id, created: true, type: input.type, patentTitle: patent.title };
}
