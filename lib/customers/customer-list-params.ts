import { z } from "zod";
import { INT8_MAX } from "../route-id.ts";
import { textProblem } from "../storable-text.ts";

/** The orders the customers list can be read in; each has an index that serves it as a keyset (docs/customers.md). */
export const CUSTOMER_SORTS = ["newest", "email", "orders", "revenue", "last_order", "clv", "p_alive"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const CUSTOMER_SORT_LABELS: Record<CustomerSort, string> = {
  newest: "Newest",
  email: "Email",
  orders: "Orders",
  revenue: "Revenue",
  last_order: "Last order",
  clv: "Predicted CLV",
  p_alive: "P(alive)",
};
export const SORT_DIRECTIONS = ["desc", "asc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const CHURN_BANDS = ["low", "medium", "high"] as const;
export type ChurnBand = (typeof CHURN_BANDS)[number];

/** What a sort reads by default: largest values first, except email (A to Z). */
export function defaultDirection(sort: CustomerSort): SortDirection {
  return sort === "email" ? "asc" : "desc";
}

export interface CustomerListFilters {
  /** Members of this segment (stored membership, as of its last refresh). */
  segmentId?: number;
  /** RFM segment name as of the last RFM run. */
  rfmSegment?: string;
  churnBand?: ChurnBand;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
}

export interface CustomerListParams {
  /** Search text as typed (first `q` when repeated). */
  query?: string;
  /** Keyset cursor; a malformed one is dropped, so the list starts from the first page. */
  after?: string;
  sort: CustomerSort;
  direction: SortDirection;
  filters: CustomerListFilters;
  /** Why the list cannot be read as asked, one per parameter (the page says so instead of listing). */
  problems: { path: string; message: string }[];
  /** Kept for callers that show one message: the first problem. */
  problem?: { path: string; message: string };
}

/** Longest search text: a search compares against email, names and external id, none of which is longer. */
export const MAX_CUSTOMER_QUERY_LENGTH = 500;
/** Longest RFM segment name the filter takes (the settings form allows 40). */
const MAX_RFM_NAME = 100;

type Raw = string | string[] | undefined;

function first(value: Raw): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A plain "newest first" cursor: digits within bigint (0 starts from the newest). */
export function isCustomerCursor(raw: string): boolean {
  return /^\d{1,19}$/.test(raw) && BigInt(raw) <= INT8_MAX;
}

/**
 * A keyset position in any sort: which part of the list ("v": customers with
 * a value for the sort, "m": those without one) and the last row's value and
 * id. Values travel as text (numbers and ISO times exactly as Postgres gave
 * them), so the next page compares against the same value, not a rounding.
 */
const cursorSchema = z.tuple([z.enum(["v", "m"]), z.string().max(400).nullable(), z.string().regex(/^\d{1,19}$/)]);
export type CustomerCursor = { part: "v" | "m"; value: string | null; id: bigint };

export function encodeCursor(c: CustomerCursor): string {
  return Buffer.from(JSON.stringify([c.part, c.value, c.id.toString()]), "utf8").toString("base64url");
}

/** The cursor of a sort, or null when the text is not one this list gave out. */
export function decodeCursor(sort: CustomerSort, raw: string): CustomerCursor | null {
  if (sort === "newest") return isCustomerCursor(raw) ? { part: "v", value: null, id: BigInt(raw) } : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const r = cursorSchema.safeParse(parsed);
  if (!r.success || BigInt(r.data[2]) > INT8_MAX) return null;
  const [part, value, id] = r.data;
  if (part === "v" && (value === null || textProblem(value) !== null || !valueFits(sort, value))) return null;
  return { part, value: part === "v" ? value : null, id: BigInt(id) };
}

function valueFits(sort: CustomerSort, value: string): boolean {
  switch (sort) {
    case "orders":
    case "revenue":
      return /^-?\d{1,19}$/.test(value);
    case "clv":
    case "p_alive":
      return Number.isFinite(Number(value)) && value.trim() !== "";
    case "last_order":
      return !Number.isNaN(Date.parse(value));
    default:
      return true;
  }
}

const filtersSchema = z.object({
  segment: z
    .string()
    .regex(/^\d{1,10}$/, { message: "must be a segment id (digits)" })
    .refine((s) => Number(s) >= 1 && Number(s) <= 2_147_483_647, { message: "must be a segment id" })
    .transform(Number)
    .optional(),
  rfm: z
    .string()
    .trim()
    .min(1, { message: "must name an RFM segment" })
    .max(MAX_RFM_NAME, { message: `must be at most ${MAX_RFM_NAME} characters` })
    .refine((s) => textProblem(s) === null, { message: "must be plain text" })
    .optional(),
  churn: z.enum(CHURN_BANDS, { message: "must be low, medium or high" }).optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, { message: "must be a two-letter country code (ISO 3166-1, e.g. DE)" })
    .transform((s) => s.toUpperCase())
    .optional(),
  sort: z.enum(CUSTOMER_SORTS, { message: `must be one of ${CUSTOMER_SORTS.join(", ")}` }).optional(),
  dir: z.enum(SORT_DIRECTIONS, { message: "must be asc or desc" }).optional(),
});

const FIELD_NAMES: Record<string, string> = {
  segment: "Segment",
  rfm: "RFM segment",
  churn: "Churn band",
  country: "Country",
  sort: "Sort",
  dir: "Sort direction",
};

export type RawCustomerListParams = Partial<Record<"q" | "after" | "segment" | "rfm" | "churn" | "country" | "sort" | "dir", Raw>>;

/**
 * The customers page's URL parameters as the URL gives them (a repeated
 * parameter arrives as an array; the first counts; an empty one is unset).
 * Each parameter that cannot be used is named in `problems`, in words the
 * page shows beside the filters. Text Postgres cannot compare (NUL) is
 * reported, not searched for.
 */
export function parseCustomerListParams(raw: RawCustomerListParams): CustomerListParams {
  const problems: { path: string; message: string }[] = [];
  const query = first(raw.q);
  const pick = (k: keyof RawCustomerListParams) => {
    const v = first(raw[k]);
    return v === undefined || v === "" ? undefined : v;
  };
  const parsed = filtersSchema.safeParse({
    segment: pick("segment"),
    rfm: pick("rfm"),
    churn: pick("churn"),
    country: pick("country"),
    sort: pick("sort"),
    dir: pick("dir"),
  });
  let filters: CustomerListFilters = {};
  let sort: CustomerSort = "newest";
  let direction: SortDirection = "desc";
  if (parsed.success) {
    const d = parsed.data;
    filters = { segmentId: d.segment, rfmSegment: d.rfm, churnBand: d.churn, country: d.country };
    sort = d.sort ?? "newest";
    direction = d.dir ?? defaultDirection(sort);
  } else {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      // One message per parameter: the first check it failed.
      if (!problems.some((p) => p.path === key)) problems.push({ path: key, message: `${FIELD_NAMES[key] ?? key} ${issue.message}.` });
    }
    // A well-formed segment id is kept beside the other parameters' problems, so the caller can still answer
    // another workspace's segment with a 404 (exactly like a missing one) whatever else is wrong.
    const segment = filtersSchema.shape.segment.safeParse(pick("segment"));
    if (segment.success && segment.data !== undefined && !problems.some((p) => p.path === "segment")) filters = { segmentId: segment.data };
  }
  if (query !== undefined) {
    const problem = textProblem(query) ?? (query.length > MAX_CUSTOMER_QUERY_LENGTH ? `must be at most ${MAX_CUSTOMER_QUERY_LENGTH} characters` : null);
    if (problem) problems.unshift({ path: "q", message: `The search text ${problem}.` });
  }
  const afterRaw = first(raw.after);
  const after = afterRaw && decodeCursor(sort, afterRaw) ? afterRaw : undefined;
  return { query, after, sort, direction, filters, problems, problem: problems[0] };
}

/** True when any filter or search narrows the list (the page then shows a bounded count, not the workspace total). */
export function isFiltered(p: Pick<CustomerListParams, "query" | "filters">): boolean {
  const f = p.filters;
  return Boolean(p.query?.trim()) || f.segmentId !== undefined || f.rfmSegment !== undefined || f.churnBand !== undefined || f.country !== undefined;
}

/** The list's URL parameters (filters, search, sort) without the cursor, for links that keep them. */
export function listSearchParams(p: Pick<CustomerListParams, "query" | "filters" | "sort" | "direction">): URLSearchParams {
  const s = new URLSearchParams();
  if (p.query) s.set("q", p.query);
  if (p.filters.segmentId !== undefined) s.set("segment", String(p.filters.segmentId));
  if (p.filters.rfmSegment !== undefined) s.set("rfm", p.filters.rfmSegment);
  if (p.filters.churnBand !== undefined) s.set("churn", p.filters.churnBand);
  if (p.filters.country !== undefined) s.set("country", p.filters.country);
  if (p.sort !== "newest") s.set("sort", p.sort);
  if (p.direction !== defaultDirection(p.sort)) s.set("dir", p.direction);
  return s;
}
