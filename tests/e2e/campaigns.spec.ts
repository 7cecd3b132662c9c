import { expect, test, type Page } from "@playwright/test";
import { headerBlock, startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { addDraftCampaign, addEmailChannel, addStaticSegment, requireApproval, withdrawEmailConsent } from "./support/campaign-seed.ts";
import { seedWorkspace } from "./support/seed.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * Campaigns in the browser, against the production build and the e2e worker
 * process: a marketer writes a broadcast with a live preview for a real
 * customer, fixes a template error shown at its line, launches after seeing
 * who would be sent and who skipped, and the mail arrives at an SMTP server
 * this spec runs. Analysts read; approval, when the workspace requires it,
 * is an admin's.
 */
let smtp: SmtpReceiver;

test.beforeAll(async () => {
  smtp = await startSmtpReceiver();
});

test.afterAll(async () => {
  await smtp.stop();
});

function mailTo(address: string): string | undefined {
  const i = smtp.recipients.findIndex((r) => r.includes(address));
  return i === -1 ? undefined : smtp.messages[i];
}

/** Counts on the campaign page come from the tally the worker keeps; read them again until they show. */
async function expectStat(page: Page, label: string, value: string) {
  await expect(async () => {
    await page.reload();
    const stat = page.getByRole("region", { name: "Counts" }).getByText(label, { exact: true }).locator("xpath=..");
    await expect(stat).toHaveText(new RegExp(`^${label}\\s*${value}(\\D|$)`), { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
}

test("a marketer writes a broadcast with a live preview, fixes a template error at its line, launches it, and the mail arrives", async ({ page }) => {
  test.setTimeout(120_000);
  const ws = await seedWorkspace({ customers: 3 });
  const [ada, grace, alan] = ws.customers as [(typeof ws.customers)[0], (typeof ws.customers)[0], (typeof ws.customers)[0]];
  await addEmailChannel(ws, smtp.port);
  await addStaticSegment(ws, "Spring shoppers", [ada.id, grace.id, alan.id]);
  await withdrawEmailConsent(alan.id);

  await signIn(page, ws.users.MARKETER, ws.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns", exact: true }).click();
  await expect(page.getByRole("heading", { name: "No campaigns yet" })).toBeVisible();
  await page.getByRole("link", { name: "New campaign" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New campaign");

  await page.getByLabel("Name", { exact: true }).fill("Spring sale");
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: "Spring shoppers (3 customers)" });
  await expect(page.getByLabel("Channel", { exact: true })).toHaveValue("email");
  await page.getByLabel("Subject").fill("Hello {{ customer.first_name }}");
  const html = page.getByLabel("HTML body");
  await html.fill('<p>Hi {{ customer.first_name }}, the spring sale starts now.</p>\n<p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>');

  // The preview renders on the server for a customer chosen by their external id.
  const preview = page.getByRole("region", { name: "Preview" });
  await preview.getByLabel("Preview for customer").fill(grace.externalId);
  await expect(preview.getByRole("status")).toContainText(`As customer ${grace.externalId} would get it.`);
  await expect(preview.getByTestId("preview-subject")).toHaveText("Hello Grace");
  await expect(preview.frameLocator("iframe[title='HTML preview']").locator("body")).toContainText("Hi Grace, the spring sale starts now.");

  // A misspelt variable is shown at its line and column, with the name it probably meant.
  await html.fill("<p>Hi there,</p>\n<p>{{ customer.frist_name }}, the spring sale starts now.</p>");
  const problems = page.getByRole("list", { name: "Template problems" });
  await expect(problems).toContainText("Line 2, column 7:");
  await expect(problems).toContainText("Unknown variable customer.frist_name");
  await expect(problems).toContainText("Did you mean customer.first_name?");
  await expect(html).toHaveAttribute("aria-invalid", "true");
  await problems.getByRole("button", { name: "Show line 2 in the editor" }).click();
  await expect(html).toBeFocused();

  await html.fill('<p>Hi {{ customer.first_name }}, the spring sale starts now.</p>\n<p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>');
  await expect(problems).toHaveCount(0);
  // Three customers are too few to measure anything: no control group, and the editor says what that means.
  await page.getByLabel("Control group (%)").fill("0");
  await expect(page.getByRole("status").filter({ hasText: "nothing will be measurable" })).toBeVisible();
  await page.getByLabel("Exempt from the global control group").check();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Spring sale");
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();

  // Launch shows first what it would do: three in the segment, two sent, one without consent skipped.
  await page.getByRole("button", { name: "Launch…" }).click();
  const before = page.getByRole("region", { name: "Before you launch" });
  await expect(before.getByText("Customers in the segment")).toBeVisible();
  await expect(before.locator("dl > div").filter({ hasText: "Customers in the segment" })).toContainText("3");
  await expect(before.locator("dl > div").filter({ hasText: "Will be sent" })).toContainText("2");
  await expect(before.getByRole("list", { name: "Skipped by reason" })).toHaveText(/The customer has not consented to this channel\.\s*1/);
  await before.getByRole("button", { name: "Launch now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Launched: sending has started." })).toBeVisible();
  // Two messages can be sent and the broadcast completed before the page is read again.
  await expect(page.getByText(/^(Active|Completed)$/)).toBeVisible();

  await expect.poll(() => Boolean(mailTo(ada.email) && mailTo(grace.email)), { timeout: 60_000 }).toBe(true);
  expect(headerBlock(mailTo(grace.email)!)).toMatch(/^Subject: Hello Grace$/im);
  expect(mailTo(alan.email)).toBeUndefined();

  await expectStat(page, "Sent", "2");
  await expect(page.getByRole("list", { name: "Not sent, by reason" })).toContainText("The customer has not consented to this channel.");

  // The message log: one customer by email, and that message's decision and events.
  const messages = page.getByRole("region", { name: "Messages" });
  await messages.getByLabel("Customer").fill(grace.email);
  await messages.getByRole("button", { name: "Search" }).click();
  const log = page.getByRole("table", { name: "Messages" });
  await expect(log.getByRole("row")).toHaveCount(2);
  await expect(log).toContainText(grace.externalId);
  await expect(log).toContainText("Sent");
  await log.getByRole("link", { name: `Details of the message to ${grace.externalId}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Message to ${grace.externalId}`);
  await expect(page.getByRole("table", { name: "Events" })).toContainText("sent");

  // The skipped customer's message says why, and their profile lists it.
  await page.goto(`/w/${ws.slug}/customers/${alan.id}`);
  const received = page.getByRole("table", { name: "Messages" });
  await expect(received).toContainText("Spring sale");
  await expect(received).toContainText("Not sent: The customer has not consented to this channel.");
});

test("an analyst sees campaigns and their results but cannot create, edit or launch one", async ({ page }) => {
  const ws = await seedWorkspace({ customers: 2 });
  await addEmailChannel(ws, smtp.port);
  const segmentId = await addStaticSegment(ws, "Everyone", ws.customers.map((c) => c.id));
  const campaignId = await addDraftCampaign(ws, segmentId, "Analyst can read this");

  await signIn(page, ws.users.ANALYST, ws.password);
  await page.goto(`/w/${ws.slug}/campaigns`);
  await expect(page.getByRole("link", { name: "New campaign" })).toHaveCount(0);
  await page.getByRole("link", { name: "Analyst can read this" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Analyst can read this");
  await expect(page.getByText("Not launched yet.", { exact: true })).toBeVisible();
  for (const name of ["Edit", "Launch…", "Approve", "Archive", "Pause"]) await expect(page.getByRole(name === "Edit" ? "link" : "button", { name, exact: true })).toHaveCount(0);

  for (const path of [`/w/${ws.slug}/campaigns/new`, `/w/${ws.slug}/campaigns/${campaignId}/edit`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByText("Your role cannot open this page")).toBeVisible();
  }
});

test("when the workspace requires approval, a marketer's launch waits until an admin approves", async ({ page }) => {
  test.setTimeout(90_000);
  const ws = await seedWorkspace({ customers: 2 });
  await addEmailChannel(ws, smtp.port);
  await requireApproval(ws);
  const segmentId = await addStaticSegment(ws, "Approval audience", ws.customers.map((c) => c.id));
  const campaignId = await addDraftCampaign(ws, segmentId, "Needs a sign-off");
  const campaignPage = `/w/${ws.slug}/campaigns/${campaignId}`;

  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(campaignPage);
  await expect(page.getByRole("button", { name: "Launch…" })).toBeDisabled();
  await expect(page.getByText("This workspace requires an admin's approval before a campaign's first send.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, ws.users.ADMIN, ws.password);
  await page.goto(campaignPage);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved: it can now be launched." })).toBeVisible();
  await expect(page.getByText("Approved", { exact: true })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(campaignPage);
  await page.getByRole("button", { name: "Launch…" }).click();
  await page.getByRole("region", { name: "Before you launch" }).getByRole("button", { name: "Launch now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Launched: sending has started." })).toBeVisible();
  await expect.poll(() => ws.customers.every((c) => mailTo(c.email) !== undefined), { timeout: 60_000 }).toBe(true);
});

test("a marketer sets up a campaign for customers overdue for their next purchase", async ({ page }) => {
  test.setTimeout(90_000);
  const ws = await seedWorkspace({ customers: 1 });
  await addEmailChannel(ws, smtp.port);
  // The editor opens once the workspace has a segment, as any campaign needs one to exist.
  await addStaticSegment(ws, "Regulars", ws.customers.map((c) => c.id));
  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(`/w/${ws.slug}/campaigns/new`);
  await page.getByLabel("Name", { exact: true }).fill("Time for something new");
  await page.getByLabel("Triggered: to each customer when something happens").check();
  await page.getByLabel("is overdue for their next purchase").check();
  await page.getByLabel("Days past the expected next purchase").fill("0");
  await page.getByLabel("Subject").fill("New in");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("At least 1 day past the expected purchase.")).toBeVisible();
  await page.getByLabel("Days past the expected next purchase").fill("21");
  await page.getByLabel("Checked daily at").fill("10:00");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(
    page.getByText("Checks daily at 10:00 (UTC) and sends to each customer whose expected next purchase passed 21 days ago without an order, once per customer."),
  ).toBeVisible();
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("is overdue for their next purchase")).toBeChecked();
  await expect(page.getByLabel("Days past the expected next purchase")).toHaveValue("21");
});

test("a marketer sets up an event-triggered and a recurring campaign in the editor, and both read back as saved", async ({ page }) => {
  test.setTimeout(90_000);
  const ws = await seedWorkspace({ customers: 2 });
  await addEmailChannel(ws, smtp.port);
  await addStaticSegment(ws, "Weekly readers", ws.customers.map((c) => c.id));

  await signIn(page, ws.users.MARKETER, ws.password);
  await page.goto(`/w/${ws.slug}/campaigns/new`);
  await page.getByLabel("Name", { exact: true }).fill("Cart reminder");
  await page.getByLabel("Triggered: to each customer when something happens").check();
  await page.getByLabel("has an event of a type").check();
  // Only segment triggers need a segment; here one would only narrow the picks.
  await expect(page.getByLabel("Only customers in this segment (optional)")).toHaveValue("");
  await page.getByLabel("Subject").fill("You left something behind");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Name the event type.")).toBeVisible();
  await page.getByLabel("Event type").fill("cart_abandoned");
  await page.getByLabel("Only when property (optional)").fill("plan");
  await page.getByLabel("equals").fill("pro");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Sends to each customer with a “cart_abandoned” event whose plan is pro after launch, once per customer.")).toBeVisible();

  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("has an event of a type")).toBeChecked();
  await expect(page.getByLabel("Event type")).toHaveValue("cart_abandoned");
  await page.getByLabel("has a P(alive) below a threshold").check();
  await page.getByLabel("P(alive) below", { exact: true }).fill("0.2");
  await page.getByLabel("Checked daily at").fill("08:30");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Checks daily at 08:30 (UTC) and sends to each customer whose P(alive) is below 0.2, once per customer.`)).toBeVisible();

  await page.goto(`/w/${ws.slug}/campaigns/new`);
  await page.getByLabel("Name", { exact: true }).fill("Friday digest");
  await page.getByLabel("Recurring: to a segment every day, week or month").check();
  await page.getByLabel("Segment", { exact: true }).selectOption({ label: "Weekly readers (2 customers)" });
  await page.getByLabel("Every", { exact: true }).selectOption("week");
  await page.getByLabel("On", { exact: true }).selectOption({ label: "Friday" });
  await page.getByLabel("At", { exact: true }).fill("18:00");
  await page.getByLabel("Subject").fill("This week");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText(`Sends to everyone in “Weekly readers” every Friday at 18:00 (UTC).`)).toBeVisible();
  await expect(page.getByText("recurring campaign", { exact: false })).toBeVisible();
});
