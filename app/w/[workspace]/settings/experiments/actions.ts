"use server";

import { revalidatePath } from "next/cache";
import { globalControlInputSchema, saveGlobalControl } from "@/lib/campaigns/experiments/save-global-control";
import { workspaceAction } from "@/lib/next/workspace-action";

export const saveGlobalControlAction = workspaceAction("settings.manage", globalControlInputSchema, async (input, access) => {
  const saved = await saveGlobalControl(access.workspace.id, access.userId, input);
  revalidatePath(`/w/${access.workspace.slug}/settings/experiments`);
  return saved;
});
