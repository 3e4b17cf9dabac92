// Attaching the contract to a deal already recorded (from the chat, after `/deal`): by whoever may
// record deals on its patent, authorized again when the file arrives; a deal that has a contract
// gets another only when the caller confirmed the replacement. The file is checked (PDF, picture or
// Word document, ≤ 20 MB, content as its kind begins) before it is kept privately under
// DATA_DIR/contracts; the replaced file is removed once the new one is stored; audited.
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { Db } from '../db/database.ts';
import { refuseWith } from '../errors.ts';
import type { Actor } from '../people/actor.ts';
import { authorize } from '../people/authorize.ts';
import {
  checkContractContent,
  checkContractFile,
  keepContract,
  readContract,
  removeContract,
} from './contract-file.ts';

export const attachContractInput = z.object({
  dealId: z.uuid(),
  /** The caller confirmed that an existing contract is replaced. */
  replace: z.boolean(),
});

export interface IncomingContract {
  fileName: string;
  mimeType: string | null;
  size: number | null;
  open(): Promise<NodeJS.ReadableStream>;
}

/** The deal with what authorizing it needs; refused alike when unknown or not the caller's. */
export async function dealForContract(db: Db, actor: Actor, dealId: string) {
  const deal = await db.transformationRecord.findUnique({
    where: { id: dealId },
    select: {
      id: true,
      contractFile: true,
      patent: { select: { id: true, title: true, institutionId: true, collegeId: true } },
    },
  });
  authorize(actor, 'deal.record', deal?.patent ?? null, `${actor.personId} on deal ${dealId}`);
  return deal!;
}

export interface AttachedContract {
  fileName: string;
  patentTitle: string;
  replaced: boolean;
}

export async function attachContract(
  db: Db,
  actor: Actor,
  raw: z.input<typeof attachContractInput>,
  file: IncomingContract,
): Promise<AttachedContract> {
  const { dealId, replace } = attachContractInput.parse(raw);
  // Authorized and checked before a byte is downloaded.
  const deal = await dealForContract(db, actor, dealId);
  if (deal.contractFile && !replace) refuseWith('deals:contract.already_attached', dealId);
  const { fileName, type } = checkContractFile(file);
  const bytes = await readContract(await file.open(), file.fileName);
  checkContractContent(bytes, type, file.fileName);
  const kept = await keepContract({ fileName, bytes });
  // Guarded on the contract the caller saw: two files sent at once cannot both become the contract.
  const { count } = await db.transformationRecord.updateMany({
    where: { id: deal.id, contractFile: deal.contractFile },
    data: { contractFile: kept },
  });
  if (count !== 1) {
    await removeContract(kept);
    refuseWith('deals:contract.already_attached', `${dealId} changed meanwhile`);
  }
  await audit(db, {
    actorId: actor.personId,
    action: 'deal.contract_attached',
    subjectType: 'Patent',
    subjectId: deal.patent.id,
    institutionId: deal.patent.institutionId,
    details: { dealId: deal.id, fileName, bytes: bytes.length, replaced: deal.contractFile },
  });
  if (deal.contractFile) await removeContract(deal.contractFile);
  return { fileName, patentTitle: deal.patent.title, replaced: deal.contractFile !== null };
}
