import { expect, test } from "@playwright/test";
import { startHttpReceiver, type HttpReceiver } from "../support/http-receiver.ts";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * An admin sets up SMS against a provider played by this spec (a real HTTP
 * server on 127.0.0.1 taking the JSON form), copies the receipt callback
 * secret shown once, and sends a test SMS that reaches the provider; then
 * sets up push with OneSignal's form. No token or secret comes back to the page.
 */
const API_TOKEN = "e2e-sms-token-Secret-4417";
const REST_KEY = "e2e-onesignal-key-Secret-9902";

let provider: HttpReceiver;

test.beforeAll(async () => {
  provider = await startHttpReceiver((res, req) => {
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    res.writeHead(req.url.endsWith("/notifications") ? 200 : 202, { "content-type": "application/json" }).end(JSON.stringify({ id: body.app_id ? "notif-e2e-1" : "sms-e2e-1" }));
  });
});

test.afterAll(async () => {
  await provider.stop();
});

test("an admin configures SMS and push, sees the callback secret once, and a test SMS reaches the provider", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 1 });
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(`/w/${ws.slug}/settings/channels`);
  const overview = page.getByRole("table", { name: "Channels" });
  await expect(overview.getByRole("row", { name: /SMS.*Not configured/ })).toBeVisible();
  await expect(overview.getByRole("row", { name: /Push.*Not configured/ })).toBeVisible();

  const sms = page.locator("#sms");
  await expect(sms.getByRole("button", { name: "Send a test message" })).toBeDisabled();
  await sms.getByLabel("Provider's API").selectOption("json");
  await sms.getByLabel("Send URL").fill(provider.url("/v1/messages"));
  await sms.getByLabel("Sender").fill("07700 900001");
  await sms.getByLabel("API token").fill(API_TOKEN);
  await sms.getByRole("button", { name: "Save SMS settings" }).click();
  // A national number cannot be a sender: refused on its field, nothing saved.
  await expect(sms.getByLabel("Sender")).toHaveAccessibleDescription(/country code/);
  await expect(overview.getByRole("row", { name: /SMS.*Not configured/ })).toBeVisible();

  await sms.getByLabel("Sender").fill("+44 7700 900001");
  await sms.getByRole("button", { name: "Save SMS settings" }).click();
  await expect(sms.getByRole("status").filter({ hasText: "SMS settings saved." })).toBeVisible();
  const notice = sms.getByRole("status").filter({ hasText: "New callback secret." });
  await expect(notice).toBeVisible();
  const secret = (await notice.locator("code").textContent()) ?? "";
  expect(secret).toMatch(/^rcsec_/);
  await expect(sms.getByText(`/api/callbacks/sms/${ws.slug}`)).toBeVisible();
  await expect(overview.getByRole("row", { name: /SMS.*Configured.*by Admin/ })).toBeVisible();

  await sms.getByLabel("Send the test to (phone number)").fill("+44 7700 900123");
  await sms.getByRole("button", { name: "Send a test message" }).click();
  await expect(sms.getByRole("status").filter({ hasText: "Test message sent to +447700900123." })).toBeVisible();
  const request = provider.received.find((r) => r.url === "/v1/messages")!;
  expect(request.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
  expect(JSON.parse(request.body)).toMatchObject({ to: "+447700900123", from: "+447700900001", reference: expect.stringMatching(/^test-/) });

  const push = page.locator("#push");
  await push.getByLabel("API base URL").fill(provider.url(""));
  await push.getByLabel("App id").fill("e2e-app");
  await push.getByLabel("REST API key").fill(REST_KEY);
  await push.getByRole("button", { name: "Save push settings" }).click();
  await expect(push.getByRole("status").filter({ hasText: "Push settings saved." })).toBeVisible();
  await push.getByLabel("Send the test to (a customer's external id)").fill("cust-e2e");
  await push.getByRole("button", { name: "Send a test message" }).click();
  await expect(push.getByRole("status").filter({ hasText: "Test message sent to cust-e2e." })).toBeVisible();

  // A fresh load shows what is stored, and none of the secrets.
  await page.reload();
  await expect(sms.getByLabel("Send URL")).toHaveValue(provider.url("/v1/messages"));
  await expect(sms.getByText("One is stored. It is never shown again", { exact: false })).toBeVisible();
  const html = await page.content();
  for (const hidden of [API_TOKEN, REST_KEY, secret]) expect(html).not.toContain(hidden);
});
