import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Its own queues, with a worker that sends, so nothing here meets another file's jobs.
vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:api-campaigns`;
  process.env.MESSAGE_RETRY_BASE_MS = "200";
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import { createApiKey } from "../../lib/auth/api-keys.ts";
import { approveCampaign } from "../../lib/campaigns/campaign-status.ts";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { startDueOccurrences } from "../../lib/campaigns/delivery/campaigns-tick.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { startWorkers, type WorkersHandle } from "../../workers/start-workers.ts";
import { configureEmail, createAudience, emailContent, setContactPolicy, waitFor } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { CAMPAIGN_ROUTES, broadcastBody, callRoute, type Json, type RouteName } from "./api-v1-campaign-support.ts";

let workers: WorkersHandle;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  workers = await startWorkers({ only: ["campaigns", "messages"], schedules: false });
});

afterAll(async () => {
  await workers.close({ force: true });
  closeEmailTransports();
  await closeQueues();
  await smtp.stop();
  await db.$disconnect();
  await pool.end();
});

/** A workspace with the email channel set up (pointing at this file's SMTP receiver), an admin, and a key with every scope. */
async function setup() {
  const workspace = await createWorkspace();
  const admin = await createUser(workspace.id, "ADMIN");
  await configureEmail(workspace.id, admin.id, smtp.port);
  const key = await createApiKey(workspace.id, { name: "automation", scopes: ["read", "write", "send"] }, admin.id);
  return { workspaceId: workspace.id, admin: { userId: admin.id, role: "ADMIN" as const }, key: key.plaintext, keyId: key.id };
}

function mailsTo(addresses: string[]) {
  const set = new Set(addresses);
  return smtp.mails.filter((m) => m.to.some((a) => set.has(a)));
}

/**
 * Waits until the campaign's `count` messages are planned and each is sent,
 * failed or skipped. Read from this workspace's rows: the campaigns tick is
 * not run here, as it works over every workspace in the database and would
 * hand this file's workers the campaigns of the files running beside it.
 */
async function finish(workspaceId: number, campaignId: number, count: number): Promise<void> {
  await waitFor(async () => {
    const { rows } = await pool.query<{ done: number; total: number }>(
      `SELECT count(*) FILTER (WHERE status IN ('sent', 'failed', 'skipped'))::int AS done, count(*)::int AS total FROM message WHERE campaign_id = $1 AND workspace_id = $2`,
      [campaignId, workspaceId],
    );
    return rows[0]!.total === count && rows[0]!.done === count;
  }, "the campaign's messages to be sent");
}

const data = <T>(answer: { body: Json }) => answer.body.data as T;

describe("a campaign run through the API", () => {
  it("create → preview → launch → messages: each customer gets one mail, a retried launch is a 409 with the campaign as it is, and the log pages with next", async () => {
    const { workspaceId, key, keyId } = await setup();
    const tag = Math.random().toString(36).slice(2, 8);
    const addresses = Array.from({ length: 7 }, (_, i) => `api${i}-${tag}@customer.example`);
    const { segmentId } = await createAudience(workspaceId, [
      ...addresses.map((email) => ({ email })),
      { email: `noconsent-${tag}@customer.example`, emailConsent: false },
      { email: null },
    ]);

    const created = await callRoute("create", key, {}, { body: broadcastBody(segmentId, { name: "Spring via API" }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const campaign = data<{ id: number; status: string; segment: { id: number }; version: number }>(created);
    expect(campaign).toMatchObject({ status: "draft", segment: { id: segmentId }, version: 1 });
    expect(created.headers.get("location")).toBe(`http://localhost:3000/api/v1/campaigns/${campaign.id}`);

    const preview = await callRoute("preview", key, { campaignId: campaign.id });
    expect(data(preview)).toEqual({ segmentSize: 9, counts: { audience: 9, queued: 7, deferred: 0, heldOut: 0, skipped: { no_consent: 1, no_address: 1 } } });

    // The client's first launch times out and it sends the request again while the first still runs: one launch, one 409.
    const launches = await Promise.all([callRoute("launch", key, { campaignId: campaign.id }), callRoute("launch", key, { campaignId: campaign.id })]);
    expect(launches.map((l) => l.status).sort()).toEqual([200, 409]);
    const refused = launches.find((l) => l.status === 409)!;
    expect(refused.body.error).toMatchObject({ code: "CONFLICT", details: { campaign: { id: campaign.id } } });
    // Active, or completed already if another file's campaigns tick (it covers every workspace) got to it first.
    expect(["active", "completed"]).toContain((refused.body.error!.details as { campaign: { status: string } }).campaign.status);

    await finish(workspaceId, campaign.id, 9);
    expect(mailsTo(addresses).map((m) => m.to[0]).sort()).toEqual([...addresses].sort());

    // A retry long after the fact: still a 409 with the state, and nothing is planned or sent again.
    const late = await callRoute("launch", key, { campaignId: campaign.id });
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toMatch(/^This campaign is (active|completed); only a draft or approved campaign can be launched\.$/);
    expect(late.body.error?.details).toMatchObject({ campaign: { id: campaign.id, status: expect.stringMatching(/^(active|completed)$/), approvedAt: null } });
    const occurrences = await pool.query(`SELECT 1 FROM campaign_occurrence WHERE campaign_id = $1`, [campaign.id]);
    expect(occurrences.rowCount).toBe(1);
    expect(mailsTo(addresses)).toHaveLength(7);

    // The sent log, three at a time, newest first, until `next` is null.
    const seen: { id: string; customer: { email: string } }[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const page = await callRoute("messages", key, { campaignId: campaign.id }, { query: `?status=sent&limit=3${after ? `&after=${after}` : ""}` });
      expect(page.status).toBe(200);
      seen.push(...data<typeof seen>(page));
      after = page.body.next;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.map((m) => m.customer.email).sort()).toEqual([...addresses].sort());
    expect(seen.map((m) => Number(m.id))).toEqual([...seen.map((m) => Number(m.id))].sort((a, b) => b - a));

    const skipped = await callRoute("messages", key, { campaignId: campaign.id }, { query: "?status=skipped" });
    expect(data<{ reason: string; reasonText: string }[]>(skipped).map((m) => m.reason).sort()).toEqual(["no_address", "no_consent"]);
    const one = await callRoute("messages", key, { campaignId: campaign.id }, { query: `?customer=${encodeURIComponent(addresses[3]!.toUpperCase())}` });
    expect(data<{ customer: { email: string } }[]>(one).map((m) => m.customer.email)).toEqual([addresses[3]]);
    const detail = await callRoute("message", key, { campaignId: campaign.id, messageId: data<{ id: string }[]>(one)[0]!.id });
    expect(data(detail)).toMatchObject({ status: "sent", customer: { email: addresses[3] }, events: [{ kind: "queued" }, { kind: "sent" }] });
    // The same message under another campaign of the workspace is not found there.
    const otherCampaign = data<{ id: number }>(await callRoute("create", key, {}, { body: broadcastBody(segmentId, { name: "Another" }) }));
    const elsewhere = await callRoute("message", key, { campaignId: otherCampaign.id, messageId: data<{ id: string }[]>(one)[0]!.id });
    expect(elsewhere.status).toBe(404);
    expect((await callRoute("messages", key, { campaignId: otherCampaign.id })).body).toEqual({ data: [], next: null });

    // The key is the actor on record; no person is.
    const audit = await db.auditLog.findMany({ where: { workspaceId, targetType: "campaign" }, select: { action: true, actorUserId: true, actorApiKey: true }, orderBy: { id: "asc" } });
    expect(audit).toEqual([
      { action: "campaign.create", actorUserId: null, actorApiKey: keyId },
      { action: "campaign.launch", actorUserId: null, actorApiKey: keyId },
      { action: "campaign.create", actorUserId: null, actorApiKey: keyId },
    ]);
  });

  it("pause holds the rest and resume sends it; each answers with the campaign, and a repeated pause is a 409 with its state", async () => {
    const { workspaceId, key } = await setup();
    const tag = Math.random().toString(36).slice(2, 8);
    const addresses = Array.from({ length: 5 }, (_, i) => `pause${i}-${tag}@customer.example`);
    const { segmentId } = await createAudience(workspaceId, addresses.map((email) => ({ email })));
    // Scheduled an hour ahead, so the pause surely comes before the send.
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const campaign = data<{ id: number }>(await callRoute("create", key, {}, { body: broadcastBody(segmentId, { schedule: { mode: "at", at } }) }));
    expect(data(await callRoute("launch", key, { campaignId: campaign.id }))).toMatchObject({ status: "scheduled" });
    expect(data(await callRoute("pause", key, { campaignId: campaign.id }))).toMatchObject({ status: "paused" });
    const again = await callRoute("pause", key, { campaignId: campaign.id });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ message: "This campaign is paused; it cannot be paused.", details: { campaign: { status: "paused" } } });

    // While paused, the name and template may change; the audience and schedule may not.
    const renamed = await callRoute("patch", key, { campaignId: campaign.id }, { body: { name: "Spring (paused)", content: emailContent({ subject: "Still spring, {{ customer.first_name }}" }) } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(data(renamed)).toMatchObject({ name: "Spring (paused)", status: "paused", version: 2, content: { subject: "Still spring, {{ customer.first_name }}" } });
    const moved = await callRoute("patch", key, { campaignId: campaign.id }, { body: { schedule: { mode: "now" } } });
    expect(moved.status).toBe(409);
    expect(moved.body.error?.details).toMatchObject({ campaign: { version: 2, schedule: { broadcast: { mode: "at" } } } });

    await pool.query(`UPDATE campaign_occurrence SET due_at = now() WHERE campaign_id = $1`, [campaign.id]);
    expect(data(await callRoute("resume", key, { campaignId: campaign.id }))).toMatchObject({ status: "active" });
    // Its time has come: what the campaigns tick does for a due occurrence, for this workspace.
    await startDueOccurrences(workspaceId);
    await finish(workspaceId, campaign.id, 5);
    const mails = mailsTo(addresses);
    expect(mails).toHaveLength(5);
    expect(mails[0]!.raw.replace(/\r\n[ \t]+/g, " ")).toMatch(/^Subject: Still spring, Ada/m);
  });

  it("where approval is required, a key's launch of an unapproved campaign is refused like a marketer's; once an admin approved it, the key launches it", async () => {
    const { workspaceId, key, admin } = await setup();
    await setContactPolicy(workspaceId, { requireApproval: true });
    const tag = Math.random().toString(36).slice(2, 8);
    const address = `approval-${tag}@customer.example`;
    const { segmentId } = await createAudience(workspaceId, [{ email: address }]);
    const campaign = data<{ id: number }>(await callRoute("create", key, {}, { body: broadcastBody(segmentId) }));

    const refused = await callRoute("launch", key, { campaignId: campaign.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ message: "This workspace requires an admin's approval before a campaign's first send.", details: { campaign: { status: "draft", approvedAt: null } } });
    expect((await pool.query(`SELECT 1 FROM campaign_occurrence WHERE campaign_id = $1`, [campaign.id])).rowCount).toBe(0);

    const approved = await approveCampaign(workspaceId, admin, campaign.id);
    const launched = await callRoute("launch", key, { campaignId: campaign.id });
    expect(launched.status).toBe(200);
    // The approval on record stays the admin's.
    expect(data(launched)).toMatchObject({ status: "active", approvedAt: approved.approved_at!.toISOString() });
    const { rows } = await pool.query<{ approved_by: string }>(`SELECT approved_by FROM campaign WHERE id = $1`, [campaign.id]);
    expect(rows[0]!.approved_by).toBe(admin.userId);
    await finish(workspaceId, campaign.id, 1);
    expect(mailsTo([address])).toHaveLength(1);
  });
});

describe("workspace isolation", () => {
  it("another workspace's campaign and messages are not found at every campaign route, and nothing of theirs changes", async () => {
    const a = await setup();
    const b = await setup();
    const tag = Math.random().toString(36).slice(2, 8);
    const { segmentId } = await createAudience(b.workspaceId, [{ email: `b-${tag}@customer.example` }]);
    const bCampaign = await createCampaign(b.workspaceId, b.admin, broadcastBody(segmentId));
    expect((await callRoute("launch", b.key, { campaignId: bCampaign.id })).status).toBe(200);
    await finish(b.workspaceId, bCampaign.id, 1);
    const bMessageId = data<{ id: string }[]>(await callRoute("messages", b.key, { campaignId: bCampaign.id }))[0]!.id;
    // What A's requests could change (the campaigns tick of a file running beside this one may complete it meanwhile).
    const bRow = () => pool.query(`SELECT name, version, content, schedule, policy, segment_id, launched_at, approved_at, status IN ('active', 'completed') AS sending FROM campaign WHERE id = $1`, [bCampaign.id]);
    const before = await bRow();

    const { segmentId: aSegment } = await createAudience(a.workspaceId, [{ email: `a-${tag}@customer.example` }]);
    const aCampaign = data<{ id: number }>(await callRoute("create", a.key, {}, { body: broadcastBody(aSegment) }));
    const byId: RouteName[] = ["get", "patch", "preview", "launch", "pause", "resume", "archive", "messages"];
    for (const name of byId) {
      const answer = await callRoute(name, a.key, { campaignId: bCampaign.id }, { body: CAMPAIGN_ROUTES[name].method === "PATCH" ? { name: "Taken over" } : undefined });
      expect(answer.status, name).toBe(404);
      expect(answer.body.error?.message, name).toBe("No such campaign");
    }
    // B's message, asked for under B's campaign or under A's own.
    expect((await callRoute("message", a.key, { campaignId: bCampaign.id, messageId: bMessageId })).status).toBe(404);
    expect((await callRoute("message", a.key, { campaignId: aCampaign.id, messageId: bMessageId })).status).toBe(404);
    // B's segment is not A's to send to.
    const borrowed = await callRoute("create", a.key, {}, { body: broadcastBody(segmentId) });
    expect(borrowed.status).toBe(422);
    expect(borrowed.body.error?.details).toEqual([{ path: "segmentId", message: "Choose one of this workspace's segments." }]);

    expect((await bRow()).rows).toEqual(before.rows);
    expect(before.rows[0].sending).toBe(true);
    const audit = await db.auditLog.count({ where: { workspaceId: b.workspaceId, actorApiKey: a.keyId } });
    expect(audit).toBe(0);
    expect(data<{ id: number }[]>(await callRoute("list", a.key)).map((c) => c.id)).toEqual([aCampaign.id]);
  });
});
