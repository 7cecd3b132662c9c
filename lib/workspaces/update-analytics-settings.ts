import { audit } from "../audit.ts";
import { db, Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { AnalyticsSettingsInput } from "./analytics-settings-input.schema.ts";

/**
 * Replaces the workspace's analytics and RFM settings (schedule, CLV model,
 * churn bands, the RFM segment map). Other settings keys are kept. The next
 * run uses them; stored results change only when a run publishes.
 */
export async function updateAnalyticsSettings(workspaceId: number, actorUserId: string, input: AnalyticsSettingsInput): Promise<void> {
  await db.$transaction(async (tx) => {
    // Row lock so two admins saving at once cannot drop each other's other keys.
    const rows = await tx.$queryRaw<{ settings: Prisma.JsonValue }[]>`SELECT settings FROM workspace WHERE id = ${workspaceId} FOR UPDATE`;
    const current = rows[0];
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found");
    const base = current.settings && typeof current.settings === "object" && !Array.isArray(current.settings) ? current.settings : {};
    const next = { ...base, analytics: input.analytics, rfm: input.rfm } as Prisma.InputJsonObject;
    await tx.workspace.update({ where: { id: workspaceId }, data: { settings: next } });
    await audit({ workspaceId, actorUserId, action: "settings.analytics.update", targetType: "workspace", targetId: String(workspaceId), metadata: next }, tx);
  });
}
