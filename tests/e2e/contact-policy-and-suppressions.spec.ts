import { expect, test } from "@playwright/test";
import { sql } from "./support/e2e-db.ts";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

async function suppressed(slug: string): Promise<string[]> {
  const rows = await sql<{ entry: string }>(
    `SELECT s.channel::text || ':' || s.address || ':' || s.reason::text AS entry FROM suppression s JOIN workspace w ON w.id = s.workspace_id WHERE w.slug = $1 ORDER BY 1`,
    [slug],
  );
  return rows.map((r) => r.entry);
}

test("an admin sets quiet hours, is told about a bad value by its field, and finds the policy saved", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByRole("link", { name: "Contact policy →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contact policy");
  await expect(page.getByText("Nobody has changed the policy yet: these are the defaults.")).toBeVisible();

  const form = page.getByRole("form", { name: "Contact policy" });
  await form.getByLabel("Hold messages during quiet hours").check();
  await expect(form.getByText(/Quiet hours apply in each customer's own time zone; customers without a known time zone use the workspace's \(UTC\)/)).toBeVisible();
  await form.getByLabel("Quiet from").fill("22:00");
  await form.getByLabel("Quiet until").fill("07:30");
  await form.getByLabel("Drop a message still waiting after (hours)").fill("0");
  await form.getByRole("button", { name: "Save contact policy" }).click();
  await expect(form.getByLabel("Drop a message still waiting after (hours)")).toHaveAccessibleDescription(/Enter a number of hours, 1–720 \(30 days\)\./);
  await expect(form.getByRole("alert")).toHaveText("Please correct the highlighted fields.");

  await form.getByLabel("Drop a message still waiting after (hours)").fill("24");
  await form.getByLabel("SMS (per second)").fill("20");
  await form.getByRole("button", { name: "Save contact policy" }).click();
  await expect(form.getByRole("status")).toHaveText("Contact policy saved. Changed: quiet hours, expiry, SMS send rate.");
  await expect(page.getByText(/^Last changed .* by Admin/)).toBeVisible();

  await page.reload();
  await expect(form.getByLabel("Hold messages during quiet hours")).toBeChecked();
  await expect(form.getByLabel("Quiet from")).toHaveValue("22:00");
  await expect(form.getByLabel("Quiet until")).toHaveValue("07:30");
  await expect(form.getByLabel("Drop a message still waiting after (hours)")).toHaveValue("24");
  await expect(form.getByLabel("SMS (per second)")).toHaveValue("20");
  await expect(form.getByLabel("Email (per second)")).toHaveValue("");
  const [row] = await sql<{ config: unknown }>(`SELECT c.config FROM contact_policy c JOIN workspace w ON w.id = c.workspace_id WHERE w.slug = $1`, [ws.slug]);
  expect(row?.config).toMatchObject({ quietHours: { start: "22:00", end: "07:30" }, expiryHours: 24, ratePerSecond: { sms: 20 } });
});

test("an admin adds an address, removes it, and removes a hard bounce only after the warning", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  const customer = ws.customers[0]!;
  await sql(`INSERT INTO suppression (workspace_id, channel, address, reason) SELECT id, 'email', $2, 'hard_bounce' FROM workspace WHERE slug = $1`, [ws.slug, `gone-${ws.slug}@example.com`]);
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByRole("link", { name: "Manage suppressions →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suppressions");
  const table = page.getByRole("table", { name: "Suppressed addresses" });
  await expect(table.getByRole("row")).toHaveCount(2);

  const add = page.getByRole("form", { name: "Add an address" });
  await add.getByLabel("Address").fill("not an address");
  await add.getByRole("button", { name: "Add to the suppression list" }).click();
  await expect(add.getByLabel("Address")).toHaveAccessibleDescription(/“not an address” is not an email address/);

  // Typed the way people type it: the list keeps it the way campaigns match it.
  await add.getByLabel("Address").fill(`  ${customer.email.toUpperCase()} `);
  await add.getByLabel("Note (optional)").fill("asked in the shop");
  await add.getByRole("button", { name: "Add to the suppression list" }).click();
  await expect(add.getByRole("status")).toHaveText(`${customer.email} is on the Email suppression list: no campaign will send to it.`);
  const added = table.getByRole("row", { name: new RegExp(customer.email) });
  await expect(added).toContainText("Added by hand");
  await expect(added).toContainText("asked in the shop");
  expect(await suppressed(ws.slug)).toEqual([`email:${customer.email}:manual`, `email:gone-${ws.slug}@example.com:hard_bounce`].sort());

  await table.getByRole("button", { name: `Remove ${customer.email} (Email)` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${customer.email} was removed` })).toBeVisible();
  await expect(added).toHaveCount(0);

  await table.getByRole("button", { name: `Remove gone-${ws.slug}@example.com (Email)` }).click();
  const warning = page.getByRole("alertdialog");
  await expect(warning).toContainText("This address bounced as undeliverable.");
  await warning.getByRole("button", { name: "Keep it" }).click();
  expect(await suppressed(ws.slug)).toEqual([`email:gone-${ws.slug}@example.com:hard_bounce`]);
  await table.getByRole("button", { name: `Remove gone-${ws.slug}@example.com (Email)` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove anyway" }).click();
  await expect(page.getByText("No address is suppressed yet")).toBeVisible();
  expect(await suppressed(ws.slug)).toEqual([]);
});

test("an admin's import with a bad row stores nothing and names the line; the corrected file goes in", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/settings/suppressions`);
  const form = page.getByRole("form", { name: "Import a CSV of addresses" });
  const file = (rows: string[]) => ({ name: "suppressions.csv", mimeType: "text/csv", buffer: Buffer.from(`address,note\n${rows.join("\n")}\n`) });
  await form.getByLabel("Channel for rows without one").selectOption("email");
  await form.getByLabel("CSV file").setInputFiles(file(["one@example.com,", "two@example,typo", "three@example.com,"]));
  await form.getByRole("button", { name: "Import the file" }).click();
  await expect(form.getByRole("alert")).toContainText("1 row has a problem, so nothing was imported.");
  await expect(form.getByRole("list", { name: "Rows with problems" })).toHaveText("Line 3: “two@example” is not an email address (it should look like name@example.com).");
  expect(await suppressed(ws.slug)).toEqual([]);

  await form.getByLabel("CSV file").setInputFiles(file(["one@example.com,", "two@example.com,fixed", "three@example.com,"]));
  await form.getByRole("button", { name: "Import the file" }).click();
  await expect(form.getByRole("status")).toHaveText("Imported 3 rows: 3 added.");
  await expect(page.getByRole("table", { name: "Suppressed addresses" }).getByRole("row")).toHaveCount(4);
  expect(await suppressed(ws.slug)).toEqual(["email:one@example.com:imported", "email:three@example.com:imported", "email:two@example.com:imported"]);
});

test("an analyst reads the policy and the list but can change neither", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await sql(`INSERT INTO contact_policy (workspace_id, config) SELECT id, $2::jsonb FROM workspace WHERE slug = $1`, [ws.slug, JSON.stringify({ quietHours: { start: "21:00", end: "08:00" } })]);
  await sql(`INSERT INTO suppression (workspace_id, channel, address, reason) SELECT id, 'email', $2, 'unsubscribe' FROM workspace WHERE slug = $1`, [ws.slug, `left-${ws.slug}@example.com`]);
  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByRole("link", { name: "View the contact policy →" }).click();
  const policy = page.getByRole("definition").filter({ hasText: "21:00–08:00" });
  await expect(policy).toHaveText("21:00–08:00 in each customer's time zone (UTC for customers without one); messages wait until they end.");
  await expect(page.getByText("Only admins change the contact policy")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save contact policy" })).toHaveCount(0);

  await page.goto(`/w/${ws.slug}/settings/suppressions`);
  const row = page.getByRole("table", { name: "Suppressed addresses" }).getByRole("row", { name: new RegExp(`left-${ws.slug}`) });
  await expect(row).toContainText("Unsubscribed");
  await expect(page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add an address" })).toHaveCount(0);
  await expect(page.getByText("Only admins add, import or remove suppressions")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export all as CSV" })).toBeVisible();
});
