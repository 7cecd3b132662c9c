import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

async function importFile(page: Page, slug: string, name: string, content: string, kind: string, rows: number) {
  await page.goto(`/w/${slug}/import`);
  await page.getByRole("radio", { name: new RegExp(`^${kind}`) }).check();
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  await page.getByRole("button", { name: "Upload and map columns" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/import/\\d+$`));
  await page.getByRole("button", { name: new RegExp(`^Import ${rows} rows$`) }).click();
  await expect(page.getByText("Done", { exact: true })).toBeVisible({ timeout: 60_000 });
}

async function customerId(slug: string, externalId: string): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query<{ id: string }>(
      "SELECT c.id::text FROM customer c JOIN workspace w ON w.id = c.workspace_id WHERE w.slug = $1 AND c.external_id = $2",
      [slug, externalId],
    );
    return res.rows[0]!.id;
  } finally {
    await client.end();
  }
}

test("after importing products and order lines in the browser, a customer's profile recommends what is bought with their purchase, with the reason", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.MARKETER, ws.password);

  // Before any import: the products page says what to do.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Products", exact: true }).click();
  await expect(page.getByText("Import products and order lines to see recommendations")).toBeVisible();

  // Four campers buy a tent with a mat, three others a lamp alone; Eve has bought only a tent.
  const orders = ["Order ID,Customer ID,Order Date,Total"];
  const lines = ["Order ID,SKU,Quantity,Unit Price"];
  ["ada", "bob", "cyd", "dan"].forEach((c, i) => {
    orders.push(`o-${c},${c},2026-11-0${i + 1},250.00`);
    lines.push(`o-${c},tent,1,200.00`, `o-${c},mat,1,50.00`);
  });
  ["fay", "gus", "hal"].forEach((c, i) => {
    orders.push(`o-${c},${c},2026-11-0${i + 5},30.00`);
    lines.push(`o-${c},lamp,1,30.00`);
  });
  orders.push("o-eve,eve,2026-11-10,200.00");
  lines.push("o-eve,tent,1,200.00");
  await importFile(page, ws.slug, "orders.csv", `${orders.join("\n")}\n`, "Orders", 8);
  await importFile(
    page,
    ws.slug,
    "products.csv",
    "SKU,Product Name,Category\ntent,Trail Tent,Outdoor > Camping\nmat,Sleeping Mat,Outdoor > Sleeping\nlamp,Head Lamp,Outdoor > Lighting\n",
    "Products",
    3,
  );
  await importFile(page, ws.slug, "lines.csv", `${lines.join("\n")}\n`, "Order lines", 12);

  // The worker builds the model a few seconds after the import settles; the profile then shows it.
  const eve = await customerId(ws.slug, "eve");
  await expect(async () => {
    await page.goto(`/w/${ws.slug}/customers/${eve}`);
    await expect(page.getByRole("list", { name: "Recommended products" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  const recommended = page.getByRole("list", { name: "Recommended products" });
  const first = recommended.getByRole("listitem").first();
  await expect(first).toContainText("Sleeping Mat");
  await expect(first).toContainText(/Bought with Trail Tent in \d+% of its orders/);
  // Eve owns the tent (not a repeat purchase): it is not offered again.
  await expect(recommended.getByRole("link", { name: "Trail Tent", exact: true })).toHaveCount(0);

  // The product page lists what is frequently bought together.
  await first.getByRole("link", { name: "Sleeping Mat" }).click();
  await expect(page.getByRole("heading", { name: "Sleeping Mat" })).toBeVisible();
  const together = page.getByRole("table", { name: "Products frequently bought with Sleeping Mat" });
  await expect(together).toContainText("Trail Tent");

  // A segment of customers by recommended category: the sleeping category is bought with camping, so it is the top
  // suggestion of Eve (camping only) and of no one else (the campers own it; the lamp buyers are offered camping first).
  await page.goto(`/w/${ws.slug}/segments/new`);
  await page.getByRole("button", { name: "+ Add condition", exact: true }).click();
  await page.getByLabel("Rule 1: field").selectOption({ label: "Recommended category" });
  const rule = page.getByRole("group", { name: "Rule 1", exact: true });
  await rule.getByLabel("Category", { exact: true }).selectOption("Outdoor > Sleeping");
  await expect(page.getByTestId("audience-size")).toHaveText("1");
  await rule.getByLabel("Within the top").selectOption({ label: "within the top 3" });
  await rule.getByLabel("Recommended category: operator").selectOption({ label: "is not" });
  // Within the top 3, only the campers (who own it) are not offered it.
  await expect(page.getByTestId("audience-size")).toHaveText("4");
});
