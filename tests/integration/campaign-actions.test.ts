import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Its own queues: a launch here queues a job no worker of another file should pick up.
vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:screens`;
});

// The server actions read the signed-in user from the session cookie; here the test decides who is signed in.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

import * as campaignActions from "../../app/w/[workspace]/campaigns/[campaignId]/actions.ts";
import * as editActions from "../../app/w/[workspace]/campaigns/[campaignId]/edit/actions.ts";
import * as newActions from "../../app/w/[workspace]/campaigns/new/actions.ts";
import { getCampaign, listCampaigns } from "../../lib/campaigns/list-campaigns.ts";
import { getMessage, listCampaignMessages, listCustomerMessages } from "../../lib/campaigns/list-messages.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues, getQueue } from "../../lib/queue/queues.ts";
import { countLaunchPreview } from "../../lib/campaigns/launch-preview-count.ts";
import { campaignPreview } from "../../workers/processors/campaign-preview.ts";
import { configureEmail, createAudience, emailContent, setContactPolicy, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

afterAll(async () => {
  await closeQueues();
});

interface Team {
  slug: string;
  workspaceId: number;
  admin: string;
  marketer: string;
  analyst: string;
  segmentId: number;
}

async function team(): Promise<Team> {
  const ws = await createWorkspace();
  const [admin, marketer, analyst] = await Promise.all([createUser(ws.id, "ADMIN"), createUser(ws.id, "MARKETER"), createUser(ws.id, "ANALYST")]);
  // Four customers: two reachable, one without email consent, one without an address.
  const { segmentId } = await createAudience(ws.id, [{ email: "a@example.com" }, { email: "b@example.com" }, { email: "c@example.com", emailConsent: false }, { email: null }]);
  return { slug: ws.slug, workspaceId: ws.id, admin: admin.id, marketer: marketer.id, analyst: analyst.id, segmentId };
}

let a: Team;
let b: Team;

beforeAll(async () => {
  [a, b] = await Promise.all([team(), team()]);
  // Port 9: launches here are checked and queued, never sent (no worker runs in this file).
  await configureEmail(a.workspaceId, a.admin, 9);
});

function input(segmentId: number, overrides: Record<string, unknown> = {}) {
  return { name: "Spring sale", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent(), ...overrides };
}

function as(userId: string) {
  session.userId = userId;
}

async function create(t: Team, overrides: Record<string, unknown> = {}): Promise<{ id: number; version: number }> {
  as(t.marketer);
  const result = await newActions.createCampaignAction(t.slug, input(t.segmentId, overrides));
  if (!result.ok) throw new Error(`could not create a campaign: ${JSON.stringify(result)}`);
  return result.data;
}

async function campaignCount(workspaceId: number): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM campaign WHERE workspace_id = $1`, [workspaceId]);
  return rows[0]!.n;
}

describe("saving a campaign from the editor", () => {
  it("creates a draft for a marketer and an admin; an analyst is refused and nothing is stored", async () => {
    const created = await create(a);
    expect(created.version).toBe(1);
    expect((await getCampaign(a.workspaceId, created.id)).status).toBe("draft");
    as(a.admin);
    expect(await newActions.createCampaignAction(a.slug, input(a.segmentId))).toMatchObject({ ok: true });

    const before = await campaignCount(a.workspaceId);
    as(a.analyst);
    expect(await newActions.createCampaignAction(a.slug, input(a.segmentId))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    session.userId = null;
    expect(await newActions.createCampaignAction(a.slug, input(a.segmentId))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await campaignCount(a.workspaceId)).toBe(before);
  });

  it("names each wrong field, and a template error by its field, line and column", async () => {
    as(a.marketer);
    const before = await campaignCount(a.workspaceId);
    const missing = await newActions.createCampaignAction(a.slug, input(a.segmentId, { name: " ", schedule: { mode: "at", at: "tomorrow" }, content: { ...emailContent(), subject: "" } }));
    expect(missing).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(!missing.ok && missing.fieldErrors).toEqual({
      name: "Give the campaign a name.",
      "schedule.at": "Give the send time as an ISO date-time with its offset.",
      "content.subject": "The subject is required.",
    });

    const typo = await newActions.createCampaignAction(a.slug, input(a.segmentId, { content: emailContent({ html: "<p>Hi</p>\n<p>{{ customer.frist_name }}</p>" }) }));
    expect(typo).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(!typo.ok && typo.fieldErrors?.["content.html"]).toBe(
      "Line 2, column 7: Unknown variable customer.frist_name on line 2, column 7. Did you mean customer.first_name?",
    );
    expect(await campaignCount(a.workspaceId)).toBe(before);
  });

  it("refuses another workspace's segment on the segment field, as if it did not exist", async () => {
    as(a.marketer);
    const result = await newActions.createCampaignAction(a.slug, input(b.segmentId));
    expect(result).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { segmentId: "Choose one of this workspace's segments." } });
    const triggered = await newActions.createCampaignAction(a.slug, { ...input(b.segmentId), kind: "triggered", trigger: { type: "segment_entry", segmentId: b.segmentId }, schedule: undefined });
    expect(triggered).toMatchObject({ ok: false, fieldErrors: { "trigger.segmentId": "Choose one of this workspace's segments." } });
  });

  it("saves an edit over the version it loaded, and refuses one over a newer save", async () => {
    const { id } = await create(a);
    as(a.marketer);
    const first = await editActions.updateCampaignAction(a.slug, { ...input(a.segmentId, { name: "Renamed" }), campaignId: id, expectedVersion: 1 });
    expect(first).toEqual({ ok: true, data: { id, version: 2 } });
    // A second editor still holding version 1.
    const stale = await editActions.updateCampaignAction(a.slug, { ...input(a.segmentId, { name: "Mine instead" }), campaignId: id, expectedVersion: 1 });
    expect(stale).toMatchObject({ ok: false, code: "CONFLICT", error: "Someone else saved this campaign since you opened it. Reload to see their changes." });
    expect((await getCampaign(a.workspaceId, id)).name).toBe("Renamed");

    const missingVersion = await editActions.updateCampaignAction(a.slug, { ...input(a.segmentId), campaignId: id });
    expect(missingVersion).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { expectedVersion: expect.any(String) } });
    as(a.analyst);
    expect(await editActions.updateCampaignAction(a.slug, { ...input(a.segmentId), campaignId: id, expectedVersion: 2 })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("returns an approved campaign to draft when it is edited: what was approved is not what it now says", async () => {
    const { id } = await create(a);
    as(a.admin);
    expect(await campaignActions.approveCampaignAction(a.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "approved" } });
    as(a.marketer);
    expect(await editActions.updateCampaignAction(a.slug, { ...input(a.segmentId, { name: "Changed after approval" }), campaignId: id, expectedVersion: 1 })).toMatchObject({ ok: true });
    expect(await getCampaign(a.workspaceId, id)).toMatchObject({ status: "draft", approvedAt: null });
  });
});

describe("the campaign page's actions", () => {
  it("previews a launch with the segment's size, who would be sent, and who would be skipped and why, counted by a worker", async () => {
    const { id } = await create(a);
    as(a.marketer);
    const asked = await campaignActions.previewLaunchAction(a.slug, { campaignId: id, restart: true });
    expect(asked).toMatchObject({ ok: true, data: { status: "counting" } });
    // Asking again while it counts starts no second count.
    expect(await campaignActions.previewLaunchAction(a.slug, { campaignId: id, restart: true })).toMatchObject({ ok: true, data: { status: "counting" } });
    const jobs = (await getQueue("campaigns").getJobs(["waiting", "delayed", "prioritized"])).filter((j) => j.name === "campaign.preview" && j.data.campaignId === id);
    expect(jobs.map((j) => j.data)).toEqual([{ workspaceId: a.workspaceId, campaignId: id, version: 1 }]);
    // The worker's half, with the job's own payload.
    await campaignPreview(jobs[0]!.data, {} as never);
    const preview = await campaignActions.previewLaunchAction(a.slug, { campaignId: id });
    expect(preview).toMatchObject({ ok: true, data: { status: "done", preview: { segmentSize: 4, counts: { audience: 4, queued: 2, deferred: 0, heldOut: 0, skipped: { no_consent: 1, no_address: 1 } } } } });
    // A preview writes nothing: no message rows, still a draft.
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE campaign_id = $1`, [id]);
    expect(rows[0]!.n).toBe(0);
    expect((await getCampaign(a.workspaceId, id)).status).toBe("draft");

    // An edit makes the count stale: the next request counts the new version, and the old job's late answer is dropped.
    expect(await editActions.updateCampaignAction(a.slug, { ...input(a.segmentId, { name: "Edited" }), campaignId: id, expectedVersion: 1 })).toMatchObject({ ok: true });
    expect(await campaignActions.previewLaunchAction(a.slug, { campaignId: id })).toMatchObject({ ok: true, data: { status: "counting" } });
    expect(await countLaunchPreview(a.workspaceId, id, 1)).toBe("stale");
    expect(await countLaunchPreview(a.workspaceId, id, 2)).toBe("done");

    as(a.analyst);
    expect(await campaignActions.previewLaunchAction(a.slug, { campaignId: id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("launches, pauses, resumes and archives for a marketer; an analyst can do none of it", async () => {
    const { id } = await create(a);
    for (const action of [campaignActions.launchCampaignAction, campaignActions.pauseCampaignAction, campaignActions.resumeCampaignAction, campaignActions.archiveCampaignAction]) {
      as(a.analyst);
      expect(await action(a.slug, { campaignId: id }), action.name).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    as(a.marketer);
    expect(await campaignActions.launchCampaignAction(a.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "active" } });
    expect(await campaignActions.launchCampaignAction(a.slug, { campaignId: id })).toMatchObject({ ok: false, code: "CONFLICT", error: "This campaign is active; only a draft or approved campaign can be launched." });
    expect(await campaignActions.pauseCampaignAction(a.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "paused" } });
    expect(await campaignActions.resumeCampaignAction(a.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "active" } });
    expect(await campaignActions.archiveCampaignAction(a.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "archived" } });
    expect((await getCampaign(a.workspaceId, id)).status).toBe("archived");
  });

  it("schedules a broadcast whose time is ahead instead of sending it", async () => {
    const { id } = await create(a, { schedule: { mode: "at", at: "2099-01-01T09:00:00Z" } });
    as(a.marketer);
    expect(await campaignActions.launchCampaignAction(a.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "scheduled" } });
  });

  it("in a workspace that requires approval: a marketer's launch waits for an admin, who alone may approve", async () => {
    const t = await team();
    await configureEmail(t.workspaceId, t.admin, 9);
    await setContactPolicy(t.workspaceId, { requireApproval: true });
    const { id } = await create(t);
    as(t.marketer);
    expect(await campaignActions.launchCampaignAction(t.slug, { campaignId: id })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      error: "This workspace requires an admin's approval before a campaign's first send.",
    });
    expect(await campaignActions.approveCampaignAction(t.slug, { campaignId: id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    as(t.admin);
    expect(await campaignActions.approveCampaignAction(t.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "approved" } });
    as(t.marketer);
    expect(await campaignActions.launchCampaignAction(t.slug, { campaignId: id })).toEqual({ ok: true, data: { status: "active" } });
    const { rows } = await pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE workspace_id = $1 AND target_id = $2 ORDER BY id`, [t.workspaceId, String(id)]);
    expect(rows.map((r) => r.action)).toEqual(["campaign.create", "campaign.approve", "campaign.launch"]);
  });

  it("refuses a launch while the channel is not set up, saying where an admin sets it up", async () => {
    const { id } = await create(b);
    as(b.marketer);
    expect(await campaignActions.launchCampaignAction(b.slug, { campaignId: id })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      error: "The email channel is not set up in this workspace. An admin configures it under Settings → Channels.",
    });
  });
});

describe("workspace isolation", () => {
  it("another workspace's campaign is not found, under your own workspace or theirs, and stays as it was", async () => {
    const theirs = await create(b);
    const before = await getCampaign(b.workspaceId, theirs.id);
    as(a.admin);
    const own = a.slug;
    const missing = 2_147_483_000;
    const attempts = [
      () => campaignActions.previewLaunchAction(own, { campaignId: theirs.id }),
      () => campaignActions.launchCampaignAction(own, { campaignId: theirs.id }),
      () => campaignActions.approveCampaignAction(own, { campaignId: theirs.id }),
      () => campaignActions.pauseCampaignAction(own, { campaignId: theirs.id }),
      () => campaignActions.resumeCampaignAction(own, { campaignId: theirs.id }),
      () => campaignActions.archiveCampaignAction(own, { campaignId: theirs.id }),
      () => editActions.updateCampaignAction(own, { ...input(a.segmentId, { name: "Taken over" }), campaignId: theirs.id, expectedVersion: 1 }),
    ];
    for (const attempt of attempts) expect(await attempt()).toEqual({ ok: false, code: "NOT_FOUND", error: "No such campaign" });
    // Exactly what a campaign nobody has answers.
    expect(await campaignActions.archiveCampaignAction(own, { campaignId: missing })).toEqual({ ok: false, code: "NOT_FOUND", error: "No such campaign" });
    // Their slug: A's admin is no member there.
    expect(await campaignActions.archiveCampaignAction(b.slug, { campaignId: theirs.id })).toEqual({ ok: false, code: "NOT_FOUND", error: "Workspace not found" });
    expect(await newActions.createCampaignAction(b.slug, input(b.segmentId))).toEqual({ ok: false, code: "NOT_FOUND", error: "Workspace not found" });
    expect(await getCampaign(b.workspaceId, theirs.id)).toEqual(before);
  });

  it("refuses ids that cannot be a campaign on the field, before any query", async () => {
    as(a.admin);
    for (const campaignId of [0, -1, 1.5, 2 ** 31, "12", null]) {
      const result = await campaignActions.archiveCampaignAction(a.slug, { campaignId });
      expect(result, String(campaignId)).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { campaignId: expect.any(String) } });
    }
    expect(await campaignActions.archiveCampaignAction(a.slug, { campaignId: 1, extra: true })).toMatchObject({ ok: false, code: "VALIDATION" });
  });
});

describe("what the pages pass on from the address bar", () => {
  it("refuses a page cursor or search Postgres could not take as the named field's error, never a database error", async () => {
    const { id } = await create(a);
    const cursor = (text: string) => Buffer.from(text).toString("base64url");
    for (const after of [cursor("1|5"), cursor("May 1|5"), cursor("2026-01-01T00:00:00.000Z|2147483648"), "%%%"]) {
      await expect(listCampaigns(a.workspaceId, { after }), after).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "after" }] });
    }
    const page = await listCampaigns(a.workspaceId, { limit: 1 });
    expect((await listCampaigns(a.workspaceId, { after: page.next, limit: 1 })).campaigns).toHaveLength(1);

    await expect(listCampaignMessages(a.workspaceId, id, { after: "9223372036854775808" })).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "after" }] });
    await expect(listCustomerMessages(a.workspaceId, "1", { after: "99999999999999999999" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listCampaignMessages(a.workspaceId, id, { customer: "ada\u0000@example.com" })).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "customer" }] });
    await expect(getMessage(a.workspaceId, "9223372036854775808")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listCampaignMessages(a.workspaceId, id, { after: "9223372036854775807", customer: "nobody@example.com" })).toEqual({ messages: [], next: null });
  });
});
