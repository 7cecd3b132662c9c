import { pool } from "../../lib/db/pool.ts";
import { saveChannelSettings } from "../../lib/channels/settings.ts";

export interface AudienceMember {
  email?: string | null;
  phone?: string | null;
  emailConsent?: boolean;
  smsConsent?: boolean;
  timezone?: string | null;
  firstName?: string;
  attributes?: Record<string, unknown>;
}

/**
 * Customers and a static segment holding exactly them, written in one
 * statement each (a 10k audience takes a moment, not a minute).
 */
export async function createAudience(workspaceId: number, members: AudienceMember[], name = `Audience ${Math.random().toString(36).slice(2, 8)}`): Promise<{ segmentId: number; customerIds: string[] }> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO customer (workspace_id, external_id, email, phone, first_name, timezone, attributes, email_consent, sms_consent)
     SELECT $1, 'c-' || $2 || '-' || n, e, p, f, tz, a, ec, sc
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::bool[], $9::bool[]) WITH ORDINALITY AS u(e, p, f, tz, a, ec, sc, n)
     RETURNING id::text`,
    [
      workspaceId,
      Math.random().toString(36).slice(2, 8),
      members.map((m) => m.email ?? null),
      members.map((m) => m.phone ?? null),
      members.map((m) => m.firstName ?? "Ada"),
      members.map((m) => m.timezone ?? null),
      members.map((m) => JSON.stringify(m.attributes ?? {})),
      members.map((m) => m.emailConsent ?? true),
      members.map((m) => m.smsConsent ?? false),
    ],
  );
  const customerIds = rows.map((r) => r.id);
  const segmentId = await createStaticSegment(workspaceId, customerIds, name);
  return { segmentId, customerIds };
}

export async function createStaticSegment(workspaceId: number, customerIds: string[], name: string): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO segment (workspace_id, name, kind, definition, size) VALUES ($1, $2, 'STATIC', $3::jsonb, $4) RETURNING id`,
    [workspaceId, name, JSON.stringify({ version: 1, root: { id: "root", type: "group", combinator: "and", children: [] } }), customerIds.length],
  );
  const segmentId = rows[0]!.id;
  await pool.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, unnest($2::int8[]), $3`, [segmentId, customerIds, workspaceId]);
  return segmentId;
}

export async function configureEmail(workspaceId: number, userId: string, port: number): Promise<void> {
  await saveChannelSettings(workspaceId, userId, {
    channel: "email",
    host: "127.0.0.1",
    port,
    security: "none",
    username: null,
    fromName: "Acme Shop",
    fromAddress: "news@shop.example",
    replyTo: null,
    connections: 5,
  });
}

export async function setContactPolicy(workspaceId: number, config: Record<string, unknown>): Promise<void> {
  await pool.query(
    `INSERT INTO contact_policy (workspace_id, config) VALUES ($1, $2::jsonb) ON CONFLICT (workspace_id) DO UPDATE SET config = EXCLUDED.config, updated_at = now()`,
    [workspaceId, JSON.stringify(config)],
  );
}

export function emailContent(overrides: { subject?: string; html?: string; text?: string } = {}) {
  return {
    channel: "email" as const,
    subject: overrides.subject ?? "Hello {{ customer.first_name }}",
    preheader: "",
    html: overrides.html ?? '<p>Hi {{ customer.first_name }}, see <a href="https://shop.example/new?a=1&amp;b=2">what is new</a>.</p><p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p>',
    text: overrides.text ?? "Hi {{ customer.first_name }}. Unsubscribe: {{ links.unsubscribe }}",
  };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function messageStatusCounts(campaignId: number): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ key: string; n: number }>(
    `SELECT status::text || coalesce(':' || reason, '') AS key, count(*)::int AS n FROM message WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

/**
 * For tests of delivery, not of experiments: no control arm and no global
 * control group, so every eligible customer is sent.
 */
export const NO_HOLDOUT = { controlPercent: 0, exemptFromGlobalControl: true };

/** Planning's arms for a campaign without an experiment (tests that call planMessages directly). */
export function noArms(workspaceId: number, campaignId: number) {
  return { workspaceId, campaignId, salt: "test", controlPercent: 0, attributionDays: 7, variants: [], globalControl: null };
}
