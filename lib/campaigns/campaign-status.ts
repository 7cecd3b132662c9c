import { audit } from "../audit.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { can } from "../auth/permissions.ts";
import { readCampaign, type CampaignActor, type CampaignRow } from "./campaign-record.ts";
import { queueMessages } from "./delivery/queue-messages.ts";

type Status = CampaignRow["status"];

function conflict(row: CampaignRow, action: string): AppError {
  return new AppError("CONFLICT", `This campaign is ${row.status}; it cannot be ${action}d.`);
}

async function transition(
  workspaceId: number,
  actor: CampaignActor,
  campaignId: number,
  action: string,
  allowed: readonly Status[],
  to: (row: CampaignRow) => Status,
  extra: (client: import("pg").PoolClient, row: CampaignRow) => Promise<void> = async () => undefined,
): Promise<CampaignRow> {
  return withTransaction(async (client) => {
    const row = await readCampaign(client, workspaceId, campaignId, true);
    if (!allowed.includes(row.status)) throw conflict(row, action);
    const next = to(row);
    await client.query(
      `UPDATE campaign SET status = $3::"CampaignStatus", updated_at = now(),
              approved_at = CASE WHEN $3 = 'approved' THEN now() ELSE approved_at END,
              approved_by = CASE WHEN $3 = 'approved' THEN $4 ELSE approved_by END
        WHERE id = $1 AND workspace_id = $2`,
      [campaignId, workspaceId, next, actor.userId],
    );
    await extra(client, row);
    await audit(client, { workspaceId, actorUserId: actor.userId, actorApiKey: actor.apiKeyId ?? null, action: `campaign.${action}`, targetType: "campaign", targetId: String(campaignId), metadata: { from: row.status, to: next } });
    return readCampaign(client, workspaceId, campaignId);
  });
}

/** An admin's sign-off; a workspace that requires it refuses a marketer's launch without it. */
export function approveCampaign(workspaceId: number, actor: CampaignActor, campaignId: number): Promise<CampaignRow> {
  if (!can(actor.role, "campaigns.approve")) throw new AppError("FORBIDDEN", "Only an admin can approve a campaign.");
  return transition(workspaceId, actor, campaignId, "approve", ["draft"], () => "approved");
}

/** Stops sending: workers leave this campaign's messages queued (a claim needs an active campaign). */
export function pauseCampaign(workspaceId: number, actor: CampaignActor, campaignId: number): Promise<CampaignRow> {
  return transition(workspaceId, actor, campaignId, "pause", ["active", "scheduled"], () => "paused");
}

/**
 * Sends the rest. A paused campaign's jobs ended without sending, so every
 * message still queued is queued again; a message already sent is never
 * queued again (its row is no longer queued).
 */
export async function resumeCampaign(workspaceId: number, actor: CampaignActor, campaignId: number): Promise<CampaignRow> {
  const row = await transition(workspaceId, actor, campaignId, "resume", ["paused"], () => "active", async (client) => {
    await client.query(`UPDATE message SET enqueued_at = NULL WHERE workspace_id = $1 AND campaign_id = $2 AND status IN ('queued', 'sending')`, [workspaceId, campaignId]);
  });
  await queueMessages(workspaceId, { campaignId });
  return row;
}

/** Ends a campaign for good: what was still waiting is skipped with the reason "archived". */
export function archiveCampaign(workspaceId: number, actor: CampaignActor, campaignId: number): Promise<CampaignRow> {
  return transition(workspaceId, actor, campaignId, "archive", ["draft", "approved", "paused", "completed", "scheduled", "active"], () => "archived", async (client) => {
    await client.query(
      `UPDATE message SET status = 'skipped', reason = 'archived', lease_until = NULL, updated_at = now()
        WHERE workspace_id = $1 AND campaign_id = $2 AND status = 'queued'`,
      [workspaceId, campaignId],
    );
  });
}
