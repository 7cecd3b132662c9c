import { afterAll, describe, expect, it } from "vitest";
import { requestRecompute } from "../../lib/analytics/recompute/request-recompute.ts";
import { audit } from "../../lib/audit.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { createImport } from "../../lib/ingest/imports/create-import.ts";
import { discardImport, retryImport } from "../../lib/ingest/imports/start-import.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

/**
 * Injected fault: the audit log refuses rows of one workspace (as a full disk
 * or a broken constraint would), so the test can see whether the change
 * that was being recorded survives without its audit row.
 */
async function withAuditLogRefusing<T>(workspaceId: number, work: () => Promise<T>): Promise<T> {
  const id = Math.trunc(workspaceId);
  await pool.query(`CREATE OR REPLACE FUNCTION test_refuse_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit log unavailable (injected fault)'; END $$`);
  await pool.query(`CREATE TRIGGER refuse_audit_${id} BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.workspace_id = ${id}) EXECUTE FUNCTION test_refuse_audit_row()`);
  try {
    return await work();
  } finally {
    await pool.query(`DROP TRIGGER refuse_audit_${id} ON audit_log`);
  }
}

async function auditActions(workspaceId: number): Promise<string[]> {
  const rows = await pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE workspace_id = $1 ORDER BY id`, [workspaceId]);
  return rows.rows.map((r) => r.action);
}

async function draftImport(workspaceId: number, userId: string): Promise<number> {
  const bytes = new TextEncoder().encode("Customer ID,Email\nC1,a@example.test\n");
  return (await createImport({ workspaceId, userId, kind: "CUSTOMERS", fileName: "customers.csv", bytes })).id;
}

async function importStatus(workspaceId: number, importJobId: number): Promise<string | null> {
  const rows = await pool.query<{ status: string }>(`SELECT status FROM import_job WHERE id = $1 AND workspace_id = $2`, [importJobId, workspaceId]);
  return rows.rows[0]?.status ?? null;
}

describe("an audit row commits or rolls back with the change it records", () => {
  it("a change that fails after it was audited leaves neither the change nor the audit row", async () => {
    const ws = await createWorkspace({ name: "Before" });
    const rename = (name: string, thenFail: boolean) =>
      withTransaction(async (client) => {
        await client.query(`UPDATE workspace SET name = $1 WHERE id = $2`, [name, ws.id]);
        await audit(client, { workspaceId: ws.id, action: "workspace.rename", targetType: "workspace", targetId: String(ws.id), metadata: { name } });
        if (thenFail) throw new Error("the change failed after auditing");
      });

    await expect(rename("Failed", true)).rejects.toThrow("the change failed after auditing");
    expect((await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).name).toBe("Before");
    expect(await auditActions(ws.id)).toEqual([]);

    await rename("After", false);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).name).toBe("After");
    expect(await auditActions(ws.id)).toEqual(["workspace.rename"]);
  });

  it("discarding a draft import whose audit row cannot be written keeps the draft", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const id = await draftImport(ws.id, admin.id);

    await withAuditLogRefusing(ws.id, async () => {
      await expect(discardImport({ workspaceId: ws.id, userId: admin.id, importJobId: id })).rejects.toThrow("audit log unavailable");
    });
    expect(await importStatus(ws.id, id)).toBe("QUEUED");
    expect(await auditActions(ws.id)).toEqual(["import.uploaded"]);

    await discardImport({ workspaceId: ws.id, userId: admin.id, importJobId: id });
    expect(await importStatus(ws.id, id)).toBeNull();
    expect(await auditActions(ws.id)).toEqual(["import.uploaded", "import.discarded"]);
  });

  it("retrying a failed import whose audit row cannot be written leaves it failed", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const id = await draftImport(ws.id, admin.id);
    await pool.query(`UPDATE import_job SET status = 'FAILED', confirmed_at = now(), error = 'disk full' WHERE id = $1`, [id]);

    await withAuditLogRefusing(ws.id, async () => {
      await expect(retryImport({ workspaceId: ws.id, userId: admin.id, importJobId: id })).rejects.toThrow("audit log unavailable");
    });
    expect(await importStatus(ws.id, id)).toBe("FAILED");
    expect(await auditActions(ws.id)).toEqual(["import.uploaded"]);
  });

  it("a recompute request whose audit row cannot be written starts no run", async () => {
    const ws = await createWorkspace();
    const analyst = await createUser(ws.id, "ANALYST");

    await withAuditLogRefusing(ws.id, async () => {
      await expect(requestRecompute(ws.id, "manual", { actorUserId: analyst.id })).rejects.toThrow("audit log unavailable");
    });
    const runs = await pool.query(`SELECT id FROM analytics_run WHERE workspace_id = $1`, [ws.id]);
    expect(runs.rows).toEqual([]);
    expect(await auditActions(ws.id)).toEqual([]);
  });
});
