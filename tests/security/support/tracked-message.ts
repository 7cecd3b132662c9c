import { createHmac, randomBytes } from "node:crypto";
import type pg from "pg";
import { linkKey, linkMac, type LinkKind } from "../../../lib/campaigns/tracking/link-mac.ts";
import { openWith, sealWith, type SecretKeys } from "../../../lib/crypto/secret-box.ts";
import { withDb } from "./database.ts";

/**
 * What the probes of the links in sent messages and of provider reports need:
 * a sent email in the workspace, links signed with the server's own key
 * (playwright.config.ts gives the server E2E_SECRETS_KEY), and the
 * workspace's callback secret, read from the database when a report is
 * signed (an admin probe may have replaced it meanwhile).
 */
function serverKeys(): SecretKeys {
  const key = process.env.E2E_SECRETS_KEY;
  if (!key) throw new Error("E2E_SECRETS_KEY is not set (playwright.config.ts sets it)");
  return { current: Buffer.from(key, "base64"), previous: [] };
}

const callbackContext = (workspaceId: number) => `channel_settings:${workspaceId}:email:callback`;

export interface TrackedMessage {
  id: string;
  providerId: string;
}

/**
 * Email settings (an SMTP port nothing listens on), a callback secret, and a
 * completed campaign's sent message to `customerId`, written as the sender
 * leaves them.
 */
export async function insertTrackedMessage(c: pg.Client, workspaceId: number, customerId: string, tag: string): Promise<TrackedMessage> {
  const config = { host: "127.0.0.1", port: 9, security: "none", username: null, fromName: `Security ${tag}`, fromAddress: "security@shop.example", replyTo: null };
  const secret = sealWith(serverKeys(), `whsec_${randomBytes(32).toString("base64url")}`, callbackContext(workspaceId));
  await c.query(`INSERT INTO channel_settings (workspace_id, channel, config, callback_secret) VALUES ($1, 'email', $2::jsonb, $3)`, [workspaceId, JSON.stringify(config), secret]);
  return insertSentEmail(c, workspaceId, customerId, tag);
}

/** Another sent email, to `customerId`, in a completed campaign of its own. */
export async function insertSentEmail(c: pg.Client, workspaceId: number, customerId: string, tag: string): Promise<TrackedMessage> {
  const content = { channel: "email", subject: "Hello {{ customer.first_name }}", preheader: "", html: '<p>Hi {{ customer.first_name }}, <a href="https://shop.example/spring">see spring</a>.</p>', text: "Hi" };
  const campaign = await c.query<{ id: number }>(
    `INSERT INTO campaign (workspace_id, name, kind, channel, status, content) VALUES ($1, $2, 'broadcast', 'email', 'completed', $3::jsonb) RETURNING id`,
    [workspaceId, `Sent ${tag}`, JSON.stringify(content)],
  );
  const occurrence = await c.query<{ id: string }>(
    `INSERT INTO campaign_occurrence (workspace_id, campaign_id, key, due_at, planned_at) VALUES ($1, $2, 'broadcast', now(), now()) RETURNING id::text`,
    [workspaceId, campaign.rows[0]!.id],
  );
  const key = randomBytes(16).toString("hex");
  const providerId = `<${key}@shop.example>`;
  const message = await c.query<{ id: string }>(
    `INSERT INTO message (workspace_id, campaign_id, occurrence_id, customer_id, channel, status, idempotency_key, attempts, sent_at, provider_message_id)
     VALUES ($1, $2, $3, $4, 'email', 'sent', $5, 1, now() - interval '1 hour', $6) RETURNING id::text`,
    [workspaceId, campaign.rows[0]!.id, occurrence.rows[0]!.id, customerId, key, providerId],
  );
  return { id: message.rows[0]!.id, providerId };
}

const KIND_BY_PREFIX: Record<string, LinkKind> = { "/t/o/": "open", "/t/c/": "click", "/t/u/": "unsubscribe", "/t/v/": "view" };

/** The signature path segment of a link to `messageId` (the open pixel's ends in ".gif"), as messageLinks() makes it. */
export function linkSignature(pathPattern: string, messageId: string, url = ""): string {
  const kind = Object.entries(KIND_BY_PREFIX).find(([prefix]) => pathPattern.startsWith(prefix))?.[1];
  if (!kind) throw new Error(`${pathPattern} is not a link in a message`);
  const signature = linkMac(linkKey(serverKeys().current), kind, messageId, kind === "click" ? url : "").toString("base64url");
  return kind === "open" ? `${signature}.gif` : signature;
}

/** X-ValueLoop-Signature for a report body, with the workspace's current callback secret (or `secret`). */
export async function signReport(workspaceSlug: string, body: string, options: { secret?: string; unixSeconds?: number } = {}): Promise<string> {
  const secret =
    options.secret ??
    (await withDb(async (c) => {
      const { rows } = await c.query<{ workspace_id: number; callback_secret: string | null }>(
        `SELECT s.workspace_id, s.callback_secret FROM channel_settings s JOIN workspace w ON w.id = s.workspace_id WHERE w.slug = $1 AND s.channel = 'email'`,
        [workspaceSlug],
      );
      const row = rows[0];
      // A workspace without one (a slug nobody has): any secret, which the server then refuses.
      return row?.callback_secret ? openWith(serverKeys(), row.callback_secret, callbackContext(row.workspace_id)) : "no-such-secret";
    }));
  const t = options.unixSeconds ?? Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}
