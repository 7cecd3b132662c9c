import { audit, type AuditMetadata } from "../audit.ts";
import { withTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { AnalyticsSettingsInput } from "./analytics-settings-input.schema.ts";

/**
 * Replaces the workspace's analytics and RFM settings (schedule, CLV model,
 * churn bands, the RFM segment map). Other settings keys are kept. The next
 * run uses them; stored results change only when a run publishes.
 */
export async function updateAnalyticsSettings(workspaceId: number, actorUserId: string, input: AnalyticsSettingsInput): Promise<void> {
  await withTransaction(async (client) => {
    // Row lock so two admins saving at once cannot drop each other's other keys.
    const rows = await client.query<{ settings: unknown }>(`SELECT settings FROM workspace WHERE id = $1::int4 FOR UPDATE`, [workspaceId]);
    const current = rows.rows[0];
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found");
    const base = isJsonObject(current.settings) ? current.settings : {};
    const next: { [key: string]: AuditMetadata | undefined } = { ...base, analytics: input.analytics, rfm: input.rfm };
    await client.query(`UPDATE workspace SET settings = $1::jsonb, updated_at = now() WHERE id = $2::int4`, [JSON.stringify(next), workspaceId]);
    await audit(client, { workspaceId, actorUserId, action: "settings.analytics.update", targetType: "workspace", targetId: String(workspaceId), metadata: next });
  });
}

function isJsonObject(value: unknown): value is { [key: string]: AuditMetadata } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
