"use server";

import { revalidatePath } from "next/cache";
import { channelSettingsFormSchema } from "@/lib/channels/channel-settings.schema";
import { saveChannelSettingsForm } from "@/lib/channels/save-channel-settings-form";
import { sendTestMessage } from "@/lib/channels/send-test-message";
import { testMessageInputSchema } from "@/lib/channels/send-test-message.schema";
import { workspaceAction } from "@/lib/next/workspace-action";

export const saveChannelSettingsAction = workspaceAction("settings.manage", channelSettingsFormSchema, async (input, access) => {
  const saved = await saveChannelSettingsForm(access.workspace.id, access.userId, input);
  revalidatePath(`/w/${access.workspace.slug}/settings/channels`);
  // The view holds no secret; a generated signing secret is returned this once.
  return { newSigningSecret: saved.newSigningSecret };
});

export const sendTestMessageAction = workspaceAction("settings.manage", testMessageInputSchema, async (input, access) => {
  return sendTestMessage(access.workspace.id, access.userId, input);
});
