// What a chunk write works on: the validated rows waiting to be stored and the import they belong
// to. Shared by the chunk writer (store.ts), the contact step (contacts.ts) and the import that
// builds them (import.ts), so that none of them imports another for its types.
import type { Db } from '../db/database.ts';
import type { BulkSession } from './bulk-session.ts';
import type { Cell } from './cells.ts';
import type { PeopleDirectory } from './people-directory.ts';
import type { PatentRecord } from './validate-row.ts';

export interface PendingRow {
  /** The row in the uploaded file (unique within an import). */
  rowNumber: number;
  /** The row people are told about: the 原行号 of a re-uploaded error file, else rowNumber. */
  displayRow: number;
  cells: Cell[];
  record: PatentRecord;
  /** Resolved from record.college (unknown colleges are rejected before staging). */
  collegeId: string | null;
}

/** Session-local temporary tables of one import (names carry the import's id: PGlite has one session). */
export interface StagingTables {
  /** The chunk's changed patents, staged for one UPDATE. */
  writes: string;
}

export interface StoreContext {
  db: Db;
  session: BulkSession;
  tables: StagingTables;
  institutionId: string;
  /** Normalised college name, English name or code → college institution id. */
  colleges: Map<string, string>;
  /** College id → name, for readable change reports. */
  collegeNames: Map<string, string>;
  directory: PeopleDirectory;
  actorId: string | null;
  importRunId: string;
  /** The chunk's write time (createdAt, updatedAt), from the program's clock. */
  now: () => Date;
  /** Ids for new patents, increasing (sequential-ids.ts). */
  newId: () => string;
}
