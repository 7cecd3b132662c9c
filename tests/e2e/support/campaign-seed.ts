import { withClient } from "./e2e-db.ts";
import type { SeededWorkspace } from "./seed.ts";

/**
 * What the campaign specs need beyond a seeded workspace, written straight to
 * the e2e database: an email channel pointing at the spec's own SMTP server
 * (no login, so nothing to seal), a static segment, the contact policy, and a
 * draft campaign for specs that do not test the editor.
 */
const WORKSPACE = `(SELECT id FROM workspace WHERE slug = $1)`;

export async function addEmailChannel(ws: SeededWorkspace, port: number): Promise<void> {
  const config = { host: "127.0.0.1", port, security: "none", username: null, fromName: "E2E Shop", fromAddress: "news@e2e-shop.example", replyTo: null };
  await withClient((c) => c.query(`INSERT INTO channel_settings (workspace_id, channel, config) VALUES (${WORKSPACE}, 'email', $2::jsonb)`, [ws.slug, JSON.stringify(config)]));
}

/** A static segment holding exactly these customers. */
export async function addStaticSegment(ws: SeededWorkspace, name: string, customerIds: string[]): Promise<number> {
  return withClient(async (c) => {
    const definition = { version: 1, root: { id: "root", type: "group", combinator: "and", children: [] } };
    const segment = await c.query<{ id: number }>(
      `INSERT INTO segment (workspace_id, name, kind, definition, size, last_refreshed_at) VALUES (${WORKSPACE}, $2, 'STATIC', $3::jsonb, $4, now()) RETURNING id`,
      [ws.slug, name, JSON.stringify(definition), customerIds.length],
    );
    const id = segment.rows[0]!.id;
    await c.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, unnest($2::int8[]), workspace_id FROM segment WHERE id = $1`, [id, customerIds]);
    return id;
  });
}

export async function withdrawEmailConsent(customerId: string): Promise<void> {
  await withClient((c) => c.query(`UPDATE customer SET email_consent = false WHERE id = $1`, [customerId]));
}

export async function requireApproval(ws: SeededWorkspace): Promise<void> {
  await withClient((c) => c.query(`INSERT INTO contact_policy (workspace_id, config) VALUES (${WORKSPACE}, '{"requireApproval": true}')`, [ws.slug]));
}

/** A draft email broadcast, stored as the editor would save it, without a control group (these specs count sends). */
export async function addDraftCampaign(ws: SeededWorkspace, segmentId: number, name: string): Promise<number> {
  const content = { channel: "email", subject: "Hello {{ customer.first_name }}", preheader: "", html: "<p>Hi {{ customer.first_name }}</p>", text: "" };
  const policy = { priority: 0, exemptFromCap: false, expiryHours: null, ignoreQuietHours: false };
  const res = await withClient((c) =>
    c.query<{ id: number }>(
      `INSERT INTO campaign (workspace_id, name, kind, channel, segment_id, content, schedule, policy, control_percent, exempt_from_global_control)
       VALUES (${WORKSPACE}, $2, 'broadcast', 'email', $3, $4::jsonb, $5::jsonb, $6::jsonb, 0, true) RETURNING id`,
      [ws.slug, name, segmentId, JSON.stringify(content), JSON.stringify({ broadcast: { mode: "now" } }), JSON.stringify(policy)],
    ),
  );
  return res.rows[0]!.id;
}

/** A customer enters a segment as a refresh records it: member now, with an ENTERED transition (what triggers read). */
export async function enterSegment(segmentId: number, customerId: string): Promise<void> {
  await withClient(async (c) => {
    await c.query(`INSERT INTO segment_membership (segment_id, customer_id, workspace_id) SELECT $1, $2, workspace_id FROM segment WHERE id = $1`, [segmentId, customerId]);
    await c.query(`INSERT INTO segment_transition (workspace_id, segment_id, customer_id, kind) SELECT workspace_id, $1, $2, 'ENTERED' FROM segment WHERE id = $1`, [segmentId, customerId]);
  });
}

/** The events recorded for a customer's messages, by kind (what the message page lists). */
export async function messageEventKinds(customerId: string): Promise<string[]> {
  const { rows } = await withClient((c) =>
    c.query<{ kind: string; machine: boolean }>(
      `SELECT e.kind, coalesce((e.detail->>'machine')::boolean, false) AS machine FROM message_event e JOIN message m ON m.id = e.message_id
        WHERE m.customer_id = $1 ORDER BY e.id`,
      [customerId],
    ),
  );
  return rows.map((r) => (r.machine ? `${r.kind} (machine)` : r.kind));
}
