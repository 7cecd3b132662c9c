import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

const DAY_MS = 86_400_000;
const LAST_DAY = Math.floor(Date.parse("2026-11-30T00:00:00Z") / DAY_MS);

/**
 * 300 simulated customers (BG/NBD purchases over a year, channels round
 * robin) and three runs, as the workers would make them: RFM 60 days before
 * the last day, RFM on it, CLV on it. Filled after signing in, so sign-in
 * lands on a light overview page (its charts are slow to hydrate on a busy machine).
 */
async function seedValue(ws: { slug: string }): Promise<{ workspaceId: number; rfmRuns: number[] }> {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { simulateBgNbdTransactions } = await import("../../lib/analytics/summary/simulate-transactions.ts");
  const { executeRun } = await import("../../lib/analytics/runs/execute-run.ts");
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const workspaceId = (await client.query<{ id: number }>("SELECT id FROM workspace WHERE slug = $1", [ws.slug])).rows[0]!.id;
    const sim = simulateBgNbdTransactions(
      { r: 0.8, alpha: 20, a: 0.6, b: 2.5 },
      { customers: 300, firstDay: LAST_DAY - 400, acquisitionDays: 380, lastDay: LAST_DAY, timeUnit: "day", seed: 9, spend: { p: 6, q: 4, gamma: 15 } },
    );
    const names = [...new Set(sim.map((r) => r.customerId))];
    const channels = ["email", "search", "social"];
    const inserted = await client.query<{ id: string; external_id: string }>(
      `INSERT INTO customer (workspace_id, external_id, first_name, acquisition_channel)
       SELECT $1, e, 'Person ' || e, ($3::text[])[1 + (n % 3)] FROM unnest($2::text[]) WITH ORDINALITY AS u(e, n) RETURNING id::text, external_id`,
      [workspaceId, names.map((n) => `${ws.slug}-${n}`), channels],
    );
    const ids = new Map(inserted.rows.map((r) => [r.external_id, r.id]));
    await client.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
       SELECT $1, c, 'o-' || gen_random_uuid(), p, t, 'USD', 'completed' FROM unnest($2::bigint[], $3::timestamptz[], $4::numeric[]) AS u(c, p, t)`,
      [
        workspaceId,
        sim.map((r) => ids.get(`${ws.slug}-${r.customerId}`)!),
        sim.map((r) => new Date(r.day * DAY_MS + 12 * 3600 * 1000).toISOString()),
        sim.map((r) => Math.round((r.amount ?? 10) * 100) / 100),
      ],
    );
    const rfmRuns: number[] = [];
    for (const [kind, day] of [["rfm", LAST_DAY - 60], ["rfm", LAST_DAY], ["clv", LAST_DAY]] as const) {
      const asOf = new Date(day * DAY_MS + 20 * 3600 * 1000).toISOString();
      const run = await client.query<{ id: number }>(`INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, $2, 'QUEUED', 'manual', $3::jsonb) RETURNING id`, [
        workspaceId,
        kind,
        JSON.stringify({ asOf }),
      ]);
      const outcome = await executeRun(kind, workspaceId, run.rows[0]!.id);
      expect(outcome.status).toBe("succeeded");
      if (kind === "rfm") rfmRuns.push(run.rows[0]!.id);
    }
    return { workspaceId, rfmRuns };
  } finally {
    await client.end();
  }
}

test("an analyst reads LTV & Churn, exports a table, and saves a channel as a segment", async ({ page }) => {
  test.setTimeout(180_000);
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.ANALYST, ws.password);
  await seedValue(ws);
  await page.goto(`/w/${ws.slug}/ltv`);

  await expect(page.getByRole("heading", { name: "Revenue at risk" })).toBeVisible();
  await expect(page.getByText(/Rule: valuable = the top 20% of scored customers/)).toBeVisible();
  await expect(page.getByRole("heading", { name: /Share of predicted value/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /CLV and P\(alive\) by acquisition channel/ })).toBeVisible();
  await expect(page.getByTestId("not-scored")).toContainText("0 of 300 customers have never made a counted purchase");
  await expect(page.getByRole("heading", { name: /Calibration vs holdout/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Weekly tracking/ })).toBeVisible();

  // Top customers link to their profiles.
  const top = page.getByRole("table", { name: "Top customers by predicted CLV" });
  await expect(top.getByRole("row")).toHaveCount(21);

  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("export-ltv-channels").click();
  const csv = await readFile((await (await downloadPromise).path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("acquisition_channel,customers,share_of_scored,mean_p_alive,mean_predicted_clv_12m,total_predicted_clv_12m,revenue_to_date,clv_run_id");
  expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(["email", "search", "social"]);
  const emailCustomers = Number(lines.find((l) => l.startsWith("email,"))!.split(",")[1]);

  await page.getByRole("button", { name: "Make a segment: Channel email" }).click();
  await page.getByLabel("Segment name").fill(`Email buyers ${ws.slug}`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/segments\/\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Email buyers ${ws.slug}`);

  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const segmentId = Number(page.url().match(/segments\/(\d+)/)![1]);
    const members = await client.query<{ n: number; email: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE c.acquisition_channel = 'email')::int AS email
         FROM segment_membership s JOIN customer c ON c.id = s.customer_id WHERE s.segment_id = $1`,
      [segmentId],
    );
    expect(members.rows[0]).toEqual({ n: emailCustomers, email: emailCustomers });
  } finally {
    await client.end();
  }
});

test("an analyst reads the RFM heatmap and compares two chosen runs", async ({ page }) => {
  test.setTimeout(180_000);
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.ANALYST, ws.password);
  const { rfmRuns } = await seedValue(ws);
  await page.goto(`/w/${ws.slug}/rfm`);

  await expect(page.getByTestId("scoring-rule")).toContainText("ceil(5 × (customers with a worse value + half of those tied) / customers)");
  await expect(page.getByText("Customers per cell:")).toBeVisible();
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const cell = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM rfm_snapshot WHERE run_id = $1 AND r_score = 5 AND f_score = 5", [rfmRuns[1]]);
    await expect(page.getByTestId("rf-cell-5-5").locator("div").first()).toHaveText(String(cell.rows[0]!.n));

    const [older, newer] = rfmRuns as [number, number];
    // Newest first by default (previous → latest); choose the pair the other way round.
    await page.getByRole("combobox", { name: /^From run/ }).selectOption(String(newer));
    await page.getByRole("combobox", { name: /^To run/ }).selectOption(String(older));
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${newer}&to=${older}`));
    const moved = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT customer_id, segment FROM rfm_snapshot WHERE run_id = $1) a
         FULL JOIN (SELECT customer_id, segment FROM rfm_snapshot WHERE run_id = $2) b ON a.customer_id = b.customer_id
        WHERE a.segment IS DISTINCT FROM b.segment`,
      [newer, older],
    );
    await expect(page.getByTestId("migration-summary")).toContainText(`${moved.rows[0]!.n.toLocaleString("en-US")} of`);
    await expect(page.getByTestId("migration-summary")).toContainText(`Run ${newer}`);

    const downloadPromise = page.waitForEvent("download");
    await page.getByTestId("export-rfm-migration").click();
    const csv = await readFile((await (await downloadPromise).path())!, "utf8");
    const rows = csv.trim().split("\r\n").slice(1).map((l) => l.split(","));
    expect(rows.every((r) => r[0] === String(newer) && r[2] === String(older))).toBe(true);
    expect(rows.filter((r) => r[4] !== r[5]).reduce((t, r) => t + Number(r[6]), 0)).toBe(moved.rows[0]!.n);
  } finally {
    await client.end();
  }
});

test("before any run the LTV and RFM pages say how to get numbers", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/ltv`);
  await expect(page.getByRole("heading", { name: "No predictions yet" })).toBeVisible();
  await page.goto(`/w/${ws.slug}/rfm`);
  await expect(page.getByRole("heading", { name: "No RFM scores yet" })).toBeVisible();
});
