import { loadChannelSettings, type ConfigurableChannel } from "../../channels/settings.ts";
import { pool } from "../../db/pool.ts";
import { loadContactPolicy } from "../policy/contact-policy.ts";
import type { ContactPolicy } from "../policy/contact-policy.schema.ts";
import { prepareSendTemplate, type SendTemplate } from "./send-template.ts";

/**
 * What every send of a workspace needs but rarely changes (contact policy,
 * channel settings, the campaign's template) is read once per few seconds per
 * worker, not once per message: a 100k broadcast would otherwise read the same
 * rows 100k times. A save is seen by every worker within TTL_MS.
 */
const TTL_MS = 5_000;

class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; at: number }>();

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = load();
    // A failed load is not remembered: the next message tries again.
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, { value, at: Date.now() });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

const policies = new TtlCache<ContactPolicy>();
const settings = new TtlCache<unknown>();
const campaigns = new TtlCache<CampaignForSend | null>();

export interface CampaignForSend {
  id: number;
  name: string;
  workspaceName: string;
  /** The campaign's template, parsed and scanned once for this version. */
  template: SendTemplate;
  policy: unknown;
  /** Each variant's own template, by key (variants that send the campaign's template are absent). */
  variantTemplates: Record<string, SendTemplate>;
}

export function cachedContactPolicy(workspaceId: number): Promise<ContactPolicy> {
  return policies.get(String(workspaceId), () => loadContactPolicy(workspaceId));
}

export function cachedChannelSettings<C extends ConfigurableChannel>(workspaceId: number, channel: C): Promise<Awaited<ReturnType<typeof loadChannelSettings<C>>>> {
  return settings.get(`${workspaceId}:${channel}`, () => loadChannelSettings(workspaceId, channel)) as Promise<Awaited<ReturnType<typeof loadChannelSettings<C>>>>;
}

/** Keyed by version: an edit to a campaign is seen by the next message, not after the TTL. */
export function cachedCampaign(workspaceId: number, campaignId: number, version: number): Promise<CampaignForSend | null> {
  return campaigns.get(`${workspaceId}:${campaignId}:${version}`, async () => {
    const { rows } = await pool.query<{ id: number; name: string; workspace_name: string; content: unknown; policy: unknown; variant_content: Record<string, unknown> }>(
      `SELECT c.id, c.name, w.name AS workspace_name, c.content, c.policy,
              coalesce((SELECT jsonb_object_agg(v.key, v.content) FROM campaign_variant v WHERE v.campaign_id = c.id AND v.content IS NOT NULL), '{}') AS variant_content
         FROM campaign c JOIN workspace w ON w.id = c.workspace_id
        WHERE c.id = $1 AND c.workspace_id = $2`,
      [campaignId, workspaceId],
    );
    const row = rows[0];
    if (!row) return null;
    const variantTemplates: Record<string, SendTemplate> = {};
    for (const [key, content] of Object.entries(row.variant_content)) {
      if (content != null) variantTemplates[key] = prepareSendTemplate(content);
    }
    return { id: row.id, name: row.name, workspaceName: row.workspace_name, template: prepareSendTemplate(row.content), policy: row.policy, variantTemplates };
  });
}

export function clearSenderCaches(): void {
  policies.clear();
  settings.clear();
  campaigns.clear();
}
