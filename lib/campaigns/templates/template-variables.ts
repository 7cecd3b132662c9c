import { closest } from "./closest-name.ts";

/**
 * Every variable a template may use, in one place: the editor lists them with
 * their descriptions, validation refuses anything else, docs/templates.md
 * shows the same table, and the examples make the sample customer that JSON
 * payloads are checked against. Names are snake_case, as Liquid templates
 * elsewhere write them; `template-context.ts` maps the columns to them.
 */
/** "list": a list of objects a template loops over ({% for r in recommendations %}). */
export type VariableKind = "text" | "number" | "date" | "link" | "attributes" | "list";

export interface TemplateVariable {
  /** The dotted path a template writes, e.g. "customer.first_name". */
  path: string;
  kind: VariableKind;
  description: string;
  /** What the sample customer has here (also shown in the editor). */
  example: string | number | Record<string, unknown> | Record<string, unknown>[] | null;
  /** Empty for some customers: null renders as nothing; give a fallback with `| default:`. */
  nullable: boolean;
}

const v = (path: string, kind: VariableKind, description: string, example: TemplateVariable["example"], nullable = true): TemplateVariable => ({
  path,
  kind,
  description,
  example,
  nullable,
});

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  v("customer.external_id", "text", "The customer's id in your own systems.", "C-1042", false),
  v("customer.email", "text", "Email address.", "ada@example.com"),
  v("customer.phone", "text", "Phone number, as imported.", "+447700900123"),
  v("customer.first_name", "text", "First name.", "Ada"),
  v("customer.last_name", "text", "Last name.", "Lovelace"),
  v("customer.country", "text", "Two-letter country code (ISO 3166-1).", "GB"),
  v("customer.city", "text", "City.", "London"),
  v("customer.timezone", "text", "IANA time zone, e.g. Europe/London; usable as the date filter's second argument.", "Europe/London"),
  v("customer.signed_up_at", "date", "When the customer signed up (ISO 8601, UTC); format it with | date.", "2024-03-05T09:30:00.000Z"),
  v(
    "customer.attributes",
    "attributes",
    "Your own fields, imported as attributes: customer.attributes.<key>. A customer without the key fails to render unless the output starts with | default: \"…\".",
    { tier: "gold" },
    false,
  ),
  v("metrics.rfm_segment", "text", "Named RFM segment (Champions, Loyal, At risk, ...).", "Champions"),
  v("metrics.recency_score", "number", "RFM recency score R, 1–5 (5 = ordered most recently).", 5),
  v("metrics.frequency_score", "number", "RFM frequency score F, 1–5.", 4),
  v("metrics.monetary_score", "number", "RFM monetary score M, 1–5.", 5),
  v("metrics.recency_days", "number", "Days since the last order.", 12),
  v("metrics.order_count", "number", "Orders placed (lifetime).", 7),
  v("metrics.revenue", "number", "Total spend (lifetime), in the workspace currency.", 842.5),
  v("metrics.average_order_value", "number", "Average order value, in the workspace currency.", 120.36),
  v("metrics.first_order_at", "date", "First order (ISO 8601, UTC).", "2024-03-09T14:02:00.000Z"),
  v("metrics.last_order_at", "date", "Most recent order (ISO 8601, UTC).", "2026-01-03T18:45:00.000Z"),
  v("metrics.predicted_clv_12m", "number", "Predicted customer lifetime value over the next 12 months, in the workspace currency.", 310.2),
  v("metrics.p_alive", "number", "Probability the customer is still active (0–1).", 0.93),
  v("metrics.expected_purchases_90d", "number", "Expected purchases in the next 90 days.", 1.4),
  v("metrics.expected_purchases_365d", "number", "Expected purchases in the next 365 days.", 4.8),
  v("metrics.churn_risk_band", "text", "Churn risk band: low, medium or high.", "low"),
  v("links.unsubscribe", "link", "One-click unsubscribe link for this customer.", "https://valueloop.example/u/sample", false),
  v("links.preferences", "link", "Link to this customer's message preferences.", "https://valueloop.example/p/sample", false),
  v("links.view_in_browser", "link", "This message as a web page.", "https://valueloop.example/m/sample", false),
  v(
    "recommendations",
    "list",
    "The customer's next-best products, best first (up to 5), each with name, product_id, category, price and reason: {% for r in recommendations %}{{ r.name }}{% endfor %}. Empty before the first recommendations build.",
    [
      { name: "Trail Jacket", product_id: "SKU-1042", category: "Apparel > Jackets", price: 129, reason: "Bought with Trail Tent in 23% of its orders" },
      { name: "Wool Socks", product_id: "SKU-2001", category: "Apparel > Socks", price: 14.5, reason: "Bought again by 41% of its buyers" },
    ],
    false,
  ),
  v("campaign.name", "text", "The campaign's name.", "Spring win-back", false),
  v("workspace.name", "text", "Your workspace's name.", "Acme Store", false),
  v("workspace.currency", "text", "The workspace currency (ISO 4217), e.g. for | append.", "USD", false),
];

const BY_PATH = new Map(TEMPLATE_VARIABLES.map((variable) => [variable.path, variable]));

/** Paths under which any key is allowed (free-form JSON). */
const OPEN_PATHS = new Set(TEMPLATE_VARIABLES.filter((variable) => variable.kind === "attributes").map((variable) => variable.path));

/** Every object a template may name on its own ("customer", "metrics", ...), e.g. for `{{ customer | json }}`. */
const GROUPS = new Set(TEMPLATE_VARIABLES.flatMap((variable) => variable.path.split(".").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("."))));

/** Names Liquid itself provides inside loops. */
const LIQUID_NAMES = new Set(["forloop", "tablerowloop"]);

/** Properties Liquid gives every string and list, allowed after a variable. */
const TRAILING_PROPERTIES = new Set(["size", "first", "last"]);

/** A path segment from static analysis: a name, an index, or an inner variable (`a[b]`) whose value is only known at render. */
export type PathSegment = string | number | { dynamic: string };

export type VariableCheck = { known: true } | { known: false; shown: string; suggestion: string | null };

function describe(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "object") out += `[${segment.dynamic}]`;
    else if (/^[A-Za-z_][\w-]*\??$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Whether a variable a template uses is one the catalog has. Allowed: a
 * catalog path, a group (`customer`), anything below an open path
 * (`customer.attributes.tier`, `customer.attributes[key]`), and `size`,
 * `first` or `last` after a catalog path.
 */
export function checkVariable(segments: readonly PathSegment[]): VariableCheck {
  const head = segments[0];
  if (typeof head === "string" && LIQUID_NAMES.has(head)) return { known: true };
  let path = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (typeof segment !== "string") break;
    path = path ? `${path}.${segment}` : segment;
    if (OPEN_PATHS.has(path)) return { known: true };
    if (BY_PATH.has(path)) {
      const rest = segments.slice(i + 1);
      if (rest.length === 0 || (rest.length === 1 && typeof rest[0] === "string" && TRAILING_PROPERTIES.has(rest[0]))) return { known: true };
      break;
    }
    if (i === segments.length - 1 && GROUPS.has(path)) return { known: true };
  }
  const shown = describe(segments);
  return { known: false, shown, suggestion: suggestVariable(shown) };
}

function suggestVariable(shown: string): string | null {
  const paths = TEMPLATE_VARIABLES.map((variable) => (variable.kind === "attributes" ? `${variable.path}.` : variable.path));
  // "first_name" alone: the catalog path that ends with it.
  const byLastPart = paths.find((path) => path.endsWith(`.${shown}`));
  if (byLastPart) return byLastPart;
  // "links.unsub": a catalog path it begins.
  const byPrefix = shown.includes(".") ? paths.find((path) => path.startsWith(shown)) : undefined;
  if (byPrefix) return byPrefix;
  return closest(shown, [...paths, ...GROUPS]);
}

/** The sample customer, built from the catalog's examples: what payloads are checked against and what the editor shows before a customer is chosen. */
export function sampleTemplateValues(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const variable of TEMPLATE_VARIABLES) {
    const parts = variable.path.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = variable.example;
  }
  return root;
}
