import { CATEGORY_OFFERS_KEPT } from "../recommendations/category-offer-limit.ts";
import type { CompileState } from "./compile-state.ts";
import type { RecommendedCategoryCondition } from "./definition.schema.ts";

/**
 * `co` is the customer's row of customer_category_offer (LEFT JOINed on the
 * primary key when a rule needs it): their top recommended categories as of
 * the last recommendations build, rank 1 first. No row means no category
 * history at that build, and such a customer is offered the popular
 * categories, read from the same build's category_stat (one InitPlan per
 * query). One join instead of a semi-join plus an anti-join: the rule is a
 * CASE over the joined row, never NULL.
 */
export const CATEGORY_OFFER_JOIN = (workspaceParam: string) =>
  `LEFT JOIN customer_category_offer co ON co.customer_id = c.id AND co.workspace_id = ${workspaceParam}`;

function popularCategories(workspaceParam: string, n: string): string {
  return `ARRAY(SELECT s.category FROM category_stat s WHERE s.workspace_id = ${workspaceParam} ORDER BY s.popularity DESC, s.category LIMIT ${n})`;
}

/** The customer's offered categories in rank order (the kept ones, or the popular ones without a row), at most N. */
export function offeredCategoriesSql(state: CompileState, n: number): string {
  state.usesCategoryOffers = true;
  const top = state.params.add(n, "int4");
  return `COALESCE(co.categories[1:${top}], ${popularCategories(state.workspaceParam, top)})`;
}

export function recommendedCategorySql(state: CompileState, node: RecommendedCategoryCondition): string {
  const offered = offeredCategoriesSql(state, node.withinTop ?? 1);
  const test = `(${state.params.add(node.category, "text")} = ANY(${offered}))`;
  return node.op === "is" ? test : `(NOT ${test})`;
}

/** What the explanation shows: the customer's kept categories (all of them, rank order), joined with ", ". */
export function offeredCategoriesText(state: CompileState): string {
  return `array_to_string(${offeredCategoriesSql(state, CATEGORY_OFFERS_KEPT)}, ', ')`;
}
