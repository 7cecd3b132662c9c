import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { sql } from "./support/e2e-db.ts";
import { seedWorkspace } from "./support/seed.ts";
import { addSegmentData } from "./support/segment-seed.ts";
import { signIn } from "./support/sign-in.ts";

test.use({ viewport: { width: 1440, height: 900 } });

test("customers: every column fits at 1440 px, sorting by revenue, filters from the URL, a refused filter named, and the CSV of the filtered list", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 6 });
  await addSegmentData(ws);
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/customers`);
  const table = page.getByRole("table", { name: "Customers" });
  await expect(table.locator("tbody tr")).toHaveCount(6);
  // The last column is inside the table's box, and the box is inside the window: nothing clipped, no sideways scroll needed.
  const last = await table.getByRole("columnheader", { name: /P\(alive\)/ }).boundingBox();
  const wrapper = await table.locator("xpath=..").boundingBox();
  expect(last!.x + last!.width).toBeLessThanOrEqual(wrapper!.x + wrapper!.width + 1);
  expect(wrapper!.x + wrapper!.width).toBeLessThanOrEqual(1440);

  // Revenue, largest first: the order a plain aggregate over the orders gives.
  await table.getByRole("link", { name: /^Revenue/ }).click();
  await expect(page).toHaveURL(/sort=revenue/);
  const expected = await sql<{ email: string }>(
    `SELECT c.email FROM customer c JOIN customer_order o ON o.customer_id = c.id
      WHERE c.workspace_id = (SELECT id FROM workspace WHERE slug = $1) GROUP BY c.id, c.email ORDER BY sum(o.total) DESC, c.id DESC`,
    [ws.slug],
  );
  const shownEmails = await table.locator("tbody tr td:first-child div.text-xs.break-all").allTextContents();
  expect(shownEmails).toEqual(expected.map((r) => r.email));

  // Filters: Germany (customers 1 and 3), then Germany and Champions (customer 1).
  await page.getByLabel("Country").fill("de");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/country=de/);
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("matching-count")).toHaveText("2 matching customers.");
  await page.getByLabel("RFM segment").selectOption("Champions");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr").first()).toContainText(ws.customers[1]!.email);

  // The export of this view: same customers, value columns, named for the workspace zone.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await readFile((await (await download).path())!, "utf8");
  const [header, ...rows] = file.trimEnd().split("\r\n");
  expect(header).toContain("order_count,revenue,first_order_at,last_order_at,rfm_segment,predicted_clv_12m,p_alive");
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain(ws.customers[1]!.externalId);
  expect(rows[0]).toContain(",2,60.00,");
  expect(rows[0]).toContain(",Champions,");

  // A country that is not a code is refused beside its field, and nothing is listed.
  await page.goto(`/w/${ws.slug}/customers?country=Germany`);
  await expect(page.getByText("Country must be a two-letter country code (ISO 3166-1, e.g. DE).")).toBeVisible();
  await expect(page.getByLabel("Country")).toHaveAttribute("aria-invalid", "true");
  await expect(table).toHaveCount(0);
});

test("analytics settings: a discount rate out of range is explained beside its field, and nothing is saved", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/settings/analytics`);
  const rate = page.getByLabel("Yearly discount rate (%)");
  await expect(rate).toHaveValue("10");
  await rate.fill("300");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Enter a yearly discount rate from 0% to 100%.")).toBeVisible();
  await expect(rate).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Nothing was saved. Correct the fields marked below.")).toBeVisible();
  const stored = await sql<{ settings: Record<string, unknown> }>(`SELECT settings FROM workspace WHERE slug = $1`, [ws.slug]);
  expect(JSON.stringify(stored[0]!.settings)).not.toContain("annualDiscountRate");

  await rate.fill("12.5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved. The next run uses these settings.")).toBeVisible();
  const saved = await sql<{ rate: number }>(`SELECT (settings -> 'analytics' -> 'clv' ->> 'annualDiscountRate')::float8 AS rate FROM workspace WHERE slug = $1`, [ws.slug]);
  expect(saved[0]!.rate).toBe(0.125);
});

test("an archived segment is found under Archived segments, opened and restored", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 2 });
  const definition = { version: 1, root: { id: "root", type: "group", combinator: "and", children: [{ id: "c", type: "attribute", field: "country", match: { op: "in", values: ["US"] } }] } };
  await sql(`INSERT INTO segment (workspace_id, name, kind, definition, archived_at, updated_at) SELECT id, 'Old friends', 'STATIC', $2::jsonb, now(), now() FROM workspace WHERE slug = $1`, [
    ws.slug,
    JSON.stringify(definition),
  ]);
  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(`/w/${ws.slug}/segments`);
  await page.getByText("Archived segments (1)").click();
  await page.getByRole("link", { name: "Old friends" }).click();
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Archived", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit" })).toBeVisible();
  const row = await sql<{ archived_at: Date | null }>(`SELECT archived_at FROM segment WHERE name = 'Old friends' AND workspace_id = (SELECT id FROM workspace WHERE slug = $1)`, [ws.slug]);
  expect(row[0]!.archived_at).toBeNull();
});
