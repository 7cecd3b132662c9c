import { expect, test } from "@playwright/test";
import pg from "pg";
import { withClient } from "./support/e2e-db.ts";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/** Revenue and orders of the last `days` calendar days (UTC, the seeded workspace's zone), straight from the orders. */
async function fromOrders(slug: string, days: number): Promise<{ revenue: number; orders: number }> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query<{ revenue: string | null; orders: number }>(
      `SELECT sum(o.total)::text AS revenue, count(*)::int AS orders
         FROM customer_order o JOIN workspace w ON w.id = o.workspace_id
        WHERE w.slug = $1 AND (o.placed_at AT TIME ZONE 'UTC')::date > (now() AT TIME ZONE 'UTC')::date - $2::int`,
      [slug, days],
    );
    return { revenue: Number(res.rows[0]!.revenue ?? 0), orders: res.rows[0]!.orders };
  } finally {
    await client.end();
  }
}

async function addOrderNow(slug: string, total: string) {
  // Through withClient, which retires cached pages as the order API's write would.
  await withClient((client) =>
    client.query(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency)
       SELECT c.workspace_id, c.id, 'late-order', now(), $2, 'USD' FROM customer c JOIN workspace w ON w.id = c.workspace_id WHERE w.slug = $1 ORDER BY c.id LIMIT 1`,
      [slug, total],
    ),
  );
}

const money = (v: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 }).format(v);

test("an analyst changes the overview's period and reads revenue and orders that match the orders", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 5 });
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}`);

  const last30 = await fromOrders(ws.slug, 30);
  expect(last30.orders).toBeGreaterThan(0);
  await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("kpi-revenue")).toHaveText(money(last30.revenue));
  await expect(page.getByTestId("kpi-orders")).toHaveText(String(last30.orders));

  await page.getByRole("link", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/period=90/);
  const last90 = await fromOrders(ws.slug, 90);
  expect(last90.orders).toBeGreaterThan(last30.orders);
  await expect(page.getByTestId("kpi-revenue")).toHaveText(money(last90.revenue));
  await expect(page.getByTestId("kpi-orders")).toHaveText(String(last90.orders));
  await expect(page.getByRole("heading", { name: "Revenue by day (USD)" })).toBeVisible();

  // An order arriving now shows on the next view: the facts are kept as orders are written.
  await addOrderNow(ws.slug, "12.34");
  await page.reload();
  await expect(page.getByTestId("kpi-revenue")).toHaveText(money((await fromOrders(ws.slug, 90)).revenue));

  // A custom range that cannot be read is explained, not an error page.
  await page.goto(`/w/${ws.slug}?period=custom&from=2026-02-30&to=2026-03-01`);
  await expect(page.getByRole("alert").filter({ hasText: "first day" })).toContainText('The period\'s first day ("from") must be a date');

  // No analytics run yet: the value mix says what to do.
  await page.goto(`/w/${ws.slug}?period=7`);
  await expect(page.getByText("No RFM segments yet")).toBeVisible();
});
