import { renderTemplate } from "../templates/render-template.ts";
import { TemplateRenderError } from "../templates/template-issue.ts";
import { loadTemplateContexts, type CustomerTemplateContext } from "../templates/template-context.ts";
import { microBatch } from "../../db/micro-batch.ts";
import { pool } from "../../db/pool.ts";
import { pushContentFromPayload } from "../../channels/push/push-message.ts";
import { messageLinks } from "../tracking/sign-link.ts";
import { addTracking } from "../tracking/track-html.ts";
import type { ClaimedMessage } from "./claim-message.ts";
import type { CampaignForSend } from "./sender-caches.ts";

interface ContextRequest {
  workspaceId: number;
  customerId: string;
  /** The template names `recommendations` (SendTemplate.usesRecommendations); otherwise they are not looked up. */
  recommendations: boolean;
}

/**
 * The customers rendered at about the same moment are read in one query per workspace, and their recommendations
 * in one more for those whose template uses them.
 */
const contextBatched = microBatch<ContextRequest, CustomerTemplateContext | undefined>(async (items) => {
  const groups = new Map<string, { workspaceId: number; recommendations: boolean; ids: string[] }>();
  const keyOf = (item: ContextRequest) => `${item.workspaceId}:${item.recommendations}`;
  for (const item of items) {
    const group = groups.get(keyOf(item)) ?? { workspaceId: item.workspaceId, recommendations: item.recommendations, ids: [] };
    group.ids.push(item.customerId);
    groups.set(keyOf(item), group);
  }
  const loaded = new Map<string, Map<string, CustomerTemplateContext>>();
  for (const [key, group] of groups) {
    loaded.set(key, await loadTemplateContexts(pool, group.workspaceId, group.ids, { recommendations: group.recommendations }));
  }
  return items.map((item) => loaded.get(keyOf(item))?.get(item.customerId));
});

export type RenderOutcome = { ok: true; message: Record<string, unknown> } | { ok: false; error: string };

/**
 * The campaign's template rendered for one customer, in the shape the
 * channel sends (without `to` and the idempotency key, which the sender adds).
 * A failure is this customer's alone: it is returned, not thrown. The
 * view-in-browser page renders a sent email again through here.
 */
export async function renderForChannel(message: Pick<ClaimedMessage, "id" | "workspaceId" | "variantKey">, campaign: CampaignForSend, customerId: string): Promise<RenderOutcome> {
  // A variant with content of its own sends that; otherwise the campaign's template.
  const template = (message.variantKey ? campaign.variantTemplates[message.variantKey] : undefined) ?? campaign.template;
  if (!template.valid) return { ok: false, error: "The campaign's template is not valid." };
  const base = await contextBatched({ workspaceId: message.workspaceId, customerId, recommendations: template.usesRecommendations });
  if (!base) return { ok: false, error: "The customer no longer exists." };
  const links = messageLinks(message.id);
  try {
    const rendered = renderTemplate(template.content, {
      ...base,
      links: { unsubscribe: links.unsubscribe, preferences: links.preferences, view_in_browser: links.viewInBrowser },
      campaign: { name: campaign.name },
    });
    switch (rendered.channel) {
      case "email":
        return { ok: true, message: { subject: rendered.subject, html: addTracking(rendered.html, links), text: rendered.text, unsubscribeUrl: links.unsubscribe } };
      case "sms":
        return { ok: true, message: { text: rendered.text } };
      case "push": {
        // The payload's title, body and data make the notification (lib/channels/push/push-message.ts).
        const push = pushContentFromPayload(rendered.payload);
        return push.ok ? { ok: true, message: { ...push.content } } : { ok: false, error: push.error };
      }
      case "webhook":
        return { ok: true, message: { event: "campaign.message", data: rendered.payload } };
    }
  } catch (err) {
    if (err instanceof TemplateRenderError) return { ok: false, error: err.message };
    throw err;
  }
}
