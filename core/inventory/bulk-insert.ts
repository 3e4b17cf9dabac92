// Inserts a batch of new patents and their inventors in one statement each. Prisma's createMany
// costs ~0.7 ms per patent row here (query compiler and parameter binding); one JSON document
// expanded by json_to_recordset costs ~0.1 ms, which decides whether 100 000 rows take minutes or
// seconds. Same SQL on PostgreSQL and PGlite.

import type { Prisma } from '../../prisma/generated/client.ts';
import { formatCalendarDate } from '../time-format.ts';

export interface NewPatentRow {
  id: string;
  applicationNumber: string;
  publicationNumber: string | null;
  title: string;
  abstract: string | null;
  type: string;
  ipcCodes: string[];
  locarnoClass: string | null;
  applicationDate: Date;
  grantDate: Date | null;
  legalStatus: string;
  patentees: string[];
  institutionId: string;
  collegeId: string | null;
  responsibleInventorId: string | null;
}

export interface NewInventorRow {
  patentId: string;
  position: number;
  name: string;
  personId: string | null;
}

const day = (d: Date | null) => (d ? formatCalendarDate(d) : null);

export async function insertPatents(
  tx: Prisma.TransactionClient,
  rows: NewPatentRow[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({ ...r, applicationDate: day(r.applicationDate), grantDate: day(r.grantDate) })),
  );
  await tx.$executeRaw`
    INSERT INTO "Patent" ("id", "applicationNumber", "publicationNumber", "title", "abstract", "type",
      "ipcCodes", "locarnoClass", "applicationDate", "grantDate", "legalStatus", "patentees",
      "institutionId", "collegeId", "responsibleInventorId", "createdAt", "updatedAt")
    SELECT x."id", x."applicationNumber", x."publicationNumber", x."title", x."abstract", x."type",
      COALESCE(x."ipcCodes", '{}'), x."locarnoClass", x."applicationDate", x."grantDate", x."legalStatus",
      COALESCE(x."patentees", '{}'), x."institutionId", x."collegeId", x."responsibleInventorId", ${now}, ${now}
    FROM json_to_recordset(${json}::json) AS x("id" uuid, "applicationNumber" text, "publicationNumber" text,
      "title" text, "abstract" text, "type" "PatentType", "ipcCodes" text[], "locarnoClass" text,
      "applicationDate" date, "grantDate" date, "legalStatus" "LegalStatus", "patentees" text[],
      "institutionId" uuid, "collegeId" uuid, "responsibleInventorId" uuid)`;
}

export async function insertInventors(tx: Prisma.TransactionClient, rows: NewInventorRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "PatentInventor" ("patentId", "position", "name", "personId")
    SELECT x."patentId", x."position", x."name", x."personId"
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS x("patentId" uuid, "position" int, "name" text, "personId" uuid)`;
}
