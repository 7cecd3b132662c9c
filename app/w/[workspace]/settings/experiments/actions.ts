"use server";

import { revalidatePath } from "next/cache";
import { requestGlobalControlChange } from "@/lib/campaigns/experiments/global-control-change";
import { globalControlInputSchema } from "@/lib/campaigns/experiments/save-global-control";
import { workspaceAction } from "@/lib/next/workspace-action";

export const saveGlobalControlAction = workspaceAction("settings.manage", globalControlInputSchema, async (input, access) => {
  const requested = await requestGlobalControlChange(access.workspace.id, access.userId, input);
  revalidatePath(`/w/${access.workspace.slug}/settings/experiments`);
  return requested;
});
