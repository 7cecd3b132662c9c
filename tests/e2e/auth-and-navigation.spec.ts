import { expect, test } from "@playwright/test";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

test("a wrong password is refused with a clear message", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ws.users.ADMIN);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Sign-in failed. Check your email and password.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("pages need a session", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await page.goto(`/w/${ws.slug}/customers`);
  await expect(page).toHaveURL(/\/signin/);
});

test("an admin signs in, lands in the workspace, navigates every section and signs out", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 3 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ws.name);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const section of ["Customers", "Segments", "Campaigns", "LTV & Churn", "RFM", "Cohorts", "Data import", "Jobs", "Settings", "Overview"]) {
    await nav.getByRole("link", { name: section, exact: true }).click();
    await expect(nav.getByRole("link", { name: section, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
});

test("an analyst does not get the import section: hidden in the menu and refused by the server", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await signIn(page, ws.users.ANALYST, ws.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Customers", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Data import", exact: true })).toHaveCount(0);
  const response = await page.goto(`/w/${ws.slug}/import`);
  expect(response?.status()).toBe(403);
  await expect(page.getByText("Your role cannot open this page")).toBeVisible();
  // The sidebar stays, so the way on is in view.
  await expect(nav.getByRole("link", { name: "Customers", exact: true })).toBeVisible();
});

test("a member of one workspace gets 404 for another workspace's pages", async ({ page }) => {
  const mine = await seedWorkspace({ customers: 1 });
  const other = await seedWorkspace({ customers: 2 });
  await signIn(page, mine.users.ADMIN, mine.password);
  for (const path of [`/w/${other.slug}`, `/w/${other.slug}/customers`, `/w/${other.slug}/customers/${other.customers[0]!.id}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  // A customer id of the other workspace under my own workspace is also a 404, shown beside my workspace's sidebar.
  const response = await page.goto(`/w/${mine.slug}/customers/${other.customers[1]!.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers", exact: true })).toBeVisible();
});

test("an admin adds an analyst, who signs in with the initial password; the last admin cannot be demoted", async ({ page, browser }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/settings/users`);
  const email = `added-${ws.slug}@e2e.test`;
  await page.getByLabel("Name").fill("Added Analyst");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/Initial password/).fill("initial-password-42");
  await page.locator("form select[name=role]").selectOption("ANALYST");
  await page.getByRole("button", { name: "Add to workspace" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${email} was added` })).toBeVisible();

  await page.getByLabel(`Role of ${ws.users.ADMIN}`).selectOption("ANALYST");
  await expect(page.getByRole("alert").filter({ hasText: "at least one admin" })).toBeVisible();
  await expect(page.getByLabel(`Role of ${ws.users.ADMIN}`)).toHaveValue("ADMIN");

  const other = await browser.newPage();
  await signIn(other, email, "initial-password-42");
  await expect(other).toHaveURL(new RegExp(`/w/${ws.slug}$`));
  const response = await other.goto(`/w/${ws.slug}/settings/users`);
  expect(response?.status()).toBe(403);
  await other.close();
});
