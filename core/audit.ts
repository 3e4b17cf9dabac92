// Every consequential action is recorded: who did what to which subject, with context.
import type { Prisma } from '../prisma/generated/client.ts';

type AuditWriter = {
  auditLog: { create(args: { data: Prisma.AuditLogUncheckedCreateInput }): Promise<unknown> };
};

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  institutionId?: string | null;
  details?: Prisma.InputJsonValue;
}

export async function audit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      institutionId: entry.institutionId ?? null,
      details: entry.details ?? {},
    },
  });
}
