import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Its own queues; a refused send is retried after about 2 s.
vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:unsubscribe`;
  process.env.MESSAGE_RETRY_BASE_MS = "2000";
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { NextRequest } from "next/server";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { campaignsTick } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { launchCampaign } from "../../lib/campaigns/launch-campaign.ts";
import { messageLinks, signLink } from "../../lib/campaigns/tracking/sign-link.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { pool } from "../../lib/db/pool.ts";
import { PUBLIC_PAGE_CSP } from "../../lib/next/security-headers.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { workerRedis } from "../../lib/queue/worker-redis.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import * as unsubscribeRoute from "../../app/t/u/[messageId]/[signature]/route.ts";
import { configureEmail, createAudience, emailContent, messageStatusCounts, waitFor, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { headerBlock, startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { createSentMessage, messageEvents } from "../support/tracking-fixtures.ts";

let workspaceId: number;

beforeAll(async () => {
  workspaceId = (await createWorkspace({ name: "Acme & Sons" })).id;
});

afterAll(async () => {
  await pool.end();
});

function request(url: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
  const req = new NextRequest(url, { method: init.method ?? "GET", body: init.body, headers: init.headers });
  const [, , , messageId = "", signature = ""] = req.nextUrl.pathname.split("/");
  const handler = (init.method ?? "GET") === "GET" ? unsubscribeRoute.GET : unsubscribeRoute.POST;
  return handler(req, { params: Promise.resolve({ messageId, signature }) });
}

/** What a mail client sends for RFC 8058 one-click unsubscribe. */
function oneClick(url: string, encoding: "urlencoded" | "multipart" = "urlencoded"): Promise<Response> {
  if (encoding === "multipart") {
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    return request(url, { method: "POST", body: form });
  }
  return request(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
}

function submit(url: string, fields: [string, string][]): Promise<Response> {
  return request(url, { method: "POST", body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
}

async function customer(id: string) {
  const { rows } = await pool.query<{ email_consent: boolean; sms_consent: boolean }>(`SELECT email_consent, sms_consent FROM customer WHERE id = $1`, [id]);
  return rows[0]!;
}

async function suppressions() {
  const { rows } = await pool.query<{ channel: string; address: string; reason: string; message_id: string | null }>(
    `SELECT channel::text, address, reason::text, message_id::text FROM suppression WHERE workspace_id = $1 ORDER BY channel, address`,
    [workspaceId],
  );
  return rows;
}

async function consentAudits(customerId: string) {
  const { rows } = await pool.query<{ actor_user_id: string | null; metadata: Record<string, unknown> }>(
    `SELECT actor_user_id, metadata FROM audit_log WHERE workspace_id = $1 AND action = 'customer.consent.update' AND target_id = $2 ORDER BY id`,
    [workspaceId, customerId],
  );
  return rows;
}

describe("the unsubscribe page", () => {
  it("says what unsubscribing stops, with a confirm button and each reachable channel, under a policy that allows no script", async () => {
    const message = await createSentMessage(workspaceId, { phone: "+44 20 7946 0958", smsConsent: true });
    const res = await request(messageLinks(message.messageId).unsubscribe);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(PUBLIC_PAGE_CSP);
    expect(res.headers.get("cache-control")).toBe("no-store, private");
    const page = await res.text();
    expect(page).toContain("You will no longer receive email messages from Acme &amp; Sons.");
    expect(page).toContain('<input type="hidden" name="action" value="unsubscribe"><button type="submit">Unsubscribe</button>');
    expect(page).toContain('<input type="checkbox" name="channel" value="email" checked> Email');
    expect(page).toContain('<input type="checkbox" name="channel" value="sms" checked> Text messages (SMS)');
    // No phone-less push and no script of any kind.
    expect(page).not.toContain('value="push"');
    expect(page).not.toMatch(/<script/i);
    // Looking changes nothing.
    expect(await customer(message.customerId)).toEqual({ email_consent: true, sms_consent: true });
  });

  it("unsubscribes with the confirm button and then says so", async () => {
    const message = await createSentMessage(workspaceId);
    const res = await submit(messageLinks(message.messageId).unsubscribe, [["action", "unsubscribe"]]);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("You are unsubscribed. You will no longer receive email messages from Acme &amp; Sons.");
    expect(page).toContain('<input type="checkbox" name="channel" value="email"> Email');
    expect((await customer(message.customerId)).email_consent).toBe(false);
    expect((await messageEvents(message.messageId)).map((e) => [e.kind, e.detail])).toEqual([["unsubscribed", { channel: "email", via: "unsubscribe_page" }]]);
  });

  it("saves per-channel preferences: unticked channels off, a ticked one back on, lifting only an unsubscribe", async () => {
    const message = await createSentMessage(workspaceId, { email: "Prefs.Person@Customer.Example", phone: "+44 (20) 7946-0000", smsConsent: true });
    const url = messageLinks(message.messageId).preferences;
    const off = await submit(url, [["action", "preferences"], ["channel", "email"]]);
    expect(off.status).toBe(200);
    expect(await off.text()).toContain("Your preferences are saved.");
    expect(await customer(message.customerId)).toEqual({ email_consent: true, sms_consent: false });
    expect((await suppressions()).filter((s) => s.message_id === message.messageId)).toEqual([
      { channel: "sms", address: "+442079460000", reason: "unsubscribe", message_id: message.messageId },
    ]);

    // Email bounced meanwhile: ticking it again may restore consent, but not lift the bounce.
    await pool.query(`INSERT INTO suppression (workspace_id, channel, address, reason) VALUES ($1, 'email', 'prefs.person@customer.example', 'hard_bounce')`, [workspaceId]);
    await submit(url, [["action", "preferences"], ["channel", "email"], ["channel", "sms"], ["channel", "push"]]);
    expect(await customer(message.customerId)).toEqual({ email_consent: true, sms_consent: true });
    const left = (await suppressions()).filter((s) => s.address.includes("prefs.person") || s.address === "+442079460000");
    expect(left.map((s) => [s.channel, s.reason])).toEqual([["email", "hard_bounce"]]);
    const audits = await consentAudits(message.customerId);
    expect(audits.map((a) => [a.actor_user_id, a.metadata])).toEqual([
      [null, { messageId: message.messageId, via: "preferences_page", consents: { sms: false } }],
      [null, { messageId: message.messageId, via: "preferences_page", consents: { sms: true } }],
    ]);
  });

  it("is a 404 for a changed id or signature, or another kind's signature, and changes nothing", async () => {
    const message = await createSentMessage(workspaceId);
    const other = await createSentMessage(workspaceId);
    const sig = signLink("unsubscribe", message.messageId);
    const base = "https://app.valueloop.test/t/u";
    for (const url of [`${base}/${other.messageId}/${sig}`, `${base}/${message.messageId}/${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`, `${base}/${message.messageId}/${signLink("open", message.messageId)}`]) {
      expect((await request(url)).status).toBe(404);
      expect((await oneClick(url)).status).toBe(404);
      expect((await submit(url, [["action", "unsubscribe"]])).status).toBe(404);
    }
    expect(await customer(message.customerId)).toEqual({ email_consent: true, sms_consent: false });
    expect(await customer(other.customerId)).toEqual({ email_consent: true, sms_consent: false });
  });

  it("refuses a body that is not a form (400) or too large to be one (413), changing nothing", async () => {
    const message = await createSentMessage(workspaceId);
    const url = messageLinks(message.messageId).unsubscribe;
    expect((await request(url, { method: "POST", body: JSON.stringify({ "List-Unsubscribe": "One-Click" }), headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await submit(url, [["action", "something else"]])).status).toBe(400);
    const big = `List-Unsubscribe=One-Click&pad=${"x".repeat(10_000)}`;
    expect((await request(url, { method: "POST", body: big, headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(413);
    expect((await customer(message.customerId)).email_consent).toBe(true);
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("turns consent off, suppresses the normalised address, records the event and audits it, all once", async () => {
    const message = await createSentMessage(workspaceId, { email: "  One.Click@Customer.Example " });
    const url = messageLinks(message.messageId).unsubscribe;
    const first = await oneClick(url);
    expect(first.status).toBe(200);
    expect((await customer(message.customerId)).email_consent).toBe(false);
    expect((await suppressions()).filter((s) => s.message_id === message.messageId)).toEqual([
      { channel: "email", address: "one.click@customer.example", reason: "unsubscribe", message_id: message.messageId },
    ]);
    expect((await messageEvents(message.messageId)).map((e) => [e.kind, e.detail])).toEqual([["unsubscribed", { channel: "email", via: "one_click" }]]);
    expect(await consentAudits(message.customerId)).toEqual([{ actor_user_id: null, metadata: { messageId: message.messageId, via: "one_click", consents: { email: false } } }]);

    // A mail client retrying, or the reader clicking as well: 200 each time, and nothing more is written.
    expect((await oneClick(url, "multipart")).status).toBe(200);
    expect((await submit(url, [["action", "unsubscribe"]])).status).toBe(200);
    expect(await messageEvents(message.messageId)).toHaveLength(1);
    expect(await consentAudits(message.customerId)).toHaveLength(1);
  });

  it("accepts the multipart encoding RFC 8058 also allows", async () => {
    const message = await createSentMessage(workspaceId);
    expect((await oneClick(messageLinks(message.messageId).unsubscribe, "multipart")).status).toBe(200);
    expect((await customer(message.customerId)).email_consent).toBe(false);
  });
});

describe("an unsubscribe stops what comes next", () => {
  let smtp: SmtpReceiver;
  let workers: WorkersHandle;
  // The address whose next RCPT is answered 451, after the unsubscribe, and the one-click URL to use then.
  const unsubscribeOnNextSend = new Map<string, string>();

  beforeAll(async () => {
    smtp = await startSmtpReceiver({
      // The reader unsubscribes while the next campaign's mail to them is being sent: the refusal (a retryable 451)
      // goes back only once the unsubscribe is committed, so the retry must see it.
      onRcptTo(address, _session, callback) {
        const url = unsubscribeOnNextSend.get(address.address);
        if (!url) return callback();
        unsubscribeOnNextSend.delete(address.address);
        oneClick(url).then(
          (res) => callback(res.status === 200 ? Object.assign(new Error("Try again later"), { responseCode: 451 }) : new Error(`unsubscribe answered ${res.status}`)),
          (err: Error) => callback(err),
        );
      },
    });
    workers = await startWorkers({ only: ["campaigns", "messages"], schedules: false });
  });

  afterAll(async () => {
    await workers.close({ force: true });
    closeEmailTransports();
    await closeQueues();
    await smtp.stop();
  });

  async function finish(campaignId: number): Promise<void> {
    await waitFor(async () => {
      await campaignsTick(workerRedis());
      const { rows } = await pool.query<{ status: string }>(`SELECT status::text FROM campaign WHERE id = $1`, [campaignId]);
      return rows[0]?.status === "completed";
    }, "the campaign to complete");
  }

  it("skips a message already queued when its reader unsubscribes, and plans none after", async () => {
    const ws = await createWorkspace({ name: "Two Sends" });
    const admin = await createUser(ws.id, "ADMIN");
    const actor = { userId: admin.id, role: "ADMIN" as const };
    await configureEmail(ws.id, admin.id, smtp.port);
    const tag = Math.random().toString(36).slice(2, 8);
    const leaving = `leaving-${tag}@customer.example`;
    const staying = `staying-${tag}@customer.example`;
    const { segmentId } = await createAudience(ws.id, [{ email: leaving }, { email: staying }]);

    const first = await createCampaign(ws.id, actor, { name: "First", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    await launchCampaign(ws.id, actor, first.id);
    await finish(first.id);
    expect(await messageStatusCounts(first.id)).toEqual({ sent: 2 });
    const mail = smtp.mails.find((m) => m.to.includes(leaving))!;
    const listUnsubscribe = /^List-Unsubscribe: <([^>]+)>/m.exec(headerBlock(mail.raw))?.[1];
    expect(listUnsubscribe).toMatch(/^https:\/\/app\.valueloop\.test\/t\/u\/\d+\/[A-Za-z0-9_-]{22}$/);
    expect(headerBlock(mail.raw)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

    unsubscribeOnNextSend.set(leaving, listUnsubscribe!);
    const second = await createCampaign(ws.id, actor, { name: "Second", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    await launchCampaign(ws.id, actor, second.id);
    await finish(second.id);
    expect(unsubscribeOnNextSend.size).toBe(0);
    expect(await messageStatusCounts(second.id)).toEqual({ sent: 1, "skipped:no_consent": 1 });
    expect(smtp.mails.filter((m) => m.to.includes(leaving))).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.to.includes(staying))).toHaveLength(2);
    const { rows } = await pool.query<{ kinds: string[] }>(
      `SELECT array_agg(e.kind ORDER BY e.id) AS kinds FROM message m JOIN customer c ON c.id = m.customer_id JOIN message_event e ON e.message_id = m.id
        WHERE m.campaign_id = $1 AND c.email = $2`,
      [second.id, leaving],
    );
    expect(rows[0]!.kinds).toEqual(["deferred", "skipped"]);

    // Consent back on by a later import: the suppression still stops the next one, at planning.
    await pool.query(`UPDATE customer SET email_consent = true WHERE workspace_id = $1 AND email = $2`, [ws.id, leaving]);
    const third = await createCampaign(ws.id, actor, { name: "Third", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    await launchCampaign(ws.id, actor, third.id);
    await finish(third.id);
    expect(await messageStatusCounts(third.id)).toEqual({ sent: 1, "skipped:suppressed": 1 });
    expect(smtp.mails.filter((m) => m.to.includes(leaving))).toHaveLength(1);
  });
});
