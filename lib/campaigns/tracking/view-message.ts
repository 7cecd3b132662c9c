import { pool } from "../../db/pool.ts";
import { renderForChannel } from "../delivery/render-for-channel.ts";
import { cachedCampaign } from "../delivery/sender-caches.ts";

/**
 * An email as its customer received it, for the "view in browser" link: the
 * campaign's template rendered again for that customer, with the same
 * tracked links and open pixel, through the sender's own renderer. Null when
 * the message is gone, is not an email, or no longer renders (the page then
 * says the link is not valid rather than showing something else).
 */
export async function renderMessageForBrowser(messageId: string): Promise<{ html: string; subject: string } | null> {
  const { rows } = await pool.query<{ workspace_id: number; campaign_id: number; version: number; customer_id: string; channel: string; variant_key: string | null }>(
    `SELECT m.workspace_id, m.campaign_id, c.version, m.customer_id::text, m.channel::text, m.variant_key
       FROM message m JOIN campaign c ON c.id = m.campaign_id AND c.workspace_id = m.workspace_id
      WHERE m.id = $1`,
    [messageId],
  );
  const row = rows[0];
  if (!row || row.channel !== "email") return null;
  const campaign = await cachedCampaign(row.workspace_id, row.campaign_id, row.version);
  if (!campaign) return null;
  const rendered = await renderForChannel({ id: messageId, workspaceId: row.workspace_id, variantKey: row.variant_key }, campaign, row.customer_id);
  if (!rendered.ok) return null;
  const { html, subject } = rendered.message as { html: string; subject: string };
  return { html, subject };
}
