// What a batch write works on: the validated rows waiting to be stored and the import they belong
// to. Shared by the batch writer (store.ts), the contact step (contacts.ts) and the import that
// builds them (import.ts), so that none of them imports another for its types.
import type { Db } from '../db/database.ts';
import type { Cell } from './cells.ts';
import type { PeopleDirectory } from './people-directory.ts';
import type { PatentRecord } from './validate-row.ts';

export interface PendingRow {
  rowNumber: number;
  cells: Cell[];
  record: PatentRecord;
}

export interface StoreContext {
  db: Db;
  institutionId: string;
  /** Normalised college name, English name or code → college institution id. */
  colleges: Map<string, string>;
  /** College id → name, for readable change reports. */
  collegeNames: Map<string, string>;
  directory: PeopleDirectory;
  actorId: string | null;
  importRunId: string;
  /** The batch's write time (createdAt, updatedAt), from the program's clock. */
  now: () => Date;
}
