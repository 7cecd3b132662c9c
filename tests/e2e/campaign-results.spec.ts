import { expect, test } from "@playwright/test";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { addDraftCampaign, addEmailChannel, addStaticSegment } from "./support/campaign-seed.ts";
import { sql } from "./support/e2e-db.ts";
import { seedWorkspace } from "./support/seed.ts";
import { addApiKey } from "./support/segment-seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * A campaign with a control group and two variants runs end to end: launched
 * in the browser, sent by the e2e worker to this spec's SMTP server, orders
 * planted after each customer's exposure (treated customers buy more), the
 * outcome sums refreshed by the worker; the results page shows the arms, the
 * intervals and the verdict, and the API answers with the same numbers.
 */
let smtp: SmtpReceiver;

test.beforeAll(async () => {
  smtp = await startSmtpReceiver();
});

test.afterAll(async () => {
  await smtp.stop();
});

test("a campaign with a control group and two variants: the results page and the API show the arms, the intervals and the verdict", async ({ page }) => {
  test.setTimeout(180_000);
  const ws = await seedWorkspace({ customers: 200 });
  await addEmailChannel(ws, smtp.port);
  const segmentId = await addStaticSegment(
    ws,
    "Everyone",
    ws.customers.map((c) => c.id),
  );
  const campaignId = await addDraftCampaign(ws, segmentId, "Autumn offer");
  await sql(`UPDATE campaign SET control_percent = 30, attribution_days = 7, cost_per_message = 0.05, gross_margin_percent = 40 WHERE id = $1`, [campaignId]);
  await sql(`INSERT INTO campaign_variant (campaign_id, workspace_id, key, name, position, weight) SELECT id, workspace_id, k, n, p, 50 FROM campaign, (VALUES ('a', 'A', 0), ('b', 'B', 1)) v(k, n, p) WHERE id = $1`, [campaignId]);

  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(`/w/${ws.slug}/campaigns/${campaignId}/results`);
  await expect(page.getByTestId("verdict")).toContainText("Too early: 0 customers so far");

  await page.goto(`/w/${ws.slug}/campaigns/${campaignId}`);
  await page.getByRole("button", { name: "Launch…" }).click();
  await expect(page.getByTestId("launch-mde")).toContainText("the smallest lift detectable is");
  await page.getByRole("region", { name: "Before you launch" }).getByRole("button", { name: "Launch now" }).click();
  await expect.poll(async () => (await sql<{ status: string }>(`SELECT status::text FROM campaign WHERE id = $1`, [campaignId]))[0]!.status, { timeout: 90_000 }).toBe("completed");
  const assigned = await sql<{ customer_id: string; arm: string }>(`SELECT customer_id::text, arm::text FROM campaign_assignment WHERE campaign_id = $1`, [campaignId]);
  expect(assigned).toHaveLength(200);
  expect(smtp.messages.length).toBe(assigned.filter((a) => a.arm === "treatment").length);

  // 200 customers: the random 30% control is at least 30 (the results minimum) with near certainty (60 expected, sd 6.5).
  // Orders a day after each customer's exposure: every third customer buys $30; treated customers also buy $80 (two in three).
  await sql(
    `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
     SELECT a.workspace_id, a.customer_id, 'o-' || gen_random_uuid(), coalesce(m.sent_at, m.held_out_at, m.not_before) + interval '1 day', t.total, 'USD', 'completed'
       FROM campaign_assignment a JOIN message m ON m.id = a.message_id
       CROSS JOIN LATERAL (SELECT 30 AS total WHERE a.customer_id % 3 = 0 UNION ALL SELECT 80 WHERE a.arm = 'treatment' AND a.customer_id % 3 <> 1) t
      WHERE a.campaign_id = $1`,
    [campaignId],
  );
  // The worker recounts a campaign whose outcome rows are missing: drop the state so its next tick does.
  await sql(`DELETE FROM campaign_outcome_state WHERE campaign_id = $1`, [campaignId]);
  await expect
    .poll(async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM campaign_outcome_state WHERE campaign_id = $1 AND refreshed_at > now() - interval '5 minutes'`, [campaignId]))[0]!.n, { timeout: 90_000 })
    .toBe(1);

  await page.goto(`/w/${ws.slug}/campaigns/${campaignId}/results`);
  const arms = page.getByTestId("arms-table");
  await expect(arms.getByRole("columnheader")).toHaveText(["Arm", "Customers", "Converters", "Conversion", "Orders", "Revenue", "Per customer", "Avg order", "Unsubscribes"]);
  for (const label of ["Control", "Treatment (all variants)", "Variant A", "Variant B"]) await expect(arms.getByRole("rowheader", { name: label, exact: true })).toBeVisible();
  const comparisons = page.getByTestId("comparisons-table");
  await expect(comparisons.getByRole("columnheader")).toHaveText([
    "Comparison",
    "Revenue per customer",
    "Conversion rate",
    "Relative lift",
    "Incremental revenue",
    "Incremental conversions",
    "ROI",
    "CUPED (revenue per customer)",
  ]);
  await expect(comparisons.getByRole("rowheader", { name: "Treatment vs control" })).toBeVisible();
  await expect(comparisons.getByText(/always-valid/).first()).toBeVisible();
  await expect(page.getByTestId("verdict")).toContainText(/\(95% CI .* to .*\) from \d+ customers; (significant|inconclusive)/);

  const key = await addApiKey(ws.slug);
  const res = await page.request.get(`/api/v1/campaigns/${campaignId}/results`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  const { data } = (await res.json()) as { data: { arms: { key: string; customers: number; revenue: number }[]; verdict: { text: string }; comparisons: { key: string; incrementalRevenue: { low: number; high: number } }[] } };
  expect(data.arms.map((a) => a.key)).toEqual(["control", "treatment", "a", "b"]);
  await expect(page.getByTestId("verdict")).toContainText(data.verdict.text);
  // The arms' revenue equals the orders in each customer's window (the seeded history is older), counted independently here.
  const planted = await sql<{ arm: string; revenue: string }>(
    `SELECT a.arm::text, sum(o.total)::text AS revenue
       FROM campaign_assignment a JOIN message m ON m.id = a.message_id
       JOIN customer_order o ON o.customer_id = a.customer_id AND o.placed_at >= coalesce(m.sent_at, m.held_out_at, m.not_before) AND o.placed_at < coalesce(m.sent_at, m.held_out_at, m.not_before) + interval '7 days'
      WHERE a.campaign_id = $1 GROUP BY a.arm`,
    [campaignId],
  );
  for (const p of planted) expect(data.arms.find((a) => a.key === p.arm)!.revenue).toBeCloseTo(Number(p.revenue), 6);
  expect(data.comparisons.map((c) => c.key)).toEqual(["treatment", "a", "b"]);
  expect(data.comparisons[0]!.incrementalRevenue.low).toBeLessThan(data.comparisons[0]!.incrementalRevenue.high);
});
