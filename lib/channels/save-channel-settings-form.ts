import type { ChannelSettingsForm } from "./channel-settings.schema.ts";
import { saveChannelSettings, type ChannelSettingsView } from "./settings.ts";
import { generateSigningSecret } from "./webhook/generate-signing-secret.ts";
import type { WebhookNetworkPolicy } from "./webhook/webhook-target.ts";

export interface SavedChannelSettingsForm {
  settings: ChannelSettingsView;
  /**
   * A secret the server generated for this save (the webhook's signing
   * secret, or the callback secret email, SMS and push reports are signed with):
   * the only time it is ever shown, so the admin can copy it to their
   * receiver or provider.
   */
  newSigningSecret: string | null;
}

/**
 * Saves what the settings page sent. A secret asked to be generated is
 * made here, on the server, and returned once; like any other secret it
 * is stored sealed and never shown again.
 */
export async function saveChannelSettingsForm(
  workspaceId: number,
  actorUserId: string,
  form: ChannelSettingsForm,
  options: { webhookNetwork?: WebhookNetworkPolicy } = {},
): Promise<SavedChannelSettingsForm> {
  if (form.channel === "webhook") {
    const { generateSigningSecret: generate, ...input } = form;
    const newSigningSecret = generate ? generateSigningSecret() : null;
    const settings = await saveChannelSettings(workspaceId, actorUserId, newSigningSecret ? { ...input, signingSecret: newSigningSecret } : input, options);
    return { settings, newSigningSecret };
  }
  const { generateCallbackSecret: generate, ...input } = form;
  const newSigningSecret = generate ? generateSigningSecret("rcsec_") : null;
  const settings = await saveChannelSettings(workspaceId, actorUserId, newSigningSecret ? { ...input, callbackSecret: newSigningSecret } : input, options);
  return { settings, newSigningSecret };
}
