"use server";

import { revalidatePath } from "next/cache";
import { contactPolicyInputSchema } from "@/lib/campaigns/policy/contact-policy-input.schema";
import { saveContactPolicy } from "@/lib/campaigns/policy/save-contact-policy";
import { workspaceAction } from "@/lib/next/workspace-action";

export const saveContactPolicyAction = workspaceAction("settings.manage", contactPolicyInputSchema, async (input, access) => {
  const saved = await saveContactPolicy(access.workspace.id, access.userId, input);
  revalidatePath(`/w/${access.workspace.slug}/settings/contact-policy`);
  return { changed: saved.changed };
});
