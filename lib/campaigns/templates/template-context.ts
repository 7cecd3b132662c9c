import type pg from "pg";
import { recommendationsForCustomers } from "../../recommendations/customer-recommendations.ts";

/**
 * What a template sees for one customer, named as template-variables.ts lists
 * it. Dates are ISO 8601 strings in UTC (the date filter formats them, and
 * `| json` keeps them as they are); money and scores are numbers, so
 * `| round: 2` and comparisons work. A value the customer does not have is
 * null and renders as nothing; a customer without a customer_metrics row (no
 * analytics run has scored them yet) has every metric null, including
 * order_count, so `{{ metrics.order_count | default: 0 }}` is how to say 0.
 */
export interface TemplateContext {
  customer: {
    external_id: string;
    email: string | null;
    phone: string | null;
    first_name: string | null;
    last_name: string | null;
    country: string | null;
    city: string | null;
    timezone: string | null;
    signed_up_at: string | null;
    attributes: Record<string, unknown>;
  };
  metrics: {
    rfm_segment: string | null;
    recency_score: number | null;
    frequency_score: number | null;
    monetary_score: number | null;
    recency_days: number | null;
    order_count: number | null;
    revenue: number | null;
    average_order_value: number | null;
    first_order_at: string | null;
    last_order_at: string | null;
    predicted_clv_12m: number | null;
    p_alive: number | null;
    expected_purchases_90d: number | null;
    expected_purchases_365d: number | null;
    churn_risk_band: string | null;
  };
  /** Made by the caller for each message (signed tracking links at send, placeholders in preview). */
  links: { unsubscribe: string; preferences: string; view_in_browser: string };
  campaign: { name: string };
  workspace: { name: string; currency: string };
  /** The customer's next-best products (lib/recommendations), best first; empty before the first build. */
  recommendations: TemplateRecommendation[];
}

/** How many recommended products a template sees. */
export const TEMPLATE_RECOMMENDATIONS = 5;

export interface TemplateRecommendation {
  name: string;
  product_id: string;
  category: string | null;
  price: number | null;
  reason: string;
}

/** The part of a context that comes from the database; the caller adds links and campaign. */
export type CustomerTemplateContext = Omit<TemplateContext, "links" | "campaign">;

interface ContextRow {
  id: string;
  external_id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  country: string | null;
  city: string | null;
  timezone: string | null;
  signed_up_at: Date | null;
  attributes: unknown;
  rfm_segment: string | null;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  recency_days: number | null;
  order_count: number | null;
  revenue: number | null;
  average_order_value: number | null;
  first_order_at: Date | null;
  last_order_at: Date | null;
  predicted_clv_12m: number | null;
  p_alive: number | null;
  expected_purchases_90d: number | null;
  expected_purchases_365d: number | null;
  churn_risk_band: string | null;
  workspace_name: string;
  currency: string;
}

/*
 * One statement for a batch. The ids are walked with unnest and each customer
 * read through its key (LATERAL … OFFSET 0, see docs/house-style.md "SQL"):
 * for a batch of thousands the planner would otherwise scan the workspace.
 * Decimal columns are read as float8 so money arrives as numbers.
 */
const CONTEXT_SQL = `
SELECT c.id::text AS id, c.external_id, c.email, c.phone, c.first_name, c.last_name, c.country, c.city, c.timezone,
       c.signed_up_at, c.attributes,
       m.rfm_segment, m.r_score::int4 AS r_score, m.f_score::int4 AS f_score, m.m_score::int4 AS m_score, m.recency_days,
       m.order_count, m.revenue::float8 AS revenue, m.average_order_value::float8 AS average_order_value,
       m.first_order_at, m.last_order_at, m.predicted_clv_12m, m.p_alive, m.expected_purchases_90d, m.expected_purchases_365d,
       m.churn_risk_band,
       w.name AS workspace_name, w.currency::text AS currency
FROM unnest($2::bigint[]) AS ids(id)
CROSS JOIN LATERAL (
  SELECT id, workspace_id, external_id, email, phone, first_name, last_name, country, city, timezone, signed_up_at, attributes
  FROM customer
  WHERE workspace_id = $1::int4 AND id = ids.id
  OFFSET 0
) c
JOIN workspace w ON w.id = c.workspace_id
LEFT JOIN customer_metrics m ON m.customer_id = c.id AND m.workspace_id = c.workspace_id`;

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

function attributesOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toContext(row: ContextRow): CustomerTemplateContext {
  return {
    customer: {
      external_id: row.external_id,
      email: row.email,
      phone: row.phone,
      first_name: row.first_name,
      last_name: row.last_name,
      country: row.country,
      city: row.city,
      timezone: row.timezone,
      signed_up_at: iso(row.signed_up_at),
      attributes: attributesOf(row.attributes),
    },
    metrics: {
      rfm_segment: row.rfm_segment,
      recency_score: row.r_score,
      frequency_score: row.f_score,
      monetary_score: row.m_score,
      recency_days: row.recency_days,
      order_count: row.order_count,
      revenue: row.revenue,
      average_order_value: row.average_order_value,
      first_order_at: iso(row.first_order_at),
      last_order_at: iso(row.last_order_at),
      predicted_clv_12m: row.predicted_clv_12m,
      p_alive: row.p_alive,
      expected_purchases_90d: row.expected_purchases_90d,
      expected_purchases_365d: row.expected_purchases_365d,
      churn_risk_band: row.churn_risk_band,
    },
    workspace: { name: row.workspace_name, currency: row.currency },
    recommendations: [],
  };
}

/**
 * The template contexts of a batch of customers of one workspace, keyed by
 * customer id (decimal text). Ids of other workspaces, or of no customer,
 * are simply absent from the map. `recommendations: false` (the template
 * never names them, templateUsesRecommendations) leaves the list empty and
 * skips the lookup; left out, they are loaded.
 */
export async function loadTemplateContexts(
  client: Pick<pg.PoolClient, "query">,
  workspaceId: number,
  customerIds: readonly bigint[] | readonly string[],
  options: { recommendations?: boolean } = {},
): Promise<Map<string, CustomerTemplateContext>> {
  const contexts = new Map<string, CustomerTemplateContext>();
  if (customerIds.length === 0) return contexts;
  const ids = [...new Set(customerIds.map(String))];
  const res = await client.query<ContextRow>(CONTEXT_SQL, [workspaceId, ids]);
  for (const row of res.rows) contexts.set(row.id, toContext(row));
  if (options.recommendations === false || contexts.size === 0) return contexts;
  // One more statement for the batch: the customers' own order lines and the kept neighbour rows (no order scan).
  const recommendations = await recommendationsForCustomers(client, workspaceId, [...contexts.keys()].map(BigInt), { limit: TEMPLATE_RECOMMENDATIONS, categories: false });
  for (const [id, context] of contexts) {
    context.recommendations = (recommendations.get(id)?.products ?? []).map((p) => ({
      name: p.name,
      product_id: p.productId,
      category: p.category,
      price: p.price === null ? null : Number(p.price),
      reason: p.reason.text,
    }));
  }
  return contexts;
}
