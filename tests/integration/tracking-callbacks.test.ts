import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { forgetCallbackSecrets, hasCallbackSecret, rotateCallbackSecret } from "../../lib/channels/callback-secret.ts";
import { pool } from "../../lib/db/pool.ts";
import * as emailCallbackRoute from "../../app/api/callbacks/email/[workspace]/route.ts";
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

async function shop(name: string): Promise<Shop> {
  const ws = await createWorkspace({ name });
  const admin = await createUser(ws.id, "ADMIN");
  await configureEmail(ws.id, admin.id, 2525);
  return { workspaceId: ws.id, slug: ws.slug, admin: admin.id, secret: await rotateCallbackSecret(ws.id, admin.id, "email") };
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

async function suppression(workspaceId: number, address: string) {
  const { rows } = await pool.query<{ reason: string; message_id: string | null }>(`SELECT reason::text, message_id::text FROM suppression WHERE workspace_id = $1 AND channel = 'email' AND address = $2`, [
    workspaceId,
    address,
  ]);
  return rows;
}

const REFUSED = { error: { code: "UNAUTHENTICATED", message: "The report's X-ValueLoop-Signature is missing, malformed, older than five minutes, or does not match." } };

describe("the callback secret", () => {
  it("is generated for admins only, once the channel is saved, shown once, stored sealed and audited without its value", async () => {
    const ws = await createWorkspace();
    const [admin, marketer] = await Promise.all([createUser(ws.id, "ADMIN"), createUser(ws.id, "MARKETER")]);
    await expect(rotateCallbackSecret(ws.id, admin.id, "email")).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "channel" }] });
    await configureEmail(ws.id, admin.id, 2525);
    await expect(rotateCallbackSecret(ws.id, marketer.id, "email")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await hasCallbackSecret(ws.id, "email")).toBe(false);

    const secret = await rotateCallbackSecret(ws.id, admin.id, "email");
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(await hasCallbackSecret(ws.id, "email")).toBe(true);
    const { rows } = await pool.query<{ callback_secret: string; secret: string | null }>(`SELECT callback_secret, secret FROM channel_settings WHERE workspace_id = $1`, [ws.id]);
    expect(rows[0]!.callback_secret).toMatch(/^v1\./);
    expect(rows[0]!.callback_secret).not.toContain(secret.slice(6));
    const audits = await pool.query<{ metadata: unknown }>(`SELECT metadata FROM audit_log WHERE workspace_id = $1 AND action = 'settings.channel.callback_secret'`, [ws.id]);
    expect(audits.rows).toEqual([{ metadata: { channel: "email", callbackSecret: "set" } }]);
    expect(JSON.stringify(audits.rows)).not.toContain(secret);
  });

  it("replaces the old secret at once: reports signed with it are refused", async () => {
    const ws = await shop("Rotating");
    const message = await createSentMessage(ws.workspaceId);
    const body = { type: "delivered", messageId: message.providerMessageId };
    expect((await report(ws.slug, body, { secret: ws.secret })).status).toBe(200);
    const next = await rotateCallbackSecret(ws.workspaceId, ws.admin, "email");
    expect(await report(ws.slug, body, { secret: ws.secret })).toEqual({ status: 401, json: REFUSED });
    expect((await report(ws.slug, { ...body, at: "2026-03-02T10:00:00Z" }, { secret: next })).status).toBe(200);
  });
});

describe("POST /api/callbacks/email/{workspace}", () => {
  it("records a delivery at the provider's time, once however often the provider sends it", async () => {
    const message = await createSentMessage(acme.workspaceId);
    const body = { type: "delivered", messageId: message.providerMessageId, at: "2026-03-02T10:00:00.250Z", reason: "250 2.0.0 OK" };
    expect(await report(acme.slug, body)).toEqual({ status: 200, json: { status: "recorded" } });
    expect(await report(acme.slug, body)).toEqual({ status: 200, json: { status: "duplicate" } });
    expect(await messageEvents(message.messageId)).toEqual([{ kind: "delivered", at: new Date("2026-03-02T10:00:00.250Z"), detail: { reason: "250 2.0.0 OK" } }]);
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
    expect((await messageEvents(hard.messageId)).map((e) => [e.kind, e.detail])).toEqual([["bounced", { bounceType: "hard", reason: "550 5.1.1 user unknown" }]]);
    expect((await messageEvents(soft.messageId)).map((e) => [e.kind, e.detail])).toEqual([["bounced", { bounceType: "soft", reason: "452 mailbox full" }]]);
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

  it("refuses a missing, malformed, wrongly keyed or replayed signature with one answer, and records nothing", async () => {
    const message = await createSentMessage(acme.workspaceId);
    const body = JSON.stringify({ type: "complained", messageId: message.providerMessageId });
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      { signature: null },
      { signature: "t=1,v1=abc" },
      { secret: globex.secret },
      { secret: `${acme.secret}x` },
      // Captured five minutes and a second ago, or dated ahead: a replay.
      { unixSeconds: now - 301 },
      { unixSeconds: now + 301 },
      // Signed over another body.
      { signature: sign(acme.secret, body.replace("complained", "delivered")) },
    ];
    for (const attempt of attempts) expect(await report(acme.slug, body, attempt), JSON.stringify(attempt)).toEqual({ status: 401, json: REFUSED });
    // A slug nobody has, and a workspace with no callback secret, answer exactly the same.
    expect(await report("no-such-workspace", body)).toEqual({ status: 401, json: REFUSED });
    const bare = await createWorkspace();
    expect(await report(bare.slug, body)).toEqual({ status: 401, json: REFUSED });
    expect(await messageEvents(message.messageId)).toEqual([]);
  });

  it("answers a bare 404 for a message the workspace does not have, another workspace's included", async () => {
    const theirs = await createSentMessage(globex.workspaceId);
    for (const messageId of [theirs.providerMessageId!, theirs.idempotencyKey, "never-sent"]) {
      expect(await report(acme.slug, { type: "complained", messageId })).toEqual({ status: 404, json: { error: { code: "NOT_FOUND", message: "Not found." } } });
    }
    expect(await messageEvents(theirs.messageId)).toEqual([]);
    const { rows } = await pool.query<{ email_consent: boolean }>(`SELECT email_consent FROM customer WHERE id = $1`, [theirs.customerId]);
    expect(rows[0]!.email_consent).toBe(true);
  });

  it("reads a signed body only as far as 64 KB, and names what is wrong with a signed body that is not a report", async () => {
    const message = await createSentMessage(acme.workspaceId);
    const big = JSON.stringify({ type: "delivered", messageId: message.providerMessageId, reason: "x".repeat(70_000) });
    expect((await report(acme.slug, big)).status).toBe(413);
    expect(await report(acme.slug, "{not json")).toEqual({ status: 422, json: { error: { code: "VALIDATION", message: "The report is not a JSON object in UTF-8." } } });
    const bounce = await report(acme.slug, { type: "bounced", messageId: message.providerMessageId });
    expect(bounce.status).toBe(422);
    expect(bounce.json).toMatchObject({ error: { code: "VALIDATION", details: [{ path: "bounceType", message: expect.stringContaining("hard") }] } });
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
