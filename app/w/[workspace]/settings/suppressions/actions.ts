"use server";

import { revalidatePath } from "next/cache";
import { addSuppression } from "@/lib/campaigns/suppressions/add-suppression";
import { removeSuppression } from "@/lib/campaigns/suppressions/remove-suppression";
import { addSuppressionInputSchema, removeSuppressionInputSchema } from "@/lib/campaigns/suppressions/suppression.schema";
import { workspaceAction } from "@/lib/next/workspace-action";

export const addSuppressionAction = workspaceAction("settings.manage", addSuppressionInputSchema, async (input, access) => {
  const added = await addSuppression(access.workspace.id, access.userId, input);
  revalidatePath(`/w/${access.workspace.slug}/settings/suppressions`);
  return added;
});

export const removeSuppressionAction = workspaceAction("settings.manage", removeSuppressionInputSchema, async (input, access) => {
  const removed = await removeSuppression(access.workspace.id, access.userId, input);
  revalidatePath(`/w/${access.workspace.slug}/settings/suppressions`);
  return removed;
});
