import { expect, test } from "@playwright/test";
import { addDraftCampaign, addStaticSegment } from "./support/campaign-seed.ts";
import { lockGlobalControl } from "../../lib/campaigns/experiments/reconcile-global-control.ts";
import { sql, withClient } from "./support/e2e-db.ts";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * The programme view: a workspace whose global control group (20 %) has held
 * customers out for 60 days, with orders planted for everyone else; the e2e
 * worker writes the programme's sums on its tick, and the page, reached from
 * the campaigns list and from the overview's incremental revenue, shows the
 * two groups as plain SQL counts them and the same incremental revenue. Then
 * an A/B campaign's automatic-winner decision on its results page.
 */
test("the programme page compares the global control group with everyone else, and the overview links to the same figure", async ({ page }) => {
  test.setTimeout(150_000);
  const ws = await seedWorkspace({ customers: 300 });
  const wsId = (await sql<{ id: number }>(`SELECT id FROM workspace WHERE slug = $1`, [ws.slug]))[0]!.id;
  await sql(`UPDATE customer SET created_at = now() - interval '90 days' WHERE workspace_id = $1`, [wsId]);
  // The worker may already have opened rows at the default 5 %, and may be reconciling right now: the history is
  // rewritten as if 20 % had held for 60 days, in one transaction under the lock the worker's reconciliation takes,
  // so no row it opens can land between the delete and the insert.
  await withClient(async (c) => {
    await c.query("BEGIN");
    await lockGlobalControl(c, wsId);
    await c.query(
      `INSERT INTO experiment_settings (workspace_id, global_control_percent, percent_since, members_reconciled_at) VALUES ($1, 20, now() - interval '60 days', now())
       ON CONFLICT (workspace_id) DO UPDATE SET global_control_percent = 20, percent_since = now() - interval '60 days', members_reconciled_at = now()`,
      [wsId],
    );
    await c.query(`DELETE FROM global_control_member WHERE workspace_id = $1`, [wsId]);
    await c.query(
      `INSERT INTO global_control_member (workspace_id, customer_id, from_at)
       SELECT workspace_id, id, now() - interval '60 days' FROM customer WHERE workspace_id = $1 AND valueloop_bucket('global-control:' || $1, id) < 2000`,
      [wsId],
    );
    await c.query("COMMIT");
  });
  // In the last 20 days: everyone else buys $90 (customers with an even id), the control $20 (every third).
  await sql(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
     SELECT c.workspace_id, c.id, 'prog-' || c.id, now() - interval '20 days', CASE WHEN g.customer_id IS NULL THEN 90 ELSE 20 END, 'USD', 'completed'
       FROM customer c LEFT JOIN global_control_member g ON g.customer_id = c.id
      WHERE c.workspace_id = $1 AND ((g.customer_id IS NULL AND c.id % 2 = 0) OR (g.customer_id IS NOT NULL AND c.id % 3 = 0))`,
    [wsId],
  );
  // A rewrite that began before the planting may have finished since: wait for one that began after it (refreshed_at is its start).
  const planted = (await sql<{ at: Date }>(`SELECT now() AS at`, []))[0]!.at;
  await sql(`DELETE FROM programme_state WHERE workspace_id = $1`, [wsId]);
  await expect.poll(async () => (await sql(`SELECT 1 FROM programme_state WHERE workspace_id = $1 AND refreshed_at > $2`, [wsId, planted])).length, { timeout: 90_000 }).toBe(1);
  const [counts] = await sql<{ control: number; rest: number }>(
    `SELECT count(*) FILTER (WHERE g.customer_id IS NOT NULL)::int AS control, count(*) FILTER (WHERE g.customer_id IS NULL)::int AS rest
       FROM customer c LEFT JOIN global_control_member g ON g.customer_id = c.id WHERE c.workspace_id = $1`,
    [wsId],
  );

  await addDraftCampaign(ws, await addStaticSegment(ws, "Everyone", ws.customers.map((c) => c.id)), "Spring");
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/campaigns`);
  await page.getByRole("link", { name: "Programme results" }).click();
  await expect(page).toHaveURL(/\/campaigns\/programme$/);
  await expect(page.getByRole("heading", { name: "Programme results" })).toBeVisible();
  const groups = page.getByTestId("programme-groups");
  await expect(groups.getByRole("columnheader")).toHaveText(["Group", "Customers", "Converters", "Conversion", "Orders", "Revenue", "Revenue per customer"]);
  await expect(groups.getByRole("row", { name: /Global control group/ })).toContainText(String(counts!.control));
  await expect(groups.getByRole("row", { name: /Everyone else/ })).toContainText(String(counts!.rest));
  const verdict = page.getByTestId("programme-verdict");
  await expect(verdict).toContainText("the campaigns together earned more");
  const sequential = await page.getByTestId("programme-comparison").locator("dd").first().innerText();

  // The overview's figure is the same number, and links here.
  await page.goto(`/w/${ws.slug}?period=30`);
  const figure = page.getByTestId("overview-incremental");
  await expect(figure).toContainText(sequential.split(" (")[0]!);
  await figure.getByRole("link", { name: "Programme results" }).click();
  await expect(page).toHaveURL(/\/campaigns\/programme\?period=30/);

  // The CSV has one row per group with the same customers.
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const csv = await (await page.request.get(`/api/w/${ws.slug}/programme/export?from=${day(Date.now() - 29 * 86_400_000)}&to=${day(Date.now())}`)).text();
  const lines = csv.trim().split("\n");
  expect(lines[0]).toMatch(/^group,customers,converters/);
  expect(lines[1]).toMatch(new RegExp(`^control,${counts!.control},`));
  expect(lines[2]).toMatch(new RegExp(`^rest,${counts!.rest},`));

  // A bad period is explained, not a crash.
  await page.goto(`/w/${ws.slug}/campaigns/programme?period=custom&from=2026-02-30&to=2026-03-01`);
  await expect(page.getByRole("alert").filter({ hasText: '("from")' })).toBeVisible();
});

test("an A/B campaign's automatic-winner decision shows on its results page with the numbers it was made on", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 5 });
  const wsId = (await sql<{ id: number }>(`SELECT id FROM workspace WHERE slug = $1`, [ws.slug]))[0]!.id;
  const segmentId = await addStaticSegment(
    ws,
    "Everyone",
    ws.customers.map((c) => c.id),
  );
  const campaignId = await addDraftCampaign(ws, segmentId, "Subject test");
  await sql(`INSERT INTO campaign_variant (campaign_id, workspace_id, key, name, position, weight) SELECT id, workspace_id, k, n, p, 50 FROM campaign, (VALUES ('A', 'Plain', 0), ('B', 'Urgent', 1)) v(k, n, p) WHERE id = $1`, [campaignId]);
  await sql(`UPDATE campaign SET auto_winner_min_per_variant = 500, auto_winner_metric = 'revenue' WHERE id = $1`, [campaignId]);

  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(`/w/${ws.slug}/campaigns/${campaignId}/results`);
  await expect(page.getByTestId("auto-winner")).toContainText("once every variant has 500 customers");
  await expect(page.getByTestId("auto-winner")).toContainText("No winner yet");

  const numbers = {
    metric: "revenue",
    confidence: 0.95,
    minCustomersPerVariant: 500,
    arms: [
      { key: "A", n: 612, mean: 14.25 },
      { key: "B", n: 598, mean: 9.5 },
    ],
    comparisons: [{ against: "B", estimate: 4.75, low: 1.2, high: 8.3 }],
  };
  await sql(`INSERT INTO campaign_winner (campaign_id, workspace_id, variant_key, metric, numbers, switched_messages) VALUES ($1, $2, 'A', 'revenue', $3::jsonb, 37)`, [
    campaignId,
    wsId,
    JSON.stringify(numbers),
  ]);
  await page.reload();
  const card = page.getByTestId("auto-winner");
  await expect(card).toContainText("Variant A won on revenue per customer");
  await expect(card).toContainText("37 queued messages");
  await expect(card.getByRole("row", { name: /^B/ })).toContainText("598");
  await expect(card.getByRole("row", { name: /^B/ })).toContainText("$1.20");
  await expect(card.getByRole("row", { name: /^A/ })).toContainText("winner");
  // The decision's table is named for screen readers and keeps each number under its own header.
  const decision = card.getByRole("table", { name: "The numbers the decision was made on" });
  await expect(decision.getByRole("columnheader")).toHaveText(["Variant", "Customers", "Revenue per customer", "A minus it (always-valid interval)"]);
  await expect(decision.getByRole("row", { name: /^B/ }).getByRole("cell")).toHaveText(["598", "$9.50", "$4.75 ($1.20 to $8.30)"]);
});
