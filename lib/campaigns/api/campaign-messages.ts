import { pool } from "../../db/pool.ts";
import { AppError } from "../../errors.ts";
import type { MessageEventView, MessagePage, MessageView } from "../campaign-views.ts";
import { getMessage, listCampaignMessages, type MessageListOptions } from "../list-messages.ts";

async function assertCampaignExists(workspaceId: number, campaignId: number): Promise<void> {
  const { rowCount } = await pool.query(`SELECT 1 FROM campaign WHERE id = $1 AND workspace_id = $2`, [campaignId, workspaceId]);
  if (!rowCount) throw new AppError("NOT_FOUND", "No such campaign");
}

/** A campaign's message log; a campaign that does not exist (or is another workspace's) is not found, never an empty log. */
export async function listMessagesOfCampaign(workspaceId: number, campaignId: number, options: MessageListOptions): Promise<MessagePage> {
  await assertCampaignExists(workspaceId, campaignId);
  return listCampaignMessages(workspaceId, campaignId, options);
}

/** One message of one campaign: a message of another campaign is not found under this one. */
export async function getMessageOfCampaign(workspaceId: number, campaignId: number, messageId: string): Promise<MessageView & { events: MessageEventView[] }> {
  const message = await getMessage(workspaceId, messageId);
  if (message.campaignId !== campaignId) throw new AppError("NOT_FOUND", "No such message");
  return message;
}
