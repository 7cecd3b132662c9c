import { templateFields, type TemplateContent } from "./template-content.ts";

/**
 * Whether a template may read `recommendations`: the word appears in one of
 * its Liquid sources. Recommendations cost a lookup per send batch (each
 * customer's purchases against the model), which most templates never use;
 * a template that uses them names the variable. The check errs towards
 * loading (the word in plain text, a comment, or
 * `customer.attributes.recommendations` also count); only a name assembled
 * at render (`{{ [k] }}` with k built by `append`) escapes it, and sees an
 * empty list, as before the first build.
 */
export function templateUsesRecommendations(content: TemplateContent): boolean {
  return templateFields(content).some(({ source }) => /\brecommendations\b/.test(source));
}
