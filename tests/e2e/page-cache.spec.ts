import { expect, test } from "@playwright/test";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

// A dashboard seen again comes from the page cache (docs/page-cache.md): the
// same page, whose scripts still run under the fresh nonce its CSP names, and
// which a change made in the app retires at once.
test("a dashboard seen again is answered from the cache, still runs its scripts, and follows a change made in the app", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 5 });
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to execute/i.test(m.text())) blocked.push(m.text());
  });
  await signIn(page, ws.users.ADMIN, ws.password);

  const first = await page.goto(`/w/${ws.slug}?period=90`);
  expect(first!.headers()["x-page-cache"]).toBe("miss");
  const orders = await page.getByTestId("kpi-orders").textContent();
  // Each server process keeps its own pages: within a few views every process has it.
  let again = await page.goto(`/w/${ws.slug}?period=90`);
  for (let i = 0; i < 6 && again!.headers()["x-page-cache"] !== "hit"; i++) again = await page.goto(`/w/${ws.slug}?period=90`);
  expect(again!.headers()["x-page-cache"]).toBe("hit");
  await expect(page.getByTestId("kpi-orders")).toHaveText(orders!);
  const nonces = [first!.headers()["content-security-policy"], again!.headers()["content-security-policy"]].map((csp) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1]);
  expect(nonces[0]).toBeTruthy();
  expect(nonces[1]).not.toBe(nonces[0]);

  // The cached page hydrated: its links navigate on the client.
  await page.getByRole("link", { name: "Last 30 days" }).click();
  await expect(page).toHaveURL(/period=30/);
  await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  expect(blocked).toEqual([]);

  // A change made in the app (a segment saved) retires the cached pages: the next view renders.
  await page.goto(`/w/${ws.slug}/segments/new`);
  await page.getByRole("button", { name: "+ Add condition", exact: true }).click();
  await page.getByRole("group", { name: "Rule 1", exact: true }).getByLabel("Amount (orders)").fill("1");
  await page.getByLabel("Name", { exact: true }).fill(`Buyers ${ws.slug}`);
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page).toHaveURL(/\/segments\/\d+/);
  const after = await page.goto(`/w/${ws.slug}?period=90`);
  expect(after!.headers()["x-page-cache"]).toBe("miss");
});
