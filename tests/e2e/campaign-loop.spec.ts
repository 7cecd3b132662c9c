import { expect, test } from "@playwright/test";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { addDraftCampaign, addEmailChannel, addStaticSegment, enterSegment, messageEventKinds } from "./support/campaign-seed.ts";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * The loop end to end, against the production build and the e2e worker
 * process: a marketer builds a triggered welcome email in the browser; a
 * customer enters the segment; the mail arrives at this spec's SMTP server;
 * its open and click come back through the signed links and are recorded;
 * the unsubscribe link stops the next campaign's message to that customer.
 */
let smtp: SmtpReceiver;

test.beforeAll(async () => {
  smtp = await startSmtpReceiver();
});

test.afterAll(async () => {
  await smtp.stop();
});

function mailsTo(address: string): string[] {
  return smtp.messages.filter((_, i) => smtp.recipients[i]!.includes(address));
}

/** The HTML part of a raw mail as a reader's client sees it (quoted-printable undone). */
function htmlOf(raw: string): string {
  const body = raw.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return body.slice(body.search(/<p>|<html|<!doctype/i));
}

function decodeAttribute(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&quot;/g, '"');
}

const READER = { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", "accept-language": "en-GB,en;q=0.9" };

test("a triggered welcome reaches a customer who enters the segment; its open and click are recorded; unsubscribing stops the next message", async ({ page }) => {
  test.setTimeout(180_000);
  const ws = await seedWorkspace({ customers: 2 });
  const [ada, grace] = ws.customers as [(typeof ws.customers)[0], (typeof ws.customers)[0]];
  await addEmailChannel(ws, smtp.port);
  const segmentId = await addStaticSegment(ws, "Members", [grace.id]);

  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(`/w/${ws.slug}/campaigns/new`);
  await page.getByLabel("Name", { exact: true }).fill("Welcome");
  await page.getByLabel("Triggered: to each customer when something happens").check();
  await page.getByLabel("Segment", { exact: true }).selectOption(String(segmentId));
  await page.getByLabel("enters the segment").check();
  await page.getByLabel("Subject").fill("Welcome, {{ customer.first_name }}");
  await page.getByLabel("HTML body").fill('<p>Hi {{ customer.first_name }}, see <a href="https://shop.example/welcome">what is new</a>.</p>\n<p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>');
  // This spec follows one customer's messages: nobody is held out.
  await page.getByLabel("Control group (%)").fill("0");
  await page.getByLabel("Exempt from the global control group").check();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome");
  await page.getByRole("button", { name: "Launch…" }).click();
  await page.getByRole("region", { name: "Before you launch" }).getByRole("button", { name: "Launch now" }).click();
  await expect(page.getByText("Active", { exact: true })).toBeVisible();

  // Grace was already a member: only entries after the launch count. Ada enters now.
  await enterSegment(segmentId, ada.id);
  await expect.poll(() => mailsTo(ada.email).length, { timeout: 60_000 }).toBe(1);
  expect(mailsTo(grace.email)).toHaveLength(0);

  const html = htmlOf(mailsTo(ada.email)[0]!);
  const pixel = decodeAttribute(/<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)![1]!);
  const click = decodeAttribute(/href="([^"]+\/t\/c\/[^"]+)"/.exec(html)![1]!);
  const unsubscribe = decodeAttribute(/href="([^"]+\/t\/u\/[^"]+)"/.exec(html)![1]!);

  // The reader opens the mail a few seconds later (sooner would look like a scanner's prefetch) and clicks.
  await page.waitForTimeout(2_500);
  const open = await page.request.get(pixel, { headers: READER });
  expect(open.status()).toBe(200);
  expect(open.headers()["content-type"]).toBe("image/gif");
  const redirect = await page.request.get(click, { headers: READER, maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers()["location"]).toBe("https://shop.example/welcome");
  await expect.poll(() => messageEventKinds(ada.id)).toEqual(["sent", "opened", "clicked"]);

  // Ada unsubscribes from the link in the mail.
  await page.goto(unsubscribe);
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("status")).toContainText("You are unsubscribed");

  // The next campaign reaches Grace but not Ada.
  const news = await addDraftCampaign(ws, segmentId, "News");
  await page.goto(`/w/${ws.slug}/campaigns/${news}`);
  await page.getByRole("button", { name: "Launch…" }).click();
  await page.getByRole("region", { name: "Before you launch" }).getByRole("button", { name: "Launch now" }).click();
  await expect.poll(() => mailsTo(grace.email).length, { timeout: 60_000 }).toBe(1);
  await page.waitForTimeout(1_000);
  expect(mailsTo(ada.email)).toHaveLength(1);
});
