import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:global-control-change`;
});

import { bucketOf, globalControlSalt } from "../../lib/campaigns/experiments/bucket.ts";
import { requestGlobalControlChange } from "../../lib/campaigns/experiments/global-control-change.ts";
import { getGlobalControlView } from "../../lib/campaigns/experiments/global-control-view.ts";
import { pool } from "../../lib/db/pool.ts";
import { AppError } from "../../lib/errors.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import { createAudience, waitFor } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

let workers: WorkersHandle | undefined;
afterAll(async () => {
  await workers?.close({ force: true });
  await closeQueues();
});

const openMembers = async (workspaceId: number) =>
  (await pool.query<{ customer_id: string }>(`SELECT customer_id::text FROM global_control_member WHERE workspace_id = $1 AND to_at IS NULL ORDER BY 1`, [workspaceId])).rows.map(
    (r) => r.customer_id,
  );

describe("a change of the global control percentage", () => {
  it("is queued from the request, refused while another is pending, and applied by its job moving exactly the buckets between the two values", async () => {
    const workspace = await createWorkspace();
    const admin = await createUser(workspace.id, "ADMIN");
    const marketer = await createUser(workspace.id, "MARKETER");
    const { customerIds } = await createAudience(workspace.id, Array.from({ length: 3_000 }, (_, i) => ({ email: `gc${i}-${Math.random().toString(36).slice(2, 8)}@customer.example` })));
    const bucket = new Map(customerIds.map((id) => [id, bucketOf(globalControlSalt(workspace.id), id)]));
    const below = (limit: number) => customerIds.filter((id) => bucket.get(id)! < limit).sort();

    // Nothing runs the job yet: the request returns at once with the change queued and the history untouched.
    const requested = await requestGlobalControlChange(workspace.id, admin.id, { percent: 12 });
    expect(requested).toMatchObject({ percent: 12, changed: true });
    expect((await getGlobalControlView(workspace.id)).change).toMatchObject({ percent: 12, state: "queued" });
    expect(await openMembers(workspace.id)).toEqual([]);

    // A second change while it waits is refused, naming the pending one; a marketer may not change it at all.
    const second = await requestGlobalControlChange(workspace.id, admin.id, { percent: 20 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe("CONFLICT");
    expect((second as AppError).message).toMatch(/change to 12 % is still being applied/);
    await expect(requestGlobalControlChange(workspace.id, marketer.id, { percent: 20 })).rejects.toMatchObject({ code: "FORBIDDEN" });

    workers = await startWorkers({ only: ["campaigns"], schedules: false });
    const done = await waitFor(async () => {
      const change = (await getGlobalControlView(workspace.id)).change;
      return change?.state === "done" ? change : null;
    }, "the change job");
    expect(await openMembers(workspace.id)).toEqual(below(1_200));
    // The default 5 % is brought up to date first; the change itself adds buckets 500–1199.
    const moved = below(1_200).length - below(500).length;
    expect(done).toMatchObject({ joined: moved, left: 0 });
    const { rows: audits } = await pool.query<{ metadata: { joined: number } }>(`SELECT metadata FROM audit_log WHERE workspace_id = $1 AND action = 'settings.experiments.update'`, [workspace.id]);
    expect(audits.map((a) => a.metadata.joined)).toEqual([moved]);

    // Lowering it: only the rows of buckets 400–1199 close, and the programme's sums are rewritten after it.
    const { rows: before } = await pool.query<{ id: string }>(`SELECT id::text FROM global_control_member WHERE workspace_id = $1 ORDER BY id`, [workspace.id]);
    await requestGlobalControlChange(workspace.id, admin.id, { percent: 4 });
    const lowered = await waitFor(async () => {
      const change = (await getGlobalControlView(workspace.id)).change;
      return change?.percent === 4 && change.state === "done" ? change : null;
    }, "the second change job");
    expect(lowered).toMatchObject({ joined: 0, left: below(1_200).length - below(400).length });
    expect(await openMembers(workspace.id)).toEqual(below(400));
    const { rows: after } = await pool.query<{ id: string }>(`SELECT id::text FROM global_control_member WHERE workspace_id = $1 ORDER BY id`, [workspace.id]);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    await waitFor(async () => (await pool.query(`SELECT 1 FROM programme_state WHERE workspace_id = $1`, [workspace.id])).rowCount, "the programme refresh after the change");

    // The same value again queues nothing.
    expect(await requestGlobalControlChange(workspace.id, admin.id, { percent: 4 })).toMatchObject({ changed: false, changeId: null });
  });
});
