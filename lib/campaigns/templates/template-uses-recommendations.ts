import { templateFields, type TemplateContent } from "./template-content.ts";

/**
 * Whether a template may read `recommendations`: the word appears in one of
 * its Liquid sources. Recommendations cost a lookup per send batch (each
 * customer's purchases against the model), which most templates never use;
 * a template that does names the variable, since Liquid has no other way to
 * reach a top-level value than by its name. The check errs towards loading
 * (the word in plain text, a comment, or `customer.attributes.recommendations`
 * also count), never towards an empty list where the template loops over it.
 */
export function templateUsesRecommendations(content: TemplateContent): boolean {
  return templateFields(content).some(({ source }) => /\brecommendations\b/.test(source));
}
