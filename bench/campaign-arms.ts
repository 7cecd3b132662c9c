// Experiments at scale: planning a broadcast with arm assignment (ledger row
// with RFM segment, churn band, CLV decile and pre-period revenue per
// customer, global control left out, two variants), the per-arm outcome
// refresh over the orders in every customer's window, the page's read of the
// outcome rows, and a change of the global control percentage. Each beside a
// yardstick measured in the same run on the same rows:
// - planning: a bare INSERT … SELECT of one message row per audience member
//   (the least any planning can cost);
// - outcome refresh: one join of the ledger to the same orders, summed (the
//   read the refresh cannot avoid);
// - outcome read: reading the campaign's one campaign_stats row;
// - global control change: one pass over the workspace's customers computing
//   the bucket (what deciding membership costs).
// Database valueloop_bench_arms of its own. `npx tsx bench/campaign-arms.ts`
// (BENCH_ARMS_CUSTOMERS, default 200000; BENCH_ARMS_ORDERS per customer, default 5)
process.env.BENCH_CAMPAIGN_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/valueloop_bench_arms";
const { cleanUp, createBenchWorkspace, pool } = await import("./campaign-bench-support.ts");
const { measure, formatTiming } = await import("./support.ts");
const { createCampaign } = await import("../lib/campaigns/create-campaign.ts");
const { saveGlobalControl } = await import("../lib/campaigns/experiments/save-global-control.ts");
const { refreshArmOutcomes } = await import("../lib/campaigns/results/refresh-arm-outcomes.ts");
const { armOutcomes } = await import("../lib/campaigns/results/arm-outcomes.ts");
// The planning the experiment tests use: the campaign's arms, the default contact policy, a segment's members.
const { planOccurrence } = await import("../tests/support/plan-occurrence.ts");
const { loadavg } = await import("node:os");

const N = Number(process.env.BENCH_ARMS_CUSTOMERS ?? 200_000);
const ORDERS = Number(process.env.BENCH_ARMS_ORDERS ?? 5);

async function seconds<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [(performance.now() - t0) / 1000, value];
}

let workspaceId: number | null = null;
try {
  const bench = await createBenchWorkspace(1, N, "arms");
  workspaceId = bench.workspaceId;
  const ws = workspaceId;
  const segments = ["Champions", "Loyal", "At risk", "Hibernating", "New"];
  await pool.query(
    `INSERT INTO customer_metrics (customer_id, workspace_id, rfm_segment, churn_risk_band, predicted_clv_12m)
     SELECT id, $1, ($2::text[])[1 + id % 5], (ARRAY['low', 'medium', 'high'])[1 + id % 3], (id % 997) * 1.7 FROM customer WHERE workspace_id = $1`,
    [ws, segments],
  );
  // Past orders (the pre-period) and one order per customer in the coming days (inside the windows).
  await pool.query(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency)
     SELECT $1, c.id, 'o-' || c.id || '-' || k, now() - ((c.id * 7 + k * 13) % 60) * interval '1 day', 10 + (c.id + k) % 90, 'USD'
       FROM customer c CROSS JOIN generate_series(1, $2::int) k WHERE c.workspace_id = $1`,
    [ws, ORDERS],
  );
  await pool.query(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency)
     SELECT $1, c.id, 'f-' || c.id, now() + (c.id % 10) * interval '1 day', 25, 'USD' FROM customer c WHERE c.workspace_id = $1 AND c.id % 3 = 0`,
    [ws],
  );
  const { rows: seg } = await pool.query<{ id: number }>(
    `INSERT INTO segment (workspace_id, name, kind, definition, size) VALUES ($1, 'Everyone', 'STATIC', '{"version":1,"root":{"id":"root","type":"group","combinator":"and","children":[]}}', $2) RETURNING id`,
    [ws, N],
  );
  const segmentId = seg[0]!.id;
  await pool.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, id, $2 FROM customer WHERE workspace_id = $2`, [segmentId, ws]);
  await pool.query("VACUUM ANALYZE customer, customer_metrics, customer_order, segment_membership, message, campaign_assignment");
  const { rows: counts } = await pool.query<{ orders: number }>(`SELECT count(*)::int AS orders FROM customer_order WHERE workspace_id = $1`, [ws]);
  console.log(`workspace: ${N} customers, ${counts[0]!.orders} orders`);

  const campaign = await createCampaign(ws, bench.actor, {
    name: "Arms bench",
    kind: "broadcast",
    segmentId,
    schedule: { mode: "now" },
    content: { channel: "email", subject: "Hello {{ customer.first_name }}", html: "<p>Hi</p>" },
    experiment: {
      controlPercent: 10,
      variants: [
        { key: "A", name: "A", weight: 50 },
        { key: "B", name: "B", weight: 50, sendOffsetMinutes: 30 },
      ],
    },
  });
  const occurrence = async (key: string) =>
    (await pool.query<{ id: string }>(`INSERT INTO campaign_occurrence (workspace_id, campaign_id, key, due_at) VALUES ($1, $2, $3, now()) RETURNING id::text`, [ws, campaign.id, key])).rows[0]!.id;

  // Yardstick: one message row per member, nothing decided.
  const bareOccurrence = await occurrence("bare");
  const [bare] = await seconds(() =>
    pool.query(
      `INSERT INTO message (workspace_id, campaign_id, occurrence_id, customer_id, channel, status, idempotency_key)
       SELECT $1, $2, $3, customer_id, 'email', 'queued', replace(gen_random_uuid()::text, '-', '') FROM segment_membership WHERE segment_id = $4`,
      [ws, campaign.id, bareOccurrence, segmentId],
    ),
  );
  await pool.query(`DELETE FROM message WHERE occurrence_id = $1`, [bareOccurrence]);
  await pool.query("VACUUM ANALYZE message");

  // Timed with the occurrence's one-row INSERT, which is nothing beside the plan's rows.
  const [planned, planCounts] = await seconds(() => planOccurrence(ws, campaign.id, segmentId, "broadcast"));
  console.log(`yardstick: bare INSERT … SELECT of ${N} message rows: ${bare.toFixed(2)} s`);
  console.log(
    `planning with assignment (policy, global control, arms, ledger with segment/band/decile/pre-period revenue): ${planned.toFixed(2)} s = ${(planned / bare).toFixed(1)}× yardstick; ` +
      `${planCounts.queued} queued (${planCounts.heldOut} held out), ${planCounts.skipped.global_control ?? 0} in the global control group`,
  );

  // Exposure: the treatment sent, the control held out, now.
  await pool.query(`UPDATE message SET status = CASE WHEN arm = 'control' THEN 'held_out'::"MessageStatus" ELSE 'sent' END, sent_at = CASE WHEN arm = 'treatment' THEN now() END, held_out_at = CASE WHEN arm = 'control' THEN now() END WHERE occurrence_id = $1 AND status = 'queued'`, [planCounts.occurrenceId]);
  await pool.query("VACUUM ANALYZE message, campaign_assignment");

  const [joinOnly] = await seconds(() =>
    pool.query(
      `SELECT count(*), sum(o.total) FROM campaign_assignment a JOIN customer_order o ON o.workspace_id = a.workspace_id AND o.customer_id = a.customer_id
        WHERE a.campaign_id = $1 AND o.placed_at >= now() - interval '1 day'`,
      [campaign.id],
    ),
  );
  const [refresh, refreshed] = await seconds(() => refreshArmOutcomes(ws, campaign.id));
  console.log(`yardstick: the ledger joined to its customers' recent orders, summed: ${joinOnly.toFixed(2)} s`);
  console.log(`outcome refresh for ${refreshed.customers} assigned customers (arms, variants, 3 slice kinds, daily series): ${refresh.toFixed(2)} s = ${(refresh / joinOnly).toFixed(1)}× yardstick`);

  const stats = await measure(() => pool.query(`SELECT * FROM campaign_stats WHERE campaign_id = $1`, [campaign.id]), { warmup: 3, runs: 30 });
  const read = await measure(() => armOutcomes(ws, campaign.id), { warmup: 3, runs: 30 });
  console.log(formatTiming("yardstick: one campaign_stats row", stats));
  console.log(formatTiming("armOutcomes (what a results page reads)", read));
  console.log(`  p50 ratio ${(read.p50 / stats.p50).toFixed(1)}×`);

  const [scan] = await seconds(() => pool.query(`SELECT count(*) FILTER (WHERE valueloop_bucket('x', id) < 1000) FROM customer WHERE workspace_id = $1`, [ws]));
  const [first] = await seconds(() => saveGlobalControl(ws, bench.actor.userId, { percent: 6 }));
  const [change, moved] = await seconds(() => saveGlobalControl(ws, bench.actor.userId, { percent: 10 }));
  console.log(`yardstick: bucket of every customer, counted: ${scan.toFixed(2)} s`);
  console.log(`global control 5 → 6 % (first save also records the 5 % members): ${first.toFixed(2)} s; 6 → 10 %: ${change.toFixed(2)} s = ${(change / scan).toFixed(1)}× yardstick, ${moved.joined} joined`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  await cleanUp(workspaceId, null);
}

// A module (top-level await), with nothing to export.
export {};
