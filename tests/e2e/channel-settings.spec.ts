import { expect, test } from "@playwright/test";
import { headerBlock, startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * An admin sets up email against a real SMTP server run by this spec (the
 * app's server connects to it on 127.0.0.1), sends a test message and finds
 * it at the server; the password never comes back to the browser.
 */
const SMTP_PASSWORD = "e2e-smtp-Secret-7781";

let smtp: SmtpReceiver;

test.beforeAll(async () => {
  smtp = await startSmtpReceiver({
    authOptional: false,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "relay-user" && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Authentication failed"), { responseCode: 535 }));
    },
  });
});

test.afterAll(async () => {
  await smtp.stop();
});

test("an admin configures SMTP, sends a test message that reaches the server, and the password never comes back to the page", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByRole("link", { name: "Channel settings →" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Channels");
  const overview = page.getByRole("table", { name: "Channels" });
  await expect(overview.getByRole("row", { name: /Email.*Not configured/ })).toBeVisible();
  await expect(overview.getByRole("row", { name: /Webhook.*Not configured/ })).toBeVisible();

  const email = page.locator("#email");
  // Nothing saved yet: the test button waits for settings.
  await expect(email.getByRole("button", { name: "Send a test message" })).toBeDisabled();

  await email.getByLabel("SMTP host").fill("127.0.0.1");
  await email.getByLabel("Port").fill("70000");
  await email.getByLabel("Connection security").selectOption("none");
  await email.getByLabel("User name").fill("relay-user");
  await email.getByLabel("Password", { exact: true }).fill(SMTP_PASSWORD);
  await email.getByLabel("Sender name").fill("E2E Shop");
  await email.getByLabel("Sender address").fill("news@e2e-shop.example");
  await email.getByLabel("Reply-to address").fill("help@e2e-shop.example");
  await email.getByRole("button", { name: "Save email settings" }).click();
  // The error stands by its field, and nothing was saved.
  await expect(email.getByLabel("Port")).toHaveAccessibleDescription("Ports run from 1 to 65535.");
  await expect(email.getByRole("alert")).toHaveText("Please correct the highlighted fields.");
  await page.reload();
  await expect(overview.getByRole("row", { name: /Email.*Not configured/ })).toBeVisible();

  await email.getByLabel("SMTP host").fill("127.0.0.1");
  await email.getByLabel("Port").fill(String(smtp.port));
  await email.getByLabel("Connection security").selectOption("none");
  await email.getByLabel("User name").fill("relay-user");
  await email.getByLabel("Password", { exact: true }).fill(SMTP_PASSWORD);
  await email.getByLabel("Sender name").fill("E2E Shop");
  await email.getByLabel("Sender address").fill("news@e2e-shop.example");
  await email.getByLabel("Reply-to address").fill("help@e2e-shop.example");
  await email.getByRole("button", { name: "Save email settings" }).click();
  await expect(email.getByRole("status")).toHaveText("Email settings saved. Send a test message to check them.");
  await expect(email.getByText("A password is stored. It is never shown again.")).toBeVisible();
  await expect(overview.getByRole("row", { name: /Email.*Configured.*by Admin/ })).toBeVisible();
  expect(await page.content()).not.toContain(SMTP_PASSWORD);

  await email.getByLabel("Send the test to").fill(`inbox-${ws.slug}@e2e.test`);
  await email.getByRole("button", { name: "Send a test message" }).click();
  await expect(email.getByRole("status").filter({ hasText: `Test message sent to inbox-${ws.slug}@e2e.test.` })).toBeVisible();
  await expect.poll(() => smtp.recipients.findIndex((r) => r.includes(`inbox-${ws.slug}@e2e.test`))).toBeGreaterThanOrEqual(0);
  const delivered = smtp.messages[smtp.recipients.findIndex((r) => r.includes(`inbox-${ws.slug}@e2e.test`))]!;
  expect(headerBlock(delivered)).toMatch(/^From: E2E Shop <news@e2e-shop\.example>$/im);
  expect(headerBlock(delivered)).toMatch(/^Reply-To: help@e2e-shop\.example$/im);

  // A fresh load of the page shows the saved settings, and still not the password.
  await page.reload();
  await expect(email.getByLabel("SMTP host")).toHaveValue("127.0.0.1");
  await expect(email.getByLabel("Port")).toHaveValue(String(smtp.port));
  expect(await page.content()).not.toContain(SMTP_PASSWORD);

  // A user name without a password is refused on the password, and the stored one stays.
  await email.getByLabel("Remove it").check();
  await email.getByRole("button", { name: "Save email settings" }).click();
  await expect(email.locator("#email-password-note")).toHaveText("Enter the SMTP password for this user name.");
  await page.reload();
  await expect(email.getByText("A password is stored. It is never shown again.")).toBeVisible();
});

test("marketers and analysts cannot open the channel settings", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  for (const role of ["MARKETER", "ANALYST"] as const) {
    await page.context().clearCookies();
    await signIn(page, ws.users[role], ws.password);
    await page.goto(`/w/${ws.slug}/settings`);
    await expect(page.getByText("Only admins change channel settings.")).toBeVisible();
    const response = await page.goto(`/w/${ws.slug}/settings/channels`);
    expect(response?.status(), role).toBe(403);
    await expect(page.getByText("Your role cannot open this page")).toBeVisible();
  }
});
