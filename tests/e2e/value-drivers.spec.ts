import { expect, test } from "@playwright/test";
import pg from "pg";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * A retailer with four planted kinds of buyer (bargain shirts on the web,
 * premium shoes in store, each month's new home product in the app, bulk
 * beauty and electronics on a marketplace), clustered with k = 4 as the
 * clusters job does; a marketer renames a cluster and saves it as a segment.
 */
async function seedClusters(): Promise<{ slug: string; users: { MARKETER: string; ANALYST: string }; password: string; workspaceId: number }> {
  const ws = await seedWorkspace({ customers: 0 });
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  let workspaceId: number;
  try {
    workspaceId = (await client.query<{ id: number }>("SELECT id FROM workspace WHERE slug = $1", [ws.slug])).rows[0]!.id;
  } finally {
    await client.end();
  }
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { generateRetailer, writeRetailer } = await import("../integration/value-clusters-fixtures.ts");
  const { executeClustersRun } = await import("../../lib/analytics/clusters/execute-clusters-run.ts");
  const { pool } = await import("../../lib/db/pool.ts");
  await writeRetailer(workspaceId, generateRetailer(15, 77));
  const run = await pool.query<{ id: number }>(
    `INSERT INTO analytics_run (workspace_id, kind, status, trigger, params) VALUES ($1, 'clusters', 'QUEUED', 'manual', $2::jsonb) RETURNING id`,
    [workspaceId, JSON.stringify({ asOf: "2026-10-01T00:00:00Z", k: 4 })],
  );
  await executeClustersRun(workspaceId, run.rows[0]!.id);
  return { slug: ws.slug, users: ws.users, password: ws.password, workspaceId };
}

// Seeding 60 customers' orders and lines and clustering them takes a while on a busy machine.
test.describe.configure({ timeout: 180_000 });

test("a marketer opens Value drivers, renames a cluster and builds a segment from it", async ({ page }) => {
  const ws = await seedClusters();
  await signIn(page, ws.users.MARKETER, ws.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Value drivers", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Value drivers" })).toBeVisible();

  const sizes = page.getByRole("table", { name: "Size and value of each cluster" });
  await expect(sizes.locator("tbody tr")).toHaveCount(4);
  // 60 customers in four planted kinds of 15: the four clusters hold them all.
  const counts = await sizes.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(60);

  const first = page.getByRole("region", { name: /^Cluster 1:/ });
  await expect(first.getByRole("heading", { name: /^Cluster 1:/ })).toBeVisible();
  // The profile's table view names every feature.
  await first.getByText("Show as table").click();
  await expect(first.getByRole("table").getByRole("cell", { name: "Discount share of spend" })).toBeVisible();

  await first.getByLabel(/Cluster name/).fill("Bargain hunters");
  await first.getByRole("button", { name: "Rename" }).click();
  await expect(first.getByRole("status")).toHaveText("Renamed to “Bargain hunters”.");
  await expect(sizes.getByRole("link", { name: "1. Bargain hunters" })).toBeVisible();

  await first.getByLabel("Segment name").fill("Bargain hunters (Dec)");
  await first.getByRole("button", { name: "Make a segment" }).click();
  await expect(page).toHaveURL(/\/segments\/\d+$/);
  await expect(page.getByRole("heading", { name: "Bargain hunters (Dec)" })).toBeVisible();
  const size = Number(counts[0]);
  await expect(page.getByText(new RegExp(`\\b${size}\\b`)).first()).toBeVisible();
});

test("an analyst sees the clusters but no rename", async ({ page }) => {
  const ws = await seedClusters();
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/value-drivers`);
  await expect(page.getByRole("table", { name: "Size and value of each cluster" }).locator("tbody tr")).toHaveCount(4);
  await expect(page.getByRole("button", { name: "Rename" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Re-run clusters" })).toBeVisible();
});
