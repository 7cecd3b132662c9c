// Campaign results for a 1M-customer audience: loadCampaignResults (the page's
// and the API's read: the campaign, its variants, the kept per-arm, per-slice
// and daily sums, then every interval, CUPED, SRM, the slices and the
// cumulative series in lib/stats) beside a yardstick measured in the same run:
// reading the campaign's one campaign_stats row (the least a results read can
// cost). The aggregates are built set-based for a synthetic 1M-assignment
// campaign (10% control, variants A/B, 5 RFM segments, 3 churn bands, 10 CLV
// deciles, 7 days), as the outcomes worker leaves them. Database
// valueloop_bench_results of its own. `npx tsx bench/campaign-results.ts`
// (BENCH_RESULTS_CUSTOMERS, default 1000000).
process.env.BENCH_CAMPAIGN_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/valueloop_bench_results";
const { cleanUp, createBenchWorkspace, pool } = await import("./campaign-bench-support.ts");
const { measure, formatTiming } = await import("./support.ts");
const { createCampaign } = await import("../lib/campaigns/create-campaign.ts");
const { loadCampaignResults } = await import("../lib/campaigns/results/load-campaign-results.ts");
const { loadavg } = await import("node:os");

const N = Number(process.env.BENCH_RESULTS_CUSTOMERS ?? 1_000_000);

let workspaceId: number | null = null;
try {
  const bench = await createBenchWorkspace(1, 0, "results");
  workspaceId = bench.workspaceId;
  const ws = workspaceId;
  const { rows: seg } = await pool.query<{ id: number }>(
    `INSERT INTO segment (workspace_id, name, kind, definition, size) VALUES ($1, 'Everyone', 'STATIC', '{"version":1,"root":{"id":"root","type":"group","combinator":"and","children":[]}}', 0) RETURNING id`,
    [ws],
  );
  const campaign = await createCampaign(ws, bench.actor, {
    name: "Results bench",
    kind: "broadcast",
    segmentId: seg[0]!.id,
    schedule: { mode: "now" },
    content: { channel: "email", subject: "Hello", html: "<p>Hi</p>" },
    experiment: {
      controlPercent: 10,
      costPerMessage: 0.01,
      grossMarginPercent: 40,
      variants: [
        { key: "A", name: "A", weight: 50 },
        { key: "B", name: "B", weight: 50 },
      ],
    },
  });
  const t0 = performance.now();
  // One synthetic customer per row: arm and variant by a hash, revenue zero-inflated and skewed, a little more for the treated.
  await pool.query(
    `CREATE TEMP TABLE synthetic AS
     SELECT i, CASE WHEN h < 0.1 THEN 'control' ELSE 'treatment' END::"CampaignArm" AS arm,
            CASE WHEN h < 0.1 THEN '' WHEN h < 0.55 THEN 'A' ELSE 'B' END AS variant_key,
            (ARRAY['Champions', 'Loyal', 'At risk', 'Hibernating', 'New'])[1 + i % 5] AS rfm, (ARRAY['low', 'medium', 'high'])[1 + i % 3] AS churn, (1 + i % 10)::text AS decile,
            CASE WHEN random() < 0.2 + CASE WHEN h >= 0.1 THEN 0.02 ELSE 0 END THEN round((exp(3.5 + 0.9 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2) ELSE 0 END AS y,
            CASE WHEN random() < 0.25 THEN round((random() * 200)::numeric, 2) ELSE 0 END AS x, i % 7 AS day
       FROM (SELECT i, (hashint4(i)::int8 - (-2147483648)) / 4294967296.0 AS h FROM generate_series(1, $1::int) i) g`,
    [N],
  );
  await pool.query(
    `INSERT INTO campaign_arm_outcome (campaign_id, workspace_id, arm, variant_key, slice_kind, slice_value, customers, converters, orders, sum_y, sum_y2, sum_x, sum_x2, sum_xy, unsubscribes)
     SELECT $1, $2, arm, variant_key,
            CASE WHEN GROUPING(rfm) = 0 THEN 'rfm_segment' WHEN GROUPING(churn) = 0 THEN 'churn_band' WHEN GROUPING(decile) = 0 THEN 'clv_decile' ELSE 'all' END,
            coalesce(rfm, churn, decile, ''), count(*), count(*) FILTER (WHERE y > 0), count(*) FILTER (WHERE y > 0), sum(y), sum(y * y), sum(x), sum(x * x), sum(x * y), 0
       FROM synthetic GROUP BY GROUPING SETS ((arm, variant_key), (arm, variant_key, rfm), (arm, variant_key, churn), (arm, variant_key, decile))`,
    [campaign.id, ws],
  );
  await pool.query(
    `INSERT INTO campaign_arm_daily (campaign_id, workspace_id, arm, variant_key, day, orders, converters, revenue)
     SELECT $1, $2, arm, variant_key, current_date - 7 + day, count(*) FILTER (WHERE y > 0), count(*) FILTER (WHERE y > 0), sum(y) FROM synthetic GROUP BY arm, variant_key, day`,
    [campaign.id, ws],
  );
  await pool.query(`INSERT INTO campaign_outcome_state (campaign_id, workspace_id, refreshed_at, window_ends_at) VALUES ($1, $2, now(), now())`, [campaign.id, ws]);
  await pool.query(`INSERT INTO campaign_stats (campaign_id, workspace_id, sent) VALUES ($1, $2, $3)`, [campaign.id, ws, Math.round(N * 0.9)]);
  await pool.query("ANALYZE campaign_arm_outcome, campaign_arm_daily, campaign_stats");
  console.log(`aggregates for ${N.toLocaleString("en-US")} assignments built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const results = await loadCampaignResults(ws, campaign.id);
  console.log(`check: ${results.customers.toLocaleString("en-US")} customers, ${results.arms.length} arms, ${results.comparisons.length} comparisons, ${results.slices.length} slices; verdict: ${results.verdict.text}`);

  const yardstick = await measure(() => pool.query(`SELECT * FROM campaign_stats WHERE campaign_id = $1 AND workspace_id = $2`, [campaign.id, ws]), { runs: 30 });
  const read = await measure(() => loadCampaignResults(ws, campaign.id), { runs: 30 });
  console.log(formatTiming("yardstick: one campaign_stats row", yardstick));
  console.log(formatTiming("campaign results (1M audience, kept sums)", read));
  console.log(`ratio p50: ${(read.p50 / yardstick.p50).toFixed(1)}× the yardstick; load average ${loadavg()[0]!.toFixed(2)}`);
} finally {
  await cleanUp(workspaceId, null);
}

// A module (top-level await), with nothing to export.
export {};
