import { expect, test } from "@playwright/test";
import pg from "pg";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

test("a marketer searches customers and opens a profile with its orders", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 6 });
  await signIn(page, ws.users.MARKETER, ws.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers", exact: true }).click();
  await expect(page.getByText("6 customers in")).toBeVisible();

  const target = ws.customers[4]!; // three orders? i % 3 + 1 = 2 orders
  await page.getByRole("searchbox", { name: "Search customers" }).or(page.getByLabel("Search customers")).fill(target.email.split("@")[0]!);
  await page.getByRole("button", { name: "Search" }).click();
  const rows = page.getByRole("table", { name: "Customers" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(target.email);

  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${target.firstName} ${target.lastName}`);
  await expect(page.getByRole("table", { name: "Orders" }).locator("tbody tr")).toHaveCount(2);
  await expect(page.getByText("Opted in")).toBeVisible();
});

test("a search with no match says so", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 2 });
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/customers?q=zzzz-nobody`);
  await expect(page.getByText("No matching customers")).toBeVisible();
});

test("a profile shows when the customer is expected to buy again, next to P(alive)", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  const customer = ws.customers[0]!;
  // What a CLV run writes: due ten days ago in the workspace's zone.
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO customer_metrics (customer_id, workspace_id, order_count, revenue, p_alive, churn_risk_band,
         purchase_probability_7d, purchase_probability_14d, purchase_probability_30d, next_purchase_gap_days, next_purchase_due_on, computed_at)
       SELECT c.id, c.workspace_id, 2, 100, 0.62, 'medium', 0.081, 0.15, 0.2734, 41.2, (now() AT TIME ZONE w.timezone)::date - 10, now()
         FROM customer c JOIN workspace w ON w.id = c.workspace_id WHERE c.id = $1`,
      [customer.id],
    );
  } finally {
    await client.end();
  }
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/customers/${customer.id}`);
  await expect(page.getByText("62.0%")).toBeVisible();
  await expect(page.getByText("27.3%")).toBeVisible();
  await expect(page.getByText(/within 30 days · 8\.1% in 7, 15\.0% in 14 · was due \d{4}-\d{2}-\d{2} \(10 days ago\)/)).toBeVisible();
  await expect(page.getByText(/RFM, P\(alive\), expected purchases and CLV computed /)).toBeVisible();
});
