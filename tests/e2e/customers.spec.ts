import { expect, test } from "@playwright/test";
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
