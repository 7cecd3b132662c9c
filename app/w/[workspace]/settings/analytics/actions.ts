"use server";

import { analyticsSettingsInputSchema } from "@/lib/workspaces/analytics-settings-input.schema";
import { updateAnalyticsSettings } from "@/lib/workspaces/update-analytics-settings";
import { workspaceAction } from "@/lib/next/workspace-action";

export const saveAnalyticsSettings = workspaceAction("settings.manage", analyticsSettingsInputSchema, async (input, access) => {
  await updateAnalyticsSettings(access.workspace.id, access.userId, input);
  return { saved: true };
});
