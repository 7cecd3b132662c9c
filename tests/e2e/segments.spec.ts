import { expect, test } from "@playwright/test";
import { seedWorkspace } from "./support/seed.ts";
import { addApiKey, addSegmentData } from "./support/segment-seed.ts";
import { signIn } from "./support/sign-in.ts";

test("an analyst builds a nested segment, watches the count, saves it, and the API returns the same members", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 6 });
  await addSegmentData(ws);
  await signIn(page, ws.users.ANALYST, ws.password);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Segments", exact: true }).click();
  await expect(page.getByText("No segments yet")).toBeVisible();
  await expect(page.getByRole("list", { name: "Segment templates" }).getByRole("heading", { name: "Win-back" })).toBeVisible();
  await page.getByRole("link", { name: "New segment" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New segment");

  // Rule 1: country is Germany or France. Focus lands on the new rule's field picker.
  await page.getByRole("button", { name: "+ Add condition", exact: true }).click();
  await expect(page.getByLabel("Rule 1: field")).toBeFocused();
  await page.getByLabel("Rule 1: field").selectOption({ label: "Country" });
  const rule1 = page.getByRole("group", { name: "Rule 1", exact: true });
  await rule1.getByLabel("Germany (DE)").check();
  await rule1.getByLabel("France (FR)").check();
  await expect(page.getByTestId("audience-size")).toHaveText("4");

  // Group 2 (ANY): three or more orders in the last year, or a nested group 2.2: RFM segment Champions.
  await page.getByRole("button", { name: "+ Add group", exact: true }).click();
  await page.getByRole("group", { name: "Group 2: combine rules with" }).getByRole("button", { name: "ANY (OR)" }).click();
  const rule21 = page.getByRole("group", { name: "Rule 2.1", exact: true });
  await rule21.getByLabel("Amount (orders)").fill("3");
  await page.getByRole("button", { name: "+ Add group inside group 2", exact: true }).click();
  await page.getByLabel("Rule 2.2.1: field").selectOption({ label: "RFM segment" });
  await page.getByRole("group", { name: "Rule 2.2.1", exact: true }).getByLabel("Champions").check();

  // DE/FR and (3+ orders or Champions): customers 1 (DE, Champions), 2 and 5 (FR, 3 orders).
  await expect(page.getByTestId("audience-size")).toHaveText("3");
  await expect(page.getByText("50% of 6 customers")).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill("DE/FR loyal or champions");
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/segments/\\d+$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("DE/FR loyal or champions");
  const segmentId = page.url().split("/").pop()!;

  // The worker fills the dynamic segment; the page follows the refresh and shows the members.
  const rows = page.getByRole("table", { name: "Members" }).locator("tbody tr");
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  const expected = [ws.customers[1]!, ws.customers[2]!, ws.customers[5]!];
  for (const c of expected) await expect(page.getByRole("table", { name: "Members" })).toContainText(c.email);

  // Why is customer 1 in? Each rule is marked.
  await rows.first().getByRole("button", { name: /Why\?/ }).click();
  await expect(page.getByText(/is in “DE\/FR loyal or champions”: the rules match/)).toBeVisible();
  const explanation = page.getByRole("list", { name: /^Rules of DE\/FR loyal or champions for / });
  await expect(explanation.getByText("Country is any of “DE”, “FR”")).toBeVisible();
  await expect(explanation.getByText("✗ false")).toHaveCount(1);

  const key = await addApiKey(ws.slug);
  const res = await page.request.get(`/api/v1/segments/${segmentId}/members?limit=2`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  const first = (await res.json()) as { data: { externalId: string; email: string }[]; nextCursor: string | null };
  expect(first.data).toHaveLength(2);
  const rest = await page.request.get(`/api/v1/segments/${segmentId}/members?limit=2&after=${first.nextCursor}`, { headers: { authorization: `Bearer ${key}` } });
  const second = (await rest.json()) as { data: { externalId: string; email: string }[]; nextCursor: string | null };
  expect(second.nextCursor).toBeNull();
  expect([...first.data, ...second.data].map((m) => m.email)).toEqual(expected.map((c) => c.email));
});

test("the builder is usable from the keyboard and shows a rule's problem in place", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 3 });
  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(`/w/${ws.slug}/segments/new`);

  await page.getByRole("button", { name: "+ Add condition", exact: true }).focus();
  await page.keyboard.press("Enter");
  const field = page.getByLabel("Rule 1: field");
  await expect(field).toBeFocused();
  await field.selectOption({ label: "Custom attribute" });
  // A custom attribute needs a name: saving points at the rule instead of failing silently.
  await page.getByLabel("Name", { exact: true }).fill("Incomplete");
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByText("Some rules are incomplete; they are marked in red.")).toBeVisible();
  await expect(page.getByRole("group", { name: "Rule 1", exact: true }).getByText("A key is required")).toBeVisible();

  // Remove it from the keyboard: focus returns to the group's add button.
  await page.getByRole("button", { name: "Remove rule 1" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "+ Add condition", exact: true })).toBeFocused();
  await expect(page.getByTestId("audience-size")).toHaveText("3");
});
