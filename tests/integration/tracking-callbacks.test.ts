import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { forgetCallbackSecrets } from "../../lib/channels/callback-secret.ts";
import { saveChannelSettingsForm } from "../../lib/channels/save-channel-settings-form.ts";
import { getChannelSettingsView, loadChannelSettings } from "../../lib/channels/settings.ts";
import { pool } from "../../lib/db/pool.ts";
import { CALLBACK_TOLERANCE_SECONDS } from "../../lib/campaigns/tracking/verify-callback.ts";
import * as emailCallbackRoute from "../../app/api/callbacks/email/[workspace]/route.ts";
import * as smsCallbackRoute from "../../app/api/callbacks/sms/[workspace]/route.ts";
import { configureEmail } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { createSentMessage, messageEvents } from "../support/tracking-fixtures.ts";

afterAll(async () => {
  await pool.end();
});

interface Shop {
  workspaceId: number;
  slug: string;
  admin: string;
  secret: string;
}

const SMTP = { channel: "email", host: "127.0.0.1", port: 2525, security: "none", username: null, fromName: "Acme", fromAddress: "news@shop.example", replyTo: null, connections: 5 } as const;

/** Saves the email settings as the page does, asking the server for a callback secret; returns the one-time secret. */
async function newCallbackSecret(workspaceId: number, adminId: string): Promise<string> {
  const saved = await saveChannelSettingsForm(workspaceId, adminId, { ...SMTP, generateCallbackSecret: true });
  return saved.newSigningSecret!;
}

async function shop(name: string): Promise<Shop> {
  const ws = await createWorkspace({ name });
  const admin = await createUser(ws.id, "ADMIN");
  return { workspaceId: ws.id, slug: ws.slug, admin: admin.id, secret: await newCallbackSecret(ws.id, admin.id) };
}

let acme: Shop;
let globex: Shop;

beforeAll(async () => {
  [acme, globex] = await Promise.all([shop("Acme"), shop("Globex")]);
});

/** What a provider computes: HMAC-SHA256 of "t.body" with the shared secret, hex, as X-ValueLoop-Signature. */
function sign(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${unixSeconds},v1=${createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex")}`;
}

async function report(slug: string, body: unknown, options: { signature?: string | null; secret?: string; unixSeconds?: number } = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? sign(options.secret ?? acme.secret, text, options.unixSeconds) : options.signature;
  const req = new NextRequest(`https://app.valueloop.test/api/callbacks/email/${slug}`, {
    method: "POST",
    body: text,
    headers: { "content-type": "application/json", ...(signature === null ? {} : { "x-valueloop-signature": signature }) },
  });
  const res = await emailCallbackRoute.POST(req, { params: Promise.resolve({ workspace: slug }) });
  return { status: res.status, json: (await res.json()) as unknown };
}

const refused = (message: string) => ({ status: 401, json: { error: { code: "UNAUTHENTICATED", message } } });
const MISMATCH = refused("The signature does not match.");

async function suppression(workspaceId: number, address: string) {
  const { rows } = await pool.query<{ reason: string; message_id: string | null }>(`SELECT reason::text, message_id::text FROM suppression WHERE workspace_id = $1 AND channel = 'email' AND address = $2`, [
    workspaceId,
    address,
  ]);
  return rows;
}

describe("the email callback secret", () => {
  it("is optional, generated at a save and shown once, sealed in a column of its own, kept by later saves, audited without its value", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    await configureEmail(ws.id, admin.id, 2525);
    expect(await getChannelSettingsView(ws.id, "email")).toMatchObject({ hasPassword: false, hasCallbackSecret: false });
    const message = await createSentMessage(ws.id);
    // Without one, every report is refused, exactly as a wrong signature is.
    expect(await report(ws.slug, { type: "delivered", messageId: message.providerMessageId })).toEqual(MISMATCH);

    const secret = await newCallbackSecret(ws.id, admin.id);
    expect(secret).toMatch(/^rcsec_[A-Za-z0-9_-]{43}$/);
    expect(await getChannelSettingsView(ws.id, "email")).toMatchObject({ hasPassword: false, hasCallbackSecret: true });
    const { rows } = await pool.query<{ callback_secret: string; secret: string | null }>(`SELECT callback_secret, secret FROM channel_settings WHERE workspace_id = $1`, [ws.id]);
    expect(rows[0]).toEqual({ callback_secret: expect.stringMatching(/^v1\./), secret: null });
    expect(rows[0]!.callback_secret).not.toContain(secret.slice(6));
    expect((await report(ws.slug, { type: "delivered", messageId: message.providerMessageId }, { secret })).status).toBe(200);

    // A save that leaves it out keeps it; the email sender's settings never carry it.
    await configureEmail(ws.id, admin.id, 2526);
    expect(await getChannelSettingsView(ws.id, "email")).toMatchObject({ hasCallbackSecret: true, config: { port: 2526 } });
    expect(JSON.stringify(await loadChannelSettings(ws.id, "email"))).not.toContain("callback");
    const audits = await pool.query<{ metadata: { callbackSecret?: string } }>(`SELECT metadata FROM audit_log WHERE workspace_id = $1 AND action = 'settings.channel.update' ORDER BY id`, [ws.id]);
    expect(audits.rows.map((r) => r.metadata.callbackSecret)).toEqual(["none", "set", "kept"]);
    expect(JSON.stringify(audits.rows)).not.toContain(secret);
  });

  it("replaces the old secret at once: reports signed with it are refused", async () => {
    const ws = await shop("Rotating");
    const message = await createSentMessage(ws.workspaceId);
    const body = { type: "delivered", messageId: message.providerMessageId };
    expect((await report(ws.slug, body, { secret: ws.secret })).status).toBe(200);
    const next = await newCallbackSecret(ws.workspaceId, ws.admin);
    expect(await report(ws.slug, { ...body, type: "bounced" }, { secret: ws.secret })).toEqual(MISMATCH);
    expect((await report(ws.slug, { ...body, type: "bounced" }, { secret: next })).status).toBe(200);
  });
});

describe("POST /api/callbacks/email/{workspace}", () => {
  it("records a delivery at the provider's time, once however often the provider sends it", async () => {
    const message = await createSentMessage(acme.workspaceId);
    const body = { type: "delivered", messageId: message.providerMessageId, at: "2026-03-02T10:00:00.250Z", reason: "250 2.0.0 OK" };
    expect(await report(acme.slug, body)).toEqual({ status: 200, json: { recorded: true } });
    expect(await report(acme.slug, { ...body, at: "2026-03-02T10:00:01Z" })).toEqual({ status: 200, json: { recorded: false } });
    expect(await messageEvents(message.messageId)).toEqual([
      { kind: "delivered", at: new Date("2026-03-02T10:00:00.250Z"), detail: { source: "receipt", providerMessageId: message.providerMessageId, reason: "250 2.0.0 OK" } },
    ]);
  });

  it("finds the message by the provider's id, by our idempotency key, or by the Message-ID it became", async () => {
    const byProvider = await createSentMessage(acme.workspaceId, { providerMessageId: "0100018e-provider-id" });
    const byKey = await createSentMessage(acme.workspaceId, { providerMessageId: null });
    const byMessageId = await createSentMessage(acme.workspaceId, { providerMessageId: "relay-assigned-id" });
    expect((await report(acme.slug, { type: "delivered", messageId: "0100018e-provider-id" })).status).toBe(200);
    expect((await report(acme.slug, { type: "delivered", messageId: byKey.idempotencyKey })).status).toBe(200);
    expect((await report(acme.slug, { type: "delivered", messageId: `<${byMessageId.idempotencyKey}@shop.example>` })).status).toBe(200);
    for (const m of [byProvider, byKey, byMessageId]) expect((await messageEvents(m.messageId)).map((e) => e.kind)).toEqual(["delivered"]);
  });

  it("suppresses the address on a hard bounce; a soft bounce is only recorded", async () => {
    const hard = await createSentMessage(acme.workspaceId, { email: "Gone.Away@Customer.Example" });
    const soft = await createSentMessage(acme.workspaceId, { email: "full.box@customer.example" });
    expect((await report(acme.slug, { type: "bounced", bounceType: "hard", messageId: hard.providerMessageId, reason: "550 5.1.1 user unknown" })).status).toBe(200);
    expect((await report(acme.slug, { type: "bounced", bounceType: "soft", messageId: soft.providerMessageId, reason: "452 mailbox full" })).status).toBe(200);
    expect((await messageEvents(hard.messageId)).map((e) => [e.kind, e.detail])).toEqual([
      ["bounced", { source: "receipt", providerMessageId: hard.providerMessageId, bounceType: "hard", reason: "550 5.1.1 user unknown" }],
    ]);
    expect((await messageEvents(soft.messageId)).map((e) => [e.kind, e.detail])).toEqual([
      ["bounced", { source: "receipt", providerMessageId: soft.providerMessageId, bounceType: "soft", reason: "452 mailbox full" }],
    ]);
    expect(await suppression(acme.workspaceId, "gone.away@customer.example")).toEqual([{ reason: "hard_bounce", message_id: hard.messageId }]);
    expect(await suppression(acme.workspaceId, "full.box@customer.example")).toEqual([]);
  });

  it("turns consent off and suppresses the address on a complaint, audited with no actor; it outranks an earlier unsubscribe", async () => {
    const message = await createSentMessage(acme.workspaceId, { email: "angry@customer.example" });
    await pool.query(`INSERT INTO suppression (workspace_id, channel, address, reason) VALUES ($1, 'email', 'angry@customer.example', 'unsubscribe')`, [acme.workspaceId]);
    expect((await report(acme.slug, { type: "complained", messageId: message.providerMessageId, reason: "abuse" })).status).toBe(200);
    expect((await messageEvents(message.messageId)).map((e) => e.kind)).toEqual(["complained"]);
    expect(await suppression(acme.workspaceId, "angry@customer.example")).toEqual([{ reason: "complaint", message_id: message.messageId }]);
    const { rows } = await pool.query<{ email_consent: boolean }>(`SELECT email_consent FROM customer WHERE id = $1`, [message.customerId]);
    expect(rows[0]!.email_consent).toBe(false);
    const audits = await pool.query<{ actor_user_id: string | null; metadata: unknown }>(
      `SELECT actor_user_id, metadata FROM audit_log WHERE workspace_id = $1 AND action = 'customer.consent.update' AND target_id = $2`,
      [acme.workspaceId, message.customerId],
    );
    expect(audits.rows).toEqual([{ actor_user_id: null, metadata: { messageId: message.messageId, via: "complaint", consents: { email: false } } }]);
  });

  it("refuses a missing, malformed, wrongly keyed or replayed signature, and records nothing", async () => {
    const message = await createSentMessage(acme.workspaceId);
    const body = JSON.stringify({ type: "complained", messageId: message.providerMessageId });
    const now = Math.floor(Date.now() / 1000);
    const unsigned = refused('Sign the request: X-ValueLoop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">.');
    const stale = refused("The signature's timestamp is more than 5 minutes from now; sign each request when it is sent.");
    const attempts: [object, unknown][] = [
      [{ signature: null }, unsigned],
      [{ signature: "t=1,v1=abc" }, unsigned],
      [{ secret: globex.secret }, MISMATCH],
      [{ secret: `${acme.secret}x` }, MISMATCH],
      // Captured a minute past the tolerance ago, or dated as far ahead: a replay. The margin is wide so that the
      // seconds this test takes on a busy machine cannot bring "ahead" back within the tolerance.
      [{ unixSeconds: now - CALLBACK_TOLERANCE_SECONDS - 60 }, stale],
      [{ unixSeconds: now + CALLBACK_TOLERANCE_SECONDS + 60 }, stale],
      // Signed over another body.
      [{ signature: sign(acme.secret, body.replace("complained", "delivered")) }, MISMATCH],
    ];
    for (const [attempt, answer] of attempts) expect(await report(acme.slug, body, attempt), JSON.stringify(attempt)).toEqual(answer);
    // A slug nobody has, and a workspace with no callback secret, answer as a wrong signature does.
    expect(await report("no-such-workspace", body)).toEqual(MISMATCH);
    const bare = await createWorkspace();
    expect(await report(bare.slug, body)).toEqual(MISMATCH);
    expect(await messageEvents(message.messageId)).toEqual([]);
  });

  it("answers 404 for a message the workspace does not have on this channel, another workspace's included", async () => {
    const theirs = await createSentMessage(globex.workspaceId);
    const webhook = await createSentMessage(acme.workspaceId, { channel: "webhook" });
    for (const messageId of [theirs.providerMessageId!, theirs.idempotencyKey, "never-sent", webhook.idempotencyKey]) {
      expect(await report(acme.slug, { type: "complained", messageId })).toEqual({
        status: 404,
        json: { error: { code: "NOT_FOUND", message: "This workspace has no such message on this channel." } },
      });
    }
    expect(await messageEvents(theirs.messageId)).toEqual([]);
    const { rows } = await pool.query<{ email_consent: boolean }>(`SELECT email_consent FROM customer WHERE id = $1`, [theirs.customerId]);
    expect(rows[0]!.email_consent).toBe(true);
  });

  it("takes complaints from email only", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const saved = await saveChannelSettingsForm(ws.id, admin.id, {
      channel: "sms",
      provider: "json",
      url: "http://127.0.0.1:9/sms",
      accountSid: null,
      from: "AcmeShop",
      timeoutMs: 1000,
      apiToken: "token",
      generateCallbackSecret: true,
    });
    const body = JSON.stringify({ type: "complained", messageId: "SM-anything" });
    const req = new NextRequest(`https://app.valueloop.test/api/callbacks/sms/${ws.slug}`, { method: "POST", body, headers: { "x-valueloop-signature": sign(saved.newSigningSecret!, body) } });
    const res = await smsCallbackRoute.POST(req, { params: Promise.resolve({ workspace: ws.slug }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: "type", message: "Only email receipts report complaints." }] } });
  });

  it("reads a body only as far as 16 KB, and names what is wrong with a signed body that is not a receipt", async () => {
    const message = await createSentMessage(acme.workspaceId);
    const big = JSON.stringify({ type: "delivered", messageId: message.providerMessageId, reason: "x".repeat(20_000) });
    expect((await report(acme.slug, big)).status).toBe(413);
    expect(await report(acme.slug, "{not json")).toEqual({ status: 422, json: { error: { code: "VALIDATION", message: "The receipt is not JSON." } } });
    const soft = await report(acme.slug, { type: "delivered", bounceType: "soft", messageId: message.providerMessageId });
    expect(soft).toMatchObject({ status: 422, json: { error: { code: "VALIDATION", details: [{ path: "bounceType", message: "Only a bounced receipt has a bounceType." }] } } });
    const nul = await report(acme.slug, { type: "delivered", messageId: message.providerMessageId, reason: "a\u0000b" });
    expect(nul.json).toMatchObject({ error: { details: [{ path: "reason", message: "reason must not contain NUL characters (\\u0000)." }] } });
    expect(await messageEvents(message.messageId)).toEqual([]);
  });

  it("refuses a forged report without touching the database once the workspace's secret is known, and a stale one before that", async () => {
    const message = await createSentMessage(acme.workspaceId);
    const body = { type: "delivered", messageId: message.providerMessageId };
    forgetCallbackSecrets();
    // Counts connections taken (pg's query() takes one too); nothing about the pool's behaviour changes.
    const connect = vi.spyOn(pool, "connect");
    try {
      expect((await report(acme.slug, body, { unixSeconds: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
      expect(connect).not.toHaveBeenCalled();
      expect((await report(acme.slug, body)).status).toBe(200);
      connect.mockClear();
      for (let i = 0; i < 5; i++) expect((await report(acme.slug, body, { secret: globex.secret })).status).toBe(401);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });
});
