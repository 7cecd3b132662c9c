import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/** 250 good orders over 50 customers, plus two bad rows (line 5: negative total, line 9: unreadable date). */
function ordersCsv(tag: string): string {
  const lines = ["Order ID,Customer ID,Order Date,Total,Currency"];
  for (let i = 0; i < 252; i++) {
    const line = lines.length + 1;
    if (line === 5) lines.push(`bad-${tag}-1,cust-${tag}-1,2026-03-01,-10.00,USD`);
    else if (line === 9) lines.push(`bad-${tag}-2,cust-${tag}-2,first of march,12.00,USD`);
    else lines.push(`ord-${tag}-${i},cust-${tag}-${i % 50},2026-0${1 + (i % 9)}-1${i % 10},${(20 + (i % 37)).toFixed(2)},USD`);
  }
  return `${lines.join("\n")}\n`;
}

async function importFile(page: Page, slug: string, name: string, content: string, kind = "Orders", rows = 252) {
  await page.goto(`/w/${slug}/import`);
  await page.getByRole("radio", { name: new RegExp(`^${kind}`) }).check();
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  await page.getByRole("button", { name: "Upload and map columns" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/import/\\d+$`));
  await page.getByRole("button", { name: new RegExp(`^Import ${rows} rows$`) }).click();
  await expect(page.getByText("Done", { exact: true })).toBeVisible({ timeout: 60_000 });
}

async function countOrders(slug: string): Promise<{ orders: number; customers: number; revenue: string }> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query<{ orders: number; customers: number; revenue: string }>(
      `SELECT count(*)::int AS orders, count(DISTINCT o.customer_id)::int AS customers, coalesce(sum(o.total), 0)::text AS revenue
         FROM customer_order o JOIN workspace w ON w.id = o.workspace_id WHERE w.slug = $1`,
      [slug],
    );
    return res.rows[0]!;
  } finally {
    await client.end();
  }
}

test("a marketer imports an orders CSV in the background, sees rejected rows by line, and a second import changes nothing", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 0 });
  const tag = ws.slug.slice(-6);
  const csv = ordersCsv(tag);
  await signIn(page, ws.users.MARKETER, ws.password);

  await importFile(page, ws.slug, "orders.csv", csv);
  // A stat card is the label's parent: label, value, optional hint.
  const stat = (label: string) => page.getByText(label, { exact: true }).first().locator("xpath=..");
  await expect(stat("New orders")).toContainText("250");
  await expect(stat("Customers created")).toContainText("50");
  await expect(stat("Rejected rows")).toContainText("2");
  const rejected = page.getByRole("region", { name: /Rejected rows/ }).or(page.locator("section", { has: page.getByRole("heading", { name: /Rejected rows/ }) }));
  await expect(rejected).toContainText("5");
  await expect(rejected).toContainText("9");
  const expectedRevenue = csv
    .trim()
    .split("\n")
    .slice(1)
    .filter((l) => l.startsWith("ord-"))
    .reduce((s, l) => s + Number(l.split(",")[3]), 0);
  const first = await countOrders(ws.slug);
  expect(first.orders).toBe(250);
  expect(first.customers).toBe(50);
  expect(Number(first.revenue)).toBeCloseTo(expectedRevenue, 2);

  // The same file again: nothing new, nothing duplicated.
  await importFile(page, ws.slug, "orders-again.csv", csv);
  await expect(stat("New orders")).toContainText("0");
  await expect(stat("Unchanged")).toContainText("250");
  expect(await countOrders(ws.slug)).toEqual(first);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers", exact: true }).click();
  await expect(page.getByText("50 customers in")).toBeVisible();
});

test("a file that is not CSV gets a clear error and creates nothing", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/import`);
  await page.getByRole("radio", { name: /^Orders/ }).check();
  await page.getByLabel("CSV file").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]) });
  await page.getByRole("button", { name: "Upload and map columns" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /./ })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/import$`));
  await expect(page.getByText("No imports yet")).toBeVisible();
  expect((await countOrders(ws.slug)).orders).toBe(0);
});

test("a marketer imports products and order lines, a bad line is named, and a category rule now finds the buyers", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.MARKETER, ws.password);
  const stat = (label: string) => page.getByText(label, { exact: true }).first().locator("xpath=..");

  await importFile(page, ws.slug, "orders.csv", "Order ID,Customer ID,Order Date,Total\no-1,ada,2026-10-01,38.70\no-2,grace,2026-10-02,24.00\no-3,linus,2026-10-03,9.50\n", "Orders", 3);
  await importFile(
    page,
    ws.slug,
    "catalogue.csv",
    "SKU,Product Name,Category,Brand,Price,Launch Date\ntea-1,Sencha,Tea > Green tea,Leafhouse,12.90,2025-03-01\ntea-2,Assam,Tea > Black tea,Leafhouse,9.50,\nmug-1,Stoneware mug,Kitchen,Potters,24.00,\n",
    "Products",
    3,
  );
  await expect(stat("New products")).toContainText("3");

  await importFile(
    page,
    ws.slug,
    "lines.csv",
    "Order ID,SKU,Quantity,Unit Price\no-1,tea-1,3,12.90\no-2,mug-1,1,24.00\no-3,tea-2,1,9.50\no-3,tea-9,1,1.00\n",
    "Order lines",
    4,
  );
  await expect(stat("New order lines")).toContainText("3");
  await expect(stat("Rejected rows")).toContainText("1");
  const rejected = page.locator("section", { has: page.getByRole("heading", { name: /Rejected rows/ }) });
  await expect(rejected).toContainText("5");
  await expect(rejected).toContainText("SKU");
  await expect(rejected).toContainText("names product “tea-9”, which this workspace does not have");

  // The builder offers the imported category paths; "Tea > Green tea" holds Ada's order only.
  await page.goto(`/w/${ws.slug}/segments/new`);
  await page.getByRole("button", { name: "+ Add condition", exact: true }).click();
  await page.getByLabel("Rule 1: field").selectOption({ label: "Bought from category" });
  const rule = page.getByRole("group", { name: "Rule 1", exact: true });
  await rule.getByLabel("Tea > Green tea").check();
  await expect(page.getByTestId("audience-size")).toHaveText("1");
  await rule.getByLabel("Kitchen").check();
  await expect(page.getByTestId("audience-size")).toHaveText("2");
});
