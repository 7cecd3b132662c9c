import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../lib/auth/api-keys.ts";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { configureEmail, createAudience, emailContent } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import { CAMPAIGN_ROUTES, broadcastBody, callRoute, type Answer, type RouteName } from "./api-v1-campaign-support.ts";

/**
 * Who may call which campaign route, and what a wrong request gets. Nothing
 * here sends: launches queue their work on this run's shared queues, where no
 * campaign worker listens (the SMTP port saved below has nobody behind it).
 */
afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
  await pool.end();
});

const DAY_MS = 86_400_000;

async function setup() {
  const workspace = await createWorkspace();
  const admin = await createUser(workspace.id, "ADMIN");
  await configureEmail(workspace.id, admin.id, 9);
  const { segmentId } = await createAudience(workspace.id, [{ email: "ada@customer.example" }, { email: "grace@customer.example" }]);
  const key = async (scopes: ("read" | "write" | "send")[], options: { rateLimitPerMinute?: number } = {}) =>
    (await createApiKey(workspace.id, { name: scopes.join("+"), scopes, ...options }, admin.id)).plaintext;
  return { workspaceId: workspace.id, admin: { userId: admin.id, role: "ADMIN" as const }, segmentId, key };
}

async function campaignRow(campaignId: number) {
  const { rows } = await pool.query<{ status: string; version: number; name: string }>(`SELECT status::text, version, name FROM campaign WHERE id = $1`, [campaignId]);
  return rows[0]!;
}

/** A request a route accepts from a key that holds its scope (a body where it needs one). */
function allowedRequest(name: RouteName, segmentId: number): { body?: unknown } {
  if (name === "create") return { body: broadcastBody(segmentId) };
  if (name === "patch") return { body: { name: "Renamed" } };
  return {};
}

describe("API key scopes on campaign routes", () => {
  it("read, write and send each reach only their own routes; a refused request names the missing scope and changes nothing", async () => {
    const t = await setup();
    const keys = { read: await t.key(["read"]), write: await t.key(["write"]), send: await t.key(["send"]) };
    const campaign = await createCampaign(t.workspaceId, t.admin, broadcastBody(t.segmentId));
    const ids = { campaignId: campaign.id, messageId: "1" };

    for (const [scope, key] of Object.entries(keys)) {
      for (const [name, route] of Object.entries(CAMPAIGN_ROUTES) as [RouteName, (typeof CAMPAIGN_ROUTES)[RouteName]][]) {
        const answer = await callRoute(name, key, ids, allowedRequest(name, t.segmentId));
        const label = `${scope} key → ${name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;
        if (route.scope === scope) {
          expect(answer.status, label).not.toBe(403);
          expect(answer.status, label).toBeLessThan(500);
        } else {
          expect(answer.status, label).toBe(403);
          expect(answer.body.error?.message, label).toContain(`lacks the '${route.scope}' scope`);
        }
      }
    }
    // What the allowed calls did, in order: renamed by the write key, then launched, paused, resumed and archived by the send key.
    expect(await campaignRow(campaign.id)).toEqual({ status: "archived", version: 2, name: "Renamed" });
    const created = await pool.query(`SELECT count(*)::int AS n FROM campaign WHERE workspace_id = $1`, [t.workspaceId]);
    expect(created.rows[0].n).toBe(2);
  });

  it("an expired key and a revoked key get 401 at campaign routes; a launch with them changes nothing", async () => {
    const t = await setup();
    const campaign = await createCampaign(t.workspaceId, t.admin, broadcastBody(t.segmentId));
    const now = Date.now();
    const expired = await createApiKey(t.workspaceId, { name: "old", scopes: ["read", "send"], expiresAt: new Date(now - DAY_MS) }, null, { now: new Date(now - 2 * DAY_MS) });
    const revoked = await createApiKey(t.workspaceId, { name: "gone", scopes: ["read", "send"] }, null);
    await pool.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [revoked.id]);

    const list = await callRoute("list", expired.plaintext);
    expect(list.status).toBe(401);
    expect(list.body.error?.message).toContain("expired");
    expect((await callRoute("launch", expired.plaintext, { campaignId: campaign.id })).status).toBe(401);
    expect((await callRoute("launch", revoked.plaintext, { campaignId: campaign.id })).body.error?.message).toContain("revoked");
    expect((await callRoute("launch", null, { campaignId: campaign.id })).status).toBe(401);
    expect(await campaignRow(campaign.id)).toMatchObject({ status: "draft" });
  });

  it("a key past its per-minute limit gets 429 with Retry-After on campaign routes, and its launch does not happen", async () => {
    const t = await setup();
    const key = await t.key(["read", "send"], { rateLimitPerMinute: 3 });
    const campaign = await createCampaign(t.workspaceId, t.admin, broadcastBody(t.segmentId));
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++) answers.push(await callRoute("get", key, { campaignId: campaign.id }));
    expect(answers.map((a) => [a.status, a.headers.get("RateLimit-Remaining")])).toEqual([
      [200, "2"],
      [200, "1"],
      [200, "0"],
    ]);
    const refused = await callRoute("launch", key, { campaignId: campaign.id });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(await campaignRow(campaign.id)).toMatchObject({ status: "draft" });
  });
});

describe("refused input names the field", () => {
  it("create: a wrong shape, an unknown field, a template fault (with line and column), a foreign or impossible segment: 422 each, and no campaign", async () => {
    const t = await setup();
    const key = await t.key(["write"]);
    const create = (body: unknown) => callRoute("create", key, {}, { body });
    const details = (answer: Answer) => answer.body.error?.details as { path: string; message: string; line?: number; column?: number }[];

    const noName = await create(broadcastBody(t.segmentId, { name: "  " }));
    expect(noName.status).toBe(422);
    expect(details(noName)).toEqual([{ path: "name", message: "Give the campaign a name." }]);

    const badSchedule = await create(broadcastBody(t.segmentId, { schedule: { mode: "at", at: "tomorrow" } }));
    expect(details(badSchedule)).toEqual([{ path: "schedule.at", message: "Give the send time as an ISO date-time with its offset." }]);

    const typo = await create({ ...broadcastBody(t.segmentId), polcy: { priority: 5 } });
    expect(typo.status).toBe(422);
    expect(details(typo)).toEqual([{ path: "", message: expect.stringContaining('"polcy"') }]);

    const fault = await create(broadcastBody(t.segmentId, { content: emailContent({ html: "<p>Hello</p>\n<p>{{ customer.frist_name }}</p>" }) }));
    expect(fault.status).toBe(422);
    expect(details(fault)).toEqual([
      { path: "content.html", line: 2, column: expect.any(Number), message: expect.stringMatching(/^Line 2, column \d+: .*frist_name.*first_name/) },
    ]);

    const other = await createWorkspace();
    const { segmentId: foreign } = await createAudience(other.id, [{ email: "x@customer.example" }]);
    expect(details(await create(broadcastBody(foreign)))).toEqual([{ path: "segmentId", message: "Choose one of this workspace's segments." }]);
    expect(details(await create(broadcastBody(3_000_000_000)))).toEqual([{ path: "segmentId", message: "That segment does not exist in this workspace." }]);

    const huge = await create(broadcastBody(t.segmentId, { content: emailContent({ html: `<p>${"x".repeat(1024 * 1024)}</p>` }) }));
    expect(huge.status).toBe(413);
    const broken = await callRoute("create", key, {}, { rawBody: '{"name": "Spring",\n "kind" "broadcast"}' });
    expect(broken.status).toBe(400);
    expect(broken.body.error?.message).toContain("line 2");

    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM campaign WHERE workspace_id = $1`, [t.workspaceId]);
    expect(rows[0].n).toBe(0);
  });

  it("patch: a field in the wrong shape is a 422 by path; a save over a newer version is a 409 with the campaign as it is; what is left out is kept", async () => {
    const t = await setup();
    const key = await t.key(["read", "write"]);
    const campaign = await createCampaign(t.workspaceId, t.admin, broadcastBody(t.segmentId, { content: emailContent({ subject: "First {{ customer.first_name }}" }) }));
    const patch = (body: unknown) => callRoute("patch", key, { campaignId: campaign.id }, { body });

    const blank = await patch({ content: { channel: "email", subject: "", html: "<p>x</p>" } });
    expect(blank.status).toBe(422);
    expect(blank.body.error?.details).toEqual([{ path: "content.subject", message: "The subject is required." }]);
    const unknown = await patch({ colour: "red" });
    expect(unknown.body.error?.details).toEqual([{ path: "", message: expect.stringContaining('"colour"') }]);
    const noSegment = await patch({ segmentId: null });
    expect(noSegment.status).toBe(422);
    expect(noSegment.body.error?.details).toEqual([{ path: "segmentId", message: expect.any(String) }]);

    const renamed = await patch({ name: "Second", expectedVersion: 1 });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ name: "Second", version: 2, content: { subject: "First {{ customer.first_name }}" }, schedule: { broadcast: { mode: "now" } } });
    const stale = await patch({ name: "Third", expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ message: expect.stringContaining("Someone else saved"), details: { campaign: { name: "Second", version: 2 } } });

    // A change of kind brings the new kind's fields; the template and name stay.
    const triggered = await patch({ kind: "triggered", trigger: { type: "segment_entry", segmentId: t.segmentId } });
    expect(triggered.body.data).toMatchObject({ kind: "triggered", name: "Second", version: 3, schedule: { trigger: { type: "segment_entry" }, reeligibility: { mode: "once" } } });
    expect(await campaignRow(campaign.id)).toEqual({ status: "draft", version: 3, name: "Second" });
  });

  it("query parameters: an unknown status, a limit out of range, a cursor that is not one, a NUL in the customer: 422 naming it", async () => {
    const t = await setup();
    const key = await t.key(["read"]);
    const campaign = await createCampaign(t.workspaceId, t.admin, broadcastBody(t.segmentId));
    const cases: [RouteName, string, string][] = [
      ["list", "?status=sending", "status"],
      ["list", "?limit=0", "limit"],
      ["list", "?limit=ten", "limit"],
      ["list", "?after=not-a-cursor", "after"],
      ["list", `?after=${Buffer.from("1|1").toString("base64url")}`, "after"],
      ["messages", "?status=opened", "status"],
      ["messages", "?limit=201", "limit"],
      ["messages", "?after=12abc", "after"],
      ["messages", "?customer=a%00b", "customer"],
    ];
    for (const [name, query, field] of cases) {
      const answer = await callRoute(name, key, { campaignId: campaign.id }, { query });
      expect(answer.status, `${name}${query}`).toBe(422);
      expect((answer.body.error?.details as { path: string }[]).map((d) => d.path), `${name}${query}`).toEqual([field]);
    }
    // Ids that cannot exist are simply not found.
    for (const id of ["0", "abc", "99999999999", "-1"]) expect((await callRoute("get", key, { campaignId: id })).status, id).toBe(404);
    expect((await callRoute("message", key, { campaignId: campaign.id, messageId: "99999999999999999999" })).status).toBe(404);
  });
});

describe("paging", () => {
  it("lists campaigns most recently changed first, two at a time until next is null, and filters by status", async () => {
    const t = await setup();
    const key = await t.key(["read", "write", "send"]);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await callRoute("create", key, {}, { body: broadcastBody(t.segmentId, { name: `Campaign ${i}` }) });
      ids.push((created.body.data as { id: number }).id);
    }
    // Touching the first makes it the most recently changed.
    expect((await callRoute("patch", key, { campaignId: ids[0]! }, { body: { name: "Campaign 0, renamed" } })).status).toBe(200);
    expect((await callRoute("archive", key, { campaignId: ids[4]! })).status).toBe(200);

    const seen: number[] = [];
    const pages: number[] = [];
    let after: string | null | undefined;
    do {
      const page = await callRoute("list", key, {}, { query: `?limit=2${after ? `&after=${after}` : ""}` });
      const rows = page.body.data as { id: number }[];
      seen.push(...rows.map((c) => c.id));
      pages.push(rows.length);
      after = page.body.next;
    } while (after);
    // The archived one is left out unless asked for.
    expect(seen).toEqual([ids[0], ids[3], ids[2], ids[1]]);
    expect(pages).toEqual([2, 2]);
    const archived = await callRoute("list", key, {}, { query: "?status=archived" });
    expect((archived.body.data as { id: number }[]).map((c) => c.id)).toEqual([ids[4]]);
    expect(archived.body.next).toBeNull();
  });
});
