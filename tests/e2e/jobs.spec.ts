import { expect, test, type Page } from "@playwright/test";
import { sql } from "./support/e2e-db.ts";
import { seedWorkspace, type SeededWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * A customers import that fails for good in the real worker: the stored file
 * is taken away (straight from the database, as if it were lost) between the
 * upload and "Import". Returns the import's id and the file, to put back.
 */
async function failAnImport(page: Page, ws: SeededWorkspace): Promise<{ importId: number; content: Buffer }> {
  const tag = ws.slug.slice(-6);
  await page.goto(`/w/${ws.slug}/import`);
  await page.getByLabel("Customers").check();
  const csv = `external_id,email\njobs-${tag}-1,one-${tag}@example.com\njobs-${tag}-2,two-${tag}@example.com\n`;
  await page.getByLabel("CSV file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and map columns" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/import/\\d+$`));
  const importId = Number(new URL(page.url()).pathname.split("/").pop());
  const [file] = await sql<{ content: Buffer }>(`DELETE FROM import_file WHERE import_job_id = $1 RETURNING content`, [importId]);
  await page.getByRole("button", { name: /^Import 2 rows$/ }).click();
  await expect(page.getByText("Failed", { exact: true })).toBeVisible({ timeout: 30_000 });
  return { importId, content: file!.content };
}

/** The Jobs page's row of a failed job (the worker files it as failed a moment after the import shows Failed). */
async function failedJobRow(page: Page, importId: number) {
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `Import ${importId}`, exact: true }) });
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return row;
}

test("an admin sees a failed import on the Jobs page with its reason, retries it, and the import completes", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.ADMIN, ws.password);
  const { importId, content } = await failAnImport(page, ws);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  await expect(page.getByText("Counts cover every workspace on this installation")).toBeVisible();
  const row = await failedJobRow(page, importId);
  await expect(row).toContainText("CSV import");
  await expect(row).toContainText("The uploaded file is no longer stored.");
  await expect(row).toContainText("1 of 3");

  // The file turns up again; the retry runs the same import to the end.
  await sql(`INSERT INTO import_file (import_job_id, content) VALUES ($1, $2)`, [importId, content]);
  await row.getByRole("button", { name: `Retry CSV import (Import ${importId})` }).click();
  await expect(row.getByRole("status")).toHaveText("Retried: the job waits for a worker.");

  await row.getByRole("link", { name: `Import ${importId}`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/import/${importId}$`));
  // The import reads Failed until the worker takes the job up again; a page loaded before then does not poll.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Done", { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText("New customers", { exact: true }).locator("xpath=..")).toContainText("2");

  await page.goto(`/w/${ws.slug}/jobs`);
  await expect(page.getByRole("heading", { name: "No failed jobs" })).toBeVisible();
  await expect(page.getByText("A job that still fails after its retries")).toBeVisible();
});

test("an analyst sees the failed job and its reason but no Retry button", async ({ page, browser }) => {
  const ws = await seedWorkspace({ customers: 0 });
  await signIn(page, ws.users.ADMIN, ws.password);
  const { importId } = await failAnImport(page, ws);

  const analystContext = await browser.newContext();
  const analyst = await analystContext.newPage();
  try {
    await signIn(analyst, ws.users.ANALYST, ws.password);
    await analyst.goto(`/w/${ws.slug}/jobs`);
    const row = await failedJobRow(analyst, importId);
    await expect(row).toContainText("The uploaded file is no longer stored.");
    await expect(row).toContainText("An admin can retry it.");
    await expect(analyst.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
  } finally {
    await analystContext.close();
  }
});
