import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createImport } from "../../lib/ingest/imports/create-import.ts";
import { getImport } from "../../lib/ingest/imports/get-import.ts";
import { loadImport } from "../../lib/ingest/imports/load-import.ts";
import { importRunJobId, startImport } from "../../lib/ingest/imports/start-import.ts";
import { closeQueues, getQueue } from "../../lib/queue/queues.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";

let workers: WorkersHandle;

beforeAll(async () => {
  workers = await startWorkers({ only: ["imports"], schedules: false });
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

async function waitForFinish(workspaceId: number, id: number) {
  for (let i = 0; i < 300; i++) {
    const job = await getImport(workspaceId, id);
    if (job.status === "SUCCEEDED" || job.status === "FAILED") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish in 30 s");
}

describe("import.run on a real worker", () => {
  it("runs a confirmed upload to completion with progress reaching 100", async () => {
    const ws = await db.workspace.create({ data: { slug: `worker-${randomUUID()}`, name: "Worker test" }, select: { id: true } });
    const user = await db.user.create({ data: { email: `${randomUUID()}@example.com`, name: "W", passwordHash: "x" }, select: { id: true } });
    const lines = ["Order ID,Customer ID,Order Date,Total"];
    for (let i = 0; i < 3000; i++) lines.push(`W${i},C${i % 700},2024-0${1 + (i % 9)}-15,${(i % 300) + 0.5}`);
    lines.push("W-bad,C1,not a date,5");
    const { id } = await createImport({ workspaceId: ws.id, userId: user.id, kind: "ORDERS", fileName: "orders.csv", bytes: new TextEncoder().encode(lines.join("\n")) });
    const draft = await loadImport(ws.id, id);
    expect(draft.totalRows).toBe(3001);

    await startImport({ workspaceId: ws.id, userId: user.id, importJobId: id, input: { mapping: draft.mapping, attributeColumns: [] } });
    await expect(startImport({ workspaceId: ws.id, userId: user.id, importJobId: id, input: { mapping: draft.mapping, attributeColumns: [] } })).rejects.toMatchObject({ code: "CONFLICT" });

    const done = await waitForFinish(ws.id, id);
    expect(done).toMatchObject({ status: "SUCCEEDED", progress: 100, processedRows: 3001, totalRows: 3001, insertedRows: 3000, errorCount: 1, createdCustomers: 700 });
    expect(await db.order.count({ where: { workspaceId: ws.id } })).toBe(3000);

    const confirmed = await loadImport(ws.id, id);
    const jobId = importRunJobId(id, confirmed.confirmedAt ?? new Date(0));
    // The row turns SUCCEEDED just before the queue job completes; wait for the job itself.
    for (let i = 0; i < 100 && (await getQueue("imports").getJobState(jobId)) !== "completed"; i++) await new Promise((r) => setTimeout(r, 50));
    const bullJob = await getQueue("imports").getJob(jobId);
    expect(bullJob?.progress).toBe(100);
    expect(bullJob?.returnvalue).toMatchObject({ status: "SUCCEEDED", totals: { processedRows: 3001, errorCount: 1 } });

    // A finished import asks for fresh RFM and CLV results.
    const runs = await db.analyticsRun.findMany({ where: { workspaceId: ws.id }, select: { kind: true, trigger: true }, orderBy: { kind: "asc" } });
    expect(runs).toEqual([
      { kind: "clv", trigger: "import" },
      { kind: "rfm", trigger: "import" },
    ]);

    const actions = await db.auditLog.findMany({ where: { workspaceId: ws.id, targetId: String(id) }, select: { action: true }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["import.uploaded", "import.started", "import.finished"]);
  });
});
