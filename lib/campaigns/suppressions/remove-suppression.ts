import { audit } from "../../audit.ts";
import { requirePermission } from "../../auth/require-permission.ts";
import type { ChannelKind } from "../../channels/channel.ts";
import type { SuppressionReason } from "../../db/generated/enums.ts";
import { withTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { CHANNEL_KIND_NAMES } from "../policy/channel-kind-names.ts";
import { REMOVAL_WARNINGS } from "./suppression-labels.ts";
import { removeSuppressionInputSchema, type RemoveSuppressionInput } from "./suppression.schema.ts";

export interface RemovedSuppression {
  channel: ChannelKind;
  address: string;
  reason: SuppressionReason;
}

/**
 * Takes one address off the suppression list (admins only): campaigns may
 * reach it again. A hard bounce or a spam complaint is removed only with
 * `confirmed`, after the page showed the warning for it; without, the
 * refusal carries that warning, so whoever asks learns why. Audited with what
 * was removed.
 */
export async function removeSuppression(workspaceId: number, actorUserId: string, rawInput: RemoveSuppressionInput): Promise<RemovedSuppression> {
  const input = removeSuppressionInputSchema.parse(rawInput);
  return withTransaction(async (client) => {
    await requirePermission(workspaceId, actorUserId, "settings.manage", "Only admins can change the suppression list.", client);
    const found = await client.query<{ reason: SuppressionReason; note: string | null; message_id: string | null; created_at: Date }>(
      `SELECT reason::text AS reason, note, message_id::text AS message_id, created_at FROM suppression
        WHERE workspace_id = $1::int4 AND channel = $2::text::"ChannelKind" AND address = $3::text FOR UPDATE`,
      [workspaceId, input.channel, input.address],
    );
    const row = found.rows[0];
    if (!row) throw new AppError("NOT_FOUND", `${input.address} is not on the ${CHANNEL_KIND_NAMES[input.channel]} suppression list (any more).`);
    const warning = REMOVAL_WARNINGS[row.reason];
    if (warning && !input.confirmed) throw new AppError("CONFLICT", warning, [{ path: "confirmed", message: warning }]);
    await client.query(`DELETE FROM suppression WHERE workspace_id = $1::int4 AND channel = $2::text::"ChannelKind" AND address = $3::text`, [
      workspaceId,
      input.channel,
      input.address,
    ]);
    await audit(client, {
      workspaceId,
      actorUserId,
      action: "suppression.remove",
      targetType: "suppression",
      targetId: `${input.channel}:${input.address}`,
      metadata: { channel: input.channel, address: input.address, reason: row.reason, note: row.note, messageId: row.message_id, suppressedAt: row.created_at.toISOString() },
    });
    return { channel: input.channel, address: input.address, reason: row.reason };
  });
}
