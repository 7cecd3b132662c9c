import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type pg from "pg";
import { hashPassword } from "../../../lib/auth/password.ts";
import { withDb, hasColumn } from "./database.ts";
import { insertTrackedMessage, type TrackedMessage } from "./tracked-message.ts";
import { HttpSession, signIn } from "./http-session.ts";

/**
 * Two workspaces, A and B, each with a user per role, customers, segments, an
 * import, an API key, two RFM runs, a campaign that has finished sending
 * (with one sent message) and a sent email whose links are followed: what every probe needs an existing
 * target of. Written straight to the database, except segments and imports,
 * which are made through the product's own routes so they are exactly what a
 * user would have.
 */
export const ROLES = ["ADMIN", "MARKETER", "ANALYST"] as const;
export type Role = (typeof ROLES)[number];

export interface Tenant {
  id: number;
  slug: string;
  tag: string;
  users: Record<Role, { id: string; email: string }>;
  sessions: Record<Role, HttpSession>;
  customers: { id: string; externalId: string }[];
  /** A product bought once, in an order of the first customer. */
  productExternalId: string;
  orderExternalId: string;
  staticSegmentId: number;
  dynamicSegmentId: number;
  importId: number;
  apiKeyId: number;
  apiKey: string;
  rfmRunIds: [number, number];
  campaignId: number;
  messageId: string;
  /** A sent email (to the last customer) whose links and reports the probes follow. */
  message: TrackedMessage;
}

export interface World {
  baseURL: string;
  a: Tenant;
  b: Tenant;
}

export const PASSWORD = "security-suite-password-7Qx!";
let passwordHash: Promise<string> | undefined;

/** A definition every workspace can evaluate: customers in the US. */
export const US_CUSTOMERS = {
  version: 1,
  root: { id: "root", type: "group", combinator: "and", children: [{ id: "us", type: "attribute", field: "country", match: { op: "in", values: ["US"] } }] },
};

export async function insertApiKey(c: pg.Client, workspaceId: number, name: string, scopes = ["read", "write", "send"]): Promise<{ id: number; plaintext: string }> {
  const plaintext = `vl_live_${randomBytes(32).toString("base64url")}`;
  const hash = createHash("sha256").update(plaintext).digest("hex");
  const columns = ["workspace_id", "name", "prefix", "key_hash"];
  const values: unknown[] = [workspaceId, name, plaintext.slice(0, 14), hash];
  // Keys may read, write and send, with room for a fuzz run's request rate.
  if (await hasColumn(c, "api_key", "scopes")) {
    columns.push("scopes");
    values.push(scopes);
  }
  if (await hasColumn(c, "api_key", "rate_limit_per_minute")) {
    columns.push("rate_limit_per_minute");
    values.push(100_000);
  }
  const res = await c.query<{ id: number }>(
    `INSERT INTO api_key (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING id`,
    values,
  );
  return { id: res.rows[0]!.id, plaintext };
}

export async function insertMember(c: pg.Client, workspaceId: number, role: Role, tag: string): Promise<{ id: string; email: string }> {
  const id = `u_sec_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const email = `${role.toLowerCase()}-${tag}-${id.slice(-6)}@security.test`;
  await c.query(`INSERT INTO app_user (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`, [id, email, `${role} ${tag}`, await (passwordHash ??= hashPassword(PASSWORD))]);
  await c.query(`INSERT INTO membership (workspace_id, user_id, role) VALUES ($1, $2, $3)`, [workspaceId, id, role]);
  return { id, email };
}

/** A suppression a removal probe may take away (a hard bounce, so removing it also needs the confirmation). */
export async function insertSuppression(c: pg.Client, workspaceId: number, tag: string): Promise<string> {
  const address = `bounced-${tag}-${randomUUID().slice(0, 8)}@example.com`.toLowerCase();
  await c.query(`INSERT INTO suppression (workspace_id, channel, address, reason) VALUES ($1, 'email', $2, 'hard_bounce')`, [workspaceId, address]);
  return address;
}

async function insertTenantRows(label: string) {
  const tag = `${label}-${randomUUID().slice(0, 8)}`;
  return withDb(async (c) => {
    const ws = await c.query<{ id: number }>(`INSERT INTO workspace (slug, name) VALUES ($1, $2) RETURNING id`, [`sec-${tag}`, `Security ${tag}`]);
    const id = ws.rows[0]!.id;
    const users = {} as Tenant["users"];
    for (const role of ROLES) users[role] = await insertMember(c, id, role, tag);
    const customers: Tenant["customers"] = [];
    for (const [i, country] of ["US", "DE", "US"].entries()) {
      const externalId = `sec-${tag}-${i}`;
      const row = await c.query<{ id: string }>(
        `INSERT INTO customer (workspace_id, external_id, email, first_name, country, email_consent) VALUES ($1, $2, $3, 'Probe', $4, true) RETURNING id::text`,
        [id, externalId, `${externalId}@example.com`, country],
      );
      customers.push({ id: row.rows[0]!.id, externalId });
    }
    const productExternalId = `sec-${tag}-sku`;
    const orderExternalId = `sec-${tag}-order`;
    await c.query(
      `WITH p AS (INSERT INTO product (workspace_id, external_id, name, category) VALUES ($1, $2, 'Probe product', 'Probe') RETURNING id),
            o AS (INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency) VALUES ($1, $3::int8, $4, '2026-01-10T10:00:00Z', 19.00, 'USD') RETURNING id)
       INSERT INTO order_item (workspace_id, order_id, product_id, quantity, unit_price) SELECT $1, o.id, p.id, 2, 9.50 FROM o, p`,
      [id, productExternalId, customers[0]!.id, orderExternalId],
    );
    const key = await insertApiKey(c, id, "security");
    const runs: number[] = [];
    for (const asOf of ["2026-01-01", "2026-02-01"]) {
      const run = await c.query<{ id: number }>(
        `INSERT INTO analytics_run (workspace_id, kind, status, params, finished_at) VALUES ($1, 'rfm', 'SUCCEEDED', $2, now()) RETURNING id`,
        [id, JSON.stringify({ asOf })],
      );
      runs.push(run.rows[0]!.id);
    }
    const message = await insertTrackedMessage(c, id, customers[customers.length - 1]!.id, tag);
    return { id, slug: `sec-${tag}`, tag, users, customers, productExternalId, orderExternalId, apiKeyId: key.id, apiKey: key.plaintext, rfmRunIds: [runs[0]!, runs[1]!] as [number, number], message };
  });
}

/**
 * A broadcast that finished two months ago: one occurrence, one sent message
 * with its event, and its counts. Finished, so a probe's launch, pause, resume
 * or edit is refused for its state and nothing is ever sent; only archiving
 * changes it. Long finished and counted, so the campaigns tick leaves its
 * counts alone while probes compare snapshots.
 */
export async function insertFinishedCampaign(c: pg.Client, workspaceId: number, segmentId: number, customerId: string): Promise<{ campaignId: number; messageId: string }> {
  const content = { channel: "email", subject: "Hello {{ customer.first_name }}", preheader: "", html: '<p>Hi</p><a href="{{ links.unsubscribe }}">Unsubscribe</a>', text: "" };
  const policy = { priority: 0, exemptFromCap: false, expiryHours: null, ignoreQuietHours: false };
  const campaign = await c.query<{ id: number }>(
    `INSERT INTO campaign (workspace_id, name, kind, channel, status, segment_id, content, schedule, policy, launched_at, completed_at)
     VALUES ($1, $2, 'broadcast', 'email', 'completed', $3, $4, $5, $6, now() - interval '60 days', now() - interval '60 days') RETURNING id`,
    [workspaceId, `Finished ${randomUUID().slice(0, 8)}`, segmentId, JSON.stringify(content), JSON.stringify({ broadcast: { mode: "now" } }), JSON.stringify(policy)],
  );
  const campaignId = campaign.rows[0]!.id;
  const occurrence = await c.query<{ id: string }>(
    `INSERT INTO campaign_occurrence (workspace_id, campaign_id, key, due_at, planned_at) VALUES ($1, $2, 'broadcast', now() - interval '60 days', now() - interval '60 days') RETURNING id::text`,
    [workspaceId, campaignId],
  );
  const message = await c.query<{ id: string }>(
    `INSERT INTO message (workspace_id, campaign_id, occurrence_id, customer_id, channel, status, idempotency_key, attempts, sent_at)
     VALUES ($1, $2, $3, $4, 'email', 'sent', $5, 1, now() - interval '60 days') RETURNING id::text`,
    [workspaceId, campaignId, occurrence.rows[0]!.id, customerId, `sec-${randomUUID()}`],
  );
  await c.query(`INSERT INTO message_event (workspace_id, campaign_id, message_id, kind, at) VALUES ($1, $2, $3, 'sent', now() - interval '60 days')`, [workspaceId, campaignId, message.rows[0]!.id]);
  await c.query(
    `INSERT INTO campaign_stats (campaign_id, workspace_id, sent, series, last_activity_at)
     VALUES ($1, $2, 1, jsonb_build_array(jsonb_build_object('hour', date_trunc('hour', now() - interval '60 days'), 'sent', 1, 'failed', 0)), now() - interval '60 days')`,
    [campaignId, workspaceId],
  );
  return { campaignId, messageId: message.rows[0]!.id };
}

/** Saves a segment through the browser API as the workspace's admin. */
export async function createSegment(t: Pick<Tenant, "slug" | "sessions">, kind: "STATIC" | "DYNAMIC", name = `Probe ${randomUUID().slice(0, 8)}`): Promise<number> {
  const res = await t.sessions.ADMIN.json(`/api/w/${t.slug}/segments`, "POST", { name, kind, definition: US_CUSTOMERS });
  if (res.status !== 201) throw new Error(`could not create a segment: ${res.status} ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { segment: { id: number } }).segment.id;
}

/** What probes put in a campaign: an email broadcast scheduled for 2099, so a probe that launches it never sends anything. */
export function probeCampaignInput(segmentId: number, name = `Probe ${randomUUID().slice(0, 8)}`) {
  return {
    name,
    kind: "broadcast",
    segmentId,
    schedule: { mode: "at", at: "2099-01-01T09:00:00.000Z" },
    content: { channel: "email", subject: "Hello {{ customer.first_name }}", preheader: "", html: "<p>Hi {{ customer.first_name }}</p>", text: "" },
  };
}

/** A draft campaign written straight to the database, as createCampaign stores one. */
export async function insertCampaign(c: pg.Client, workspaceId: number, segmentId: number): Promise<number> {
  const input = probeCampaignInput(segmentId);
  const res = await c.query<{ id: number }>(
    `INSERT INTO campaign (workspace_id, name, kind, channel, segment_id, content, schedule, policy)
     VALUES ($1, $2, 'broadcast', 'email', $3, $4::jsonb, $5::jsonb, '{"priority":0,"exemptFromCap":false,"expiryHours":null,"ignoreQuietHours":false}') RETURNING id`,
    [workspaceId, input.name, segmentId, JSON.stringify(input.content), JSON.stringify({ broadcast: input.schedule })],
  );
  return res.rows[0]!.id;
}

export function csvUpload(): FormData {
  const form = new FormData();
  form.set("kind", "CUSTOMERS");
  form.set("file", new File(["external_id,email,country\nup-1,up-1@example.com,US\nup-2,up-2@example.com,DE\n"], "customers.csv", { type: "text/csv" }));
  return form;
}

export function suppressionCsvUpload(): FormData {
  const form = new FormData();
  form.set("channel", "email");
  form.set("note", "probe");
  form.set("file", new File(["address\nprobe-1@example.com\nprobe-2@example.com\n"], "suppressions.csv", { type: "text/csv" }));
  return form;
}

/** Uploads a small CSV as the admin; the import stays a draft until someone starts it. */
export async function createDraftImport(t: Pick<Tenant, "slug" | "sessions">): Promise<number> {
  const res = await t.sessions.ADMIN.request(`/api/w/${t.slug}/imports`, { method: "POST", body: csvUpload() });
  if (res.status !== 201) throw new Error(`could not upload an import: ${res.status} ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { id: number }).id;
}

export async function seedTenant(baseURL: string, label: string): Promise<Tenant> {
  const rows = await insertTenantRows(label);
  const sessions = {} as Tenant["sessions"];
  for (const role of ROLES) sessions[role] = await signIn(baseURL, rows.users[role].email, PASSWORD);
  const base = { ...rows, sessions };
  const staticSegmentId = await createSegment(base, "STATIC", `US static ${rows.tag}`);
  const campaign = await withDb((c) => insertFinishedCampaign(c, rows.id, staticSegmentId, rows.customers[0]!.id));
  return {
    ...base,
    staticSegmentId,
    dynamicSegmentId: await createSegment(base, "DYNAMIC", `US dynamic ${rows.tag}`),
    importId: await createDraftImport(base),
    ...campaign,
  };
}

export async function seedWorld(baseURL: string): Promise<World> {
  return { baseURL, a: await seedTenant(baseURL, "a"), b: await seedTenant(baseURL, "b") };
}

type StoredTenant = Omit<Tenant, "sessions"> & { sessions: Record<Role, { cookies: Record<string, string> }> };

/**
 * The world of one spec file in one run. Playwright starts a fresh worker
 * after a failed test and runs beforeAll again; reading the stored world back
 * (sessions included) keeps a run with failures as fast as one without.
 */
export async function worldFor(spec: string, baseURL: string): Promise<World> {
  const file = path.join(tmpdir(), `valueloop-security-${process.env.E2E_RUN_ID ?? "local"}-${spec}.json`);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as { a: StoredTenant; b: StoredTenant };
    const revive = (t: StoredTenant): Tenant => ({
      ...t,
      sessions: Object.fromEntries(ROLES.map((r) => [r, new HttpSession(baseURL, t.sessions[r].cookies)])) as Tenant["sessions"],
    });
    return { baseURL, a: revive(stored.a), b: revive(stored.b) };
  }
  const world = await seedWorld(baseURL);
  writeFileSync(file, JSON.stringify({ a: world.a, b: world.b }));
  return world;
}
