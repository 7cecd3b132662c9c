import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * Three customers in a UTC workspace, counted by hand:
 *   A orders 5 Sep and 7 Oct 2026, B 12 Sep, C 3 Oct and 4 Nov.
 * September cohort: 2 customers; month 1 holds A alone (50%).
 * October cohort: 1 customer; month 1 holds C (100%).
 */
async function seedCohorts(): Promise<{ slug: string; users: { ANALYST: string }; password: string; ids: Record<string, string> }> {
  const ws = await seedWorkspace({ customers: 0 });
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  const ids: Record<string, string> = {};
  try {
    const { rows } = await client.query<{ id: number }>("SELECT id FROM workspace WHERE slug = $1", [ws.slug]);
    const workspaceId = rows[0]!.id;
    const orders: Record<string, string[]> = { A: ["2026-09-05T10:00:00Z", "2026-10-07T10:00:00Z"], B: ["2026-09-12T10:00:00Z"], C: ["2026-10-03T10:00:00Z", "2026-11-04T10:00:00Z"] };
    for (const [name, times] of Object.entries(orders)) {
      const c = await client.query<{ id: string }>("INSERT INTO customer (workspace_id, external_id, email) VALUES ($1, $2, $3) RETURNING id::text", [
        workspaceId,
        `${ws.slug}-${name}`,
        `${name.toLowerCase()}-${ws.slug}@example.com`,
      ]);
      ids[name] = c.rows[0]!.id;
      for (const [k, at] of times.entries()) {
        await client.query("INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $2, $3, $4, 20, 'USD')", [
          workspaceId,
          c.rows[0]!.id,
          `${ws.slug}-${name}-${k}`,
          at,
        ]);
      }
    }
    // What the cohorts.refresh job does after a run or an import.
    process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
    const { refreshCohorts } = await import("../../lib/analytics/cohorts/refresh-cohorts.ts");
    await refreshCohorts(workspaceId, { asOf: new Date("2026-12-01T12:00:00Z") });
  } finally {
    await client.end();
  }
  return { slug: ws.slug, users: ws.users, password: ws.password, ids };
}

test("an analyst reads the cohorts, switches period and metric, exports the CSV and saves a cell as a segment", async ({ page }) => {
  const ws = await seedCohorts();
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cohorts", exact: true }).click();

  const table = page.getByRole("table", { name: "Cohorts by month since first order" });
  const september = table.locator('tr[data-cohort="2026-09-01"]');
  await expect(september.getByRole("cell").nth(0)).toHaveText("2");
  await expect(september.getByRole("button", { name: /month 1:/ })).toHaveText("50.0%");
  await expect(table.locator('tr[data-cohort="2026-10-01"]').getByRole("button", { name: /month 1:/ })).toHaveText("100.0%");

  await page.getByLabel("Metric", { exact: true }).selectOption("orders_per_customer");
  await expect(page).toHaveURL(/metric=orders_per_customer/);
  await expect(table.locator('tr[data-cohort="2026-09-01"]').getByRole("button", { name: /month 0:/ })).toHaveText("1.00");

  await page.getByLabel("Period", { exact: true }).selectOption("week");
  await expect(page).toHaveURL(/period=week/);
  const weeks = page.getByRole("table", { name: "Cohorts by week since first order" });
  // ISO weeks: 5 Sep 2026 is a Saturday (week of 31 Aug), 12 Sep the next week.
  await expect(weeks.locator('tr[data-cohort="2026-08-31"]')).toHaveCount(1);
  await expect(weeks.locator('tr[data-cohort="2026-09-07"]')).toHaveCount(1);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toContain("cohort_start,breakdown_value,cohort_size,period_index");
  // A: first order week of 31 Aug, second 7 Oct (week of 5 Oct, 5 weeks later).
  expect(lines).toContain("2026-08-31,,1,5,2026-10-05,orders_per_customer,1,1,1,");

  await page.getByLabel("Period", { exact: true }).selectOption("month");
  await page.getByLabel("Metric", { exact: true }).selectOption("retention");
  await expect(page).toHaveURL(/period=month/);
  await page.locator('tr[data-cohort="2026-09-01"]').getByRole("button", { name: /month 1:/ }).click();
  const dialog = page.getByRole("dialog", { name: "Create a segment from this cell" });
  await expect(dialog).toContainText("1 customers of the 2026-09-01 cohort");
  await dialog.getByLabel("Segment name").fill(`September returners ${ws.slug}`);
  await dialog.getByRole("button", { name: "Create segment" }).click();
  await expect(page).toHaveURL(/\/segments\/\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`September returners ${ws.slug}`);

  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const segmentId = Number(page.url().match(/segments\/(\d+)/)![1]);
    const members = await client.query<{ id: string }>("SELECT customer_id::text AS id FROM segment_membership WHERE segment_id = $1", [segmentId]);
    expect(members.rows.map((r) => r.id)).toEqual([ws.ids.A]);
  } finally {
    await client.end();
  }
});

test("a workspace without orders is told how cohorts appear", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/cohorts`);
  await expect(page.getByRole("heading", { name: "No cohorts yet" })).toBeVisible();
  await expect(page.getByText("Import orders")).toBeVisible();
});
