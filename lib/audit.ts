import { db } from "./db/client.ts";
import type { Prisma } from "./db/client.ts";

export interface AuditEntry {
  workspaceId: number;
  action: string;
  actorUserId?: string | null;
  actorApiKey?: number | null;
  targetType?: string;
  targetId?: string;
  metadata?: Prisma.InputJsonValue;
}

/** Records who changed what. Called inside the same transaction as the change when one is open. */
export async function audit(entry: AuditEntry, tx: Pick<typeof db, "auditLog"> = db): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      actorApiKey: entry.actorApiKey ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? {},
    },
  });
}
