import { resolveWebhookTarget, WebhookTargetRefusedError, checkWebhookScheme, WEBHOOK_WORDING, type TargetWording, type WebhookNetworkPolicy } from "./webhook-target.ts";

/**
 * Why a webhook URL cannot be saved, or null when it can: the rules sending
 * applies (https, public addresses), checked against the host's addresses
 * now, so the admin learns at once rather than at the first campaign. Every
 * send checks again, since DNS may answer differently later. With private
 * networks allowed only the scheme is checked, and the host need not
 * resolve yet. SMS and push provider URLs are checked the same way.
 */
export async function webhookUrlProblem(rawUrl: string, policy: WebhookNetworkPolicy, wording: TargetWording = WEBHOOK_WORDING): Promise<string | null> {
  try {
    if (policy.allowPrivateNetworks) checkWebhookScheme(rawUrl, policy, wording);
    else await resolveWebhookTarget(rawUrl, policy, wording);
    return null;
  } catch (err) {
    if (err instanceof WebhookTargetRefusedError) return err.message;
    const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : null;
    const host = URL.canParse(rawUrl) ? new URL(rawUrl).hostname : rawUrl;
    return `Could not look up ${host}${code ? ` (${code})` : ""}: check the host name.`;
  }
}
