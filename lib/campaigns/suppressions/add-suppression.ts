import { audit } from "../../audit.ts";
import { requirePermission } from "../../auth/require-permission.ts";
import type { ChannelKind } from "../../channels/channel.ts";
import type { SuppressionReason } from "../../db/generated/enums.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { formatDate } from "../../format.ts";
import { CHANNEL_KIND_NAMES } from "../policy/channel-kind-names.ts";
import { parseSuppressionAddress } from "./suppression-address.ts";
import { SUPPRESSION_REASON_LABELS } from "./suppression-labels.ts";
import { addSuppressionInputSchema, type AddSuppressionInput } from "./suppression.schema.ts";

export interface AddedSuppression {
  channel: ChannelKind;
  /** As stored: what the list shows and campaigns match. */
  address: string;
}

/**
 * Puts one address on the workspace's suppression list for a channel (admins
 * only), reason "manual". The address is checked and normalised the way
 * campaigns match it (email lower-cased, phone numbers as + and digits), so
 * "Ada@Example.com " suppresses the customer whose email is ada@example.com.
 * An address already on the list is refused with its reason, and kept as it is.
 */
export async function addSuppression(workspaceId: number, actorUserId: string, rawInput: AddSuppressionInput): Promise<AddedSuppression> {
  const input = addSuppressionInputSchema.parse(rawInput);
  const parsed = parseSuppressionAddress(input.channel, input.address);
  if (!parsed.ok) throw new AppError("VALIDATION", parsed.message, [{ path: "address", message: parsed.message }]);
  const { address } = parsed;
  return withTransaction(async (client) => {
    await requirePermission(workspaceId, actorUserId, "settings.manage", "Only admins can change the suppression list.", client);
    const inserted = await client.query(
      `INSERT INTO suppression (workspace_id, channel, address, reason, note, created_by)
       VALUES ($1::int4, $2::text::"ChannelKind", $3::text, 'manual', $4::text, $5::text)
       ON CONFLICT (workspace_id, channel, address) DO NOTHING`,
      [workspaceId, input.channel, address, input.note, actorUserId],
    );
    if (inserted.rowCount === 0) {
      const existing = await client.query<{ reason: SuppressionReason; created_at: Date }>(
        `SELECT reason::text AS reason, created_at FROM suppression WHERE workspace_id = $1::int4 AND channel = $2::text::"ChannelKind" AND address = $3::text`,
        [workspaceId, input.channel, address],
      );
      const row = existing.rows[0];
      const since = row ? ` (${SUPPRESSION_REASON_LABELS[row.reason].toLowerCase()}, since ${formatDate(row.created_at)})` : "";
      const message = `${address} is already on the ${CHANNEL_KIND_NAMES[input.channel]} suppression list${since}.`;
      throw new AppError("CONFLICT", message, [{ path: "address", message }]);
    }
    await audit(client, { workspaceId, actorUserId, action: "suppression.add", targetType: "suppression", targetId: `${input.channel}:${address}`, metadata: { channel: input.channel, address, note: input.note } });
    return { channel: input.channel, address };
  });
}
