import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Its own queues; retries come back within the test's patience.
vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:sms-push`;
  process.env.MESSAGE_RETRY_BASE_MS = "200";
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import type { ServerResponse } from "node:http";
import { createHmac } from "node:crypto";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { launchCampaign } from "../../lib/campaigns/launch-campaign.ts";
import { campaignsTick } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { channelSettingsInputSchema } from "../../lib/channels/channel-settings.schema.ts";
import { saveChannelSettings } from "../../lib/channels/settings.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { workerRedis } from "../../lib/queue/worker-redis.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import { POST as smsReceipt } from "../../app/api/callbacks/sms/[workspace]/route.ts";
import { POST as pushReceipt } from "../../app/api/callbacks/push/[workspace]/route.ts";
import { createAudience, messageStatusCounts, waitFor, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startHttpReceiver, type HttpReceiver, type Received } from "../support/http-receiver.ts";

/**
 * Campaigns over SMS and push, end to end: real workers, a real local HTTP
 * server playing the provider, and delivery receipts posted to the public
 * callback routes as a provider (or its relay) would.
 */
const CALLBACK_SECRET = "rcsec_campaign-test-0123456789abcdefghijklmn";

let workers: WorkersHandle;
let provider: HttpReceiver;
/** How the provider answers each request; by default it accepts with an id of its own. */
let answer: (res: ServerResponse, req: Received) => void;
let sids = 0;

function accept(res: ServerResponse) {
  res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ sid: `SM${String(++sids).padStart(6, "0")}`, id: `notif-${sids}` }));
}

beforeAll(async () => {
  provider = await startHttpReceiver((res, req) => answer(res, req));
  workers = await startWorkers({ only: ["campaigns", "messages"], schedules: false });
});

afterAll(async () => {
  await workers.close({ force: true });
  await closeQueues();
  await provider.stop();
});

async function setup(channel: "sms" | "push") {
  answer = accept;
  const workspace = await createWorkspace();
  const admin = await createUser(workspace.id, "ADMIN");
  const input =
    channel === "sms"
      ? { channel, provider: "twilio", url: provider.url(`/${workspace.slug}/2010-04-01`), accountSid: "ACcampaign", from: "AcmeShop", apiToken: "auth-token", callbackSecret: CALLBACK_SECRET }
      : { channel, provider: "onesignal", url: provider.url(`/${workspace.slug}`), appId: "app-1", apiToken: "rest-key", callbackSecret: CALLBACK_SECRET };
  await saveChannelSettings(workspace.id, admin.id, channelSettingsInputSchema.parse(input));
  return { workspaceId: workspace.id, slug: workspace.slug, actor: { userId: admin.id, role: "ADMIN" as const } };
}

/** What this workspace's campaigns sent the provider (each workspace has its own path). */
function requestsOf(slug: string): Received[] {
  return provider.received.filter((r) => r.url.startsWith(`/${slug}/`));
}

async function finish(workspaceId: number, campaignId: number): Promise<void> {
  await waitFor(async () => {
    await campaignsTick(workerRedis());
    const { rows } = await pool.query<{ status: string }>(`SELECT status::text FROM campaign WHERE id = $1 AND workspace_id = $2`, [campaignId, workspaceId]);
    return rows[0]?.status === "completed";
  }, "the campaign to complete");
}

async function broadcast(workspaceId: number, actor: { userId: string; role: "ADMIN" }, segmentId: number, content: object): Promise<number> {
  const campaign = await createCampaign(workspaceId, actor, { name: `Campaign ${Math.random()}`, experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content });
  await launchCampaign(workspaceId, actor, campaign.id);
  await finish(workspaceId, campaign.id);
  return campaign.id;
}

const smsContent = { channel: "sms", text: "Hi {{ customer.first_name }}, 20% off today. Reply STOP to opt out." };

describe("a broadcast over SMS", () => {
  it("sends one request per eligible customer, to the number in E.164, under the message's key, and records the provider's sid", async () => {
    const { workspaceId, slug, actor } = await setup("sms");
    const members = [
      ...Array.from({ length: 30 }, (_, i) => ({ phone: `+44 7700 9${String(i).padStart(5, "0")}`, smsConsent: true, firstName: `Ada${i}` })),
      ...Array.from({ length: 4 }, (_, i) => ({ phone: `+44 7700 8${String(i).padStart(5, "0")}`, smsConsent: false })),
      { phone: "07700 900999", smsConsent: true },
      { phone: "not a number", smsConsent: true },
      { phone: null, smsConsent: true },
      { phone: "+1 (415) 555-0100", smsConsent: true },
    ];
    const { segmentId } = await createAudience(workspaceId, members);
    // Suppressed in its stored (E.164) form; the customer's record writes it another way.
    await pool.query(`INSERT INTO suppression (workspace_id, channel, address, reason) VALUES ($1, 'sms', '+14155550100', 'manual')`, [workspaceId]);

    const campaignId = await broadcast(workspaceId, actor, segmentId, smsContent);
    expect(await messageStatusCounts(campaignId)).toEqual({ sent: 30, "skipped:no_consent": 4, "skipped:no_address": 3, "skipped:suppressed": 1 });

    const requests = requestsOf(slug);
    expect(requests).toHaveLength(30);
    const forms = requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(new Set(forms.map((f) => f.To))).toEqual(new Set(Array.from({ length: 30 }, (_, i) => `+4477009${String(i).padStart(5, "0")}`)));
    expect(forms.find((f) => f.To === "+447700900007")).toEqual({ To: "+447700900007", From: "AcmeShop", Body: "Hi Ada7, 20% off today. Reply STOP to opt out." });

    const { rows } = await pool.query<{ idempotency_key: string; provider_message_id: string }>(
      `SELECT idempotency_key, provider_message_id FROM message WHERE campaign_id = $1 AND status = 'sent'`,
      [campaignId],
    );
    expect(new Set(requests.map((r) => r.headers["idempotency-key"]))).toEqual(new Set(rows.map((r) => r.idempotency_key)));
    expect(rows.every((r) => /^SM\d{6}$/.test(r.provider_message_id))).toBe(true);
  });

  it("retries a 429 after its Retry-After and sends once; an invalid number fails the message and suppresses the number", async () => {
    const { workspaceId, slug, actor } = await setup("sms");
    const tries = new Map<string, number>();
    answer = (res, req) => {
      const to = new URLSearchParams(req.body).get("To")!;
      tries.set(to, (tries.get(to) ?? 0) + 1);
      if (to === "+447700900201" && tries.get(to) === 1) return void res.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end(JSON.stringify({ code: 20429, message: "Too Many Requests" }));
      if (to === "+447700900202") return void res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ code: 21211, message: `The 'To' number ${to} is not a valid phone number.` }));
      accept(res);
    };
    const { segmentId } = await createAudience(workspaceId, [
      { phone: "+44 7700 900201", smsConsent: true },
      { phone: "+44 7700 900202", smsConsent: true },
      { phone: "+44 7700 900203", smsConsent: true },
    ]);
    const campaignId = await broadcast(workspaceId, actor, segmentId, smsContent);
    expect(await messageStatusCounts(campaignId)).toEqual({ sent: 2, "failed:rejected": 1 });
    expect(Object.fromEntries(tries)).toEqual({ "+447700900201": 2, "+447700900202": 1, "+447700900203": 1 });
    const { rows: failed } = await pool.query<{ detail: string }>(`SELECT detail FROM message WHERE campaign_id = $1 AND status = 'failed'`, [campaignId]);
    expect(failed[0]!.detail).toBe("Twilio answered HTTP 400: The 'To' number +447700900202 is not a valid phone number. (Twilio error 21211)");
    const { rows: suppressed } = await pool.query(`SELECT address, reason::text FROM suppression WHERE workspace_id = $1`, [workspaceId]);
    expect(suppressed).toEqual([{ address: "+447700900202", reason: "hard_bounce" }]);

    // The next campaign leaves the bounced number out.
    answer = accept;
    const next = await broadcast(workspaceId, actor, segmentId, smsContent);
    expect(await messageStatusCounts(next)).toEqual({ sent: 2, "skipped:suppressed": 1 });
    expect(requestsOf(slug).filter((r) => new URLSearchParams(r.body).get("To") === "+447700900202")).toHaveLength(1);
  });
});

describe("a broadcast over push", () => {
  it("sends each consenting customer's rendered title, body and data to OneSignal by external id; a payload without a body fails only that customer", async () => {
    const { workspaceId, slug, actor } = await setup("push");
    const { segmentId, customerIds } = await createAudience(workspaceId, [{ firstName: "Ada" }, { firstName: "Bob" }, { firstName: "Cy" }, { firstName: "Di" }]);
    // Ada, Bob and Cy allow push; Cy's name is missing, so the template gives no body for Cy.
    await pool.query(`UPDATE customer SET push_consent = true WHERE id = ANY($1::int8[])`, [customerIds.slice(0, 3)]);
    await pool.query(`UPDATE customer SET first_name = NULL WHERE id = $1`, [customerIds[2]]);
    const { rows: ids } = await pool.query<{ id: string; external_id: string }>(`SELECT id::text, external_id FROM customer WHERE id = ANY($1::int8[])`, [customerIds]);
    const externalId = (i: number) => ids.find((r) => r.id === customerIds[i])!.external_id;

    const payload = '{ "title": "Back in stock", "body": {{ customer.first_name | json }}, "data": { "deeplink": "shop://new", "campaign": {{ campaign.name | json }} } }';
    const campaignId = await broadcast(workspaceId, actor, segmentId, { channel: "push", payload });
    expect(await messageStatusCounts(campaignId)).toEqual({ sent: 2, "failed:render_failed": 1, "skipped:no_consent": 1 });

    const bodies = requestsOf(slug).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => (b.include_aliases as { external_id: string[] }).external_id[0]).sort()).toEqual([externalId(0), externalId(1)].sort());
    expect(bodies.find((b) => (b.contents as { en: string }).en === "Ada")).toMatchObject({ headings: { en: "Back in stock" }, data: { deeplink: "shop://new" }, target_channel: "push" });
    const { rows: failed } = await pool.query<{ detail: string }>(`SELECT detail FROM message WHERE campaign_id = $1 AND status = 'failed'`, [campaignId]);
    expect(failed[0]!.detail).toContain('"body" must be text, not null');
  });
});

/** Signs a receipt as the provider's relay does, written independently of the product's code. */
function signed(body: string, secret = CALLBACK_SECRET, at = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { "content-type": "application/json", "x-valueloop-signature": `t=${at},v1=${createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}` };
}

async function post(route: typeof smsReceipt, slug: string, body: string, headers: Record<string, string>) {
  const channel = route === smsReceipt ? "sms" : "push";
  const res = await route(new Request(`https://app.valueloop.test/api/callbacks/${channel}/${slug}`, { method: "POST", headers, body }) as never, { params: Promise.resolve({ workspace: slug }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function events(messageId: string) {
  const { rows } = await pool.query<{ kind: string; detail: Record<string, unknown> }>(`SELECT kind, detail FROM message_event WHERE message_id = $1 AND kind IN ('delivered', 'bounced') ORDER BY id`, [messageId]);
  return rows;
}

describe("delivery receipts", () => {
  let ws: { workspaceId: number; slug: string };
  let sent: { id: string; sid: string; key: string; customerId: string }[];

  beforeAll(async () => {
    const { workspaceId, slug, actor } = await setup("sms");
    const { segmentId } = await createAudience(workspaceId, Array.from({ length: 4 }, (_, i) => ({ phone: `+44 7700 900${300 + i}`, smsConsent: true })));
    const campaignId = await broadcast(workspaceId, actor, segmentId, smsContent);
    const { rows } = await pool.query<{ id: string; provider_message_id: string; idempotency_key: string; customer_id: string }>(
      `SELECT id::text, provider_message_id, idempotency_key, customer_id::text FROM message WHERE campaign_id = $1 ORDER BY id`,
      [campaignId],
    );
    ws = { workspaceId, slug };
    sent = rows.map((r) => ({ id: r.id, sid: r.provider_message_id, key: r.idempotency_key, customerId: r.customer_id }));
  });

  it("records a signed delivered receipt once, however often the provider repeats it", async () => {
    const body = JSON.stringify({ type: "delivered", messageId: sent[0]!.sid, at: "2026-12-04T12:00:03Z" });
    expect(await post(smsReceipt, ws.slug, body, signed(body))).toEqual({ status: 200, body: { recorded: true } });
    // The same request again (a provider's retry, or a replay within the five minutes): nothing new.
    expect(await post(smsReceipt, ws.slug, body, signed(body))).toEqual({ status: 200, body: { recorded: false } });
    expect(await events(sent[0]!.id)).toEqual([{ kind: "delivered", detail: { source: "receipt", providerMessageId: sent[0]!.sid } }]);
    const { rows } = await pool.query<{ at: Date }>(`SELECT at FROM message_event WHERE message_id = $1 AND kind = 'delivered'`, [sent[0]!.id]);
    expect(rows[0]!.at.toISOString()).toBe("2026-12-04T12:00:03.000Z");
  });

  it("records a hard bounce and suppresses the number; a soft bounce is recorded and suppresses nothing", async () => {
    const hard = JSON.stringify({ type: "bounced", bounceType: "hard", messageId: sent[1]!.sid, reason: "30005 Unknown destination handset" });
    expect(await post(smsReceipt, ws.slug, hard, signed(hard))).toEqual({ status: 200, body: { recorded: true } });
    expect(await events(sent[1]!.id)).toEqual([{ kind: "bounced", detail: { source: "receipt", providerMessageId: sent[1]!.sid, bounceType: "hard", reason: "30005 Unknown destination handset" } }]);
    const soft = JSON.stringify({ type: "bounced", bounceType: "soft", messageId: sent[2]!.sid });
    expect((await post(smsReceipt, ws.slug, soft, signed(soft))).status).toBe(200);
    const { rows } = await pool.query(`SELECT address, reason::text, message_id::text FROM suppression WHERE workspace_id = $1`, [ws.workspaceId]);
    expect(rows).toEqual([{ address: "+447700900301", reason: "hard_bounce", message_id: sent[1]!.id }]);
  });

  it("finds a message by the reference sent with it when the provider gave no id of its own", async () => {
    const body = JSON.stringify({ type: "delivered", messageId: sent[3]!.key });
    expect(await post(smsReceipt, ws.slug, body, signed(body))).toEqual({ status: 200, body: { recorded: true } });
    expect(await events(sent[3]!.id)).toHaveLength(1);
  });

  it("refuses, recording nothing, a wrong signature, a tampered body, an old signed request, no signature, and another workspace's secret", async () => {
    const body = JSON.stringify({ type: "bounced", bounceType: "hard", messageId: sent[2]!.sid });
    const before = await events(sent[2]!.id);
    const attempts: [string, string, Record<string, string>][] = [
      ["wrong secret", body, signed(body, "rcsec_not-the-secret-0123456789abcdefghijk")],
      ["tampered body", body.replace("hard", "soft"), signed(body)],
      ["replayed after six minutes", body, signed(body, CALLBACK_SECRET, Math.floor(Date.now() / 1000) - 360)],
      ["no signature", body, { "content-type": "application/json" }],
      ["garbled signature", body, { "x-valueloop-signature": "t=abc,v1=xyz" }],
    ];
    for (const [what, text, headers] of attempts) {
      const answer = await post(smsReceipt, ws.slug, text, headers);
      expect(answer.status, what).toBe(401);
      expect(answer.body, what).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    }
    expect(await events(sent[2]!.id)).toEqual(before);
    expect((await pool.query(`SELECT 1 FROM suppression WHERE workspace_id = $1 AND address = '+447700900302'`, [ws.workspaceId])).rowCount).toBe(0);

    // A workspace that does not exist, or has no push settings, answers as a wrong signature does: nobody learns which workspaces exist.
    const missing = await post(smsReceipt, "ws-does-not-exist", body, signed(body));
    const noPush = await post(pushReceipt, ws.slug, body, signed(body));
    expect([missing, noPush]).toEqual([
      { status: 401, body: { error: { code: "UNAUTHENTICATED", message: "The signature does not match." } } },
      { status: 401, body: { error: { code: "UNAUTHENTICATED", message: "The signature does not match." } } },
    ]);
  });

  it("answers 404 for a message the workspace does not have, 422 for a receipt it cannot read, and 413 for a body far too large", async () => {
    const unknown = JSON.stringify({ type: "delivered", messageId: "SM-nobody-knows" });
    expect(await post(smsReceipt, ws.slug, unknown, signed(unknown))).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    const bad = JSON.stringify({ type: "opened", messageId: sent[0]!.sid });
    expect(await post(smsReceipt, ws.slug, bad, signed(bad))).toMatchObject({ status: 422, body: { error: { code: "VALIDATION", details: [{ path: "type" }] } } });
    const huge = JSON.stringify({ type: "delivered", messageId: sent[0]!.sid, reason: "x".repeat(20_000) });
    expect((await post(smsReceipt, ws.slug, huge, signed(huge))).status).toBe(413);
  });
});
