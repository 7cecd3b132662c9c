import { templateContentSchema, type TemplateContent } from "../templates/template-content.ts";
import { templateUsesRecommendations } from "../templates/template-uses-recommendations.ts";

/**
 * A campaign's (or a variant's) stored template as the sender renders it:
 * checked against the schema, and scanned for `recommendations`, once per
 * campaign version (cachedCampaign) rather than once per message.
 */
export type SendTemplate = { valid: true; content: TemplateContent; usesRecommendations: boolean } | { valid: false };

export function prepareSendTemplate(stored: unknown): SendTemplate {
  const parsed = templateContentSchema.safeParse(stored);
  if (!parsed.success) return { valid: false };
  return { valid: true, content: parsed.data, usesRecommendations: templateUsesRecommendations(parsed.data) };
}
