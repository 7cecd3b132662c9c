import { NextRequest } from "next/server";
import { pool } from "../../lib/db/pool.ts";
import type { EvalMetrics } from "../../lib/segments/evaluate-segment.ts";
import { blankCustomer, insertDataset } from "../../lib/segments/testing/segment-test-data.ts";

/** Calls a route handler the way Next.js does: a request and a params promise. */
export type Handler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

export async function call<P>(handler: Handler<P>, path: string, params: P, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const req = new NextRequest(`http://valueloop.test${path}`, {
    method: init.method ?? "GET",
    body: init.body,
    // The browser sends its own origin on every change; the wrapper refuses one without (CSRF).
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...((init.method ?? "GET") !== "GET" ? { origin: "http://valueloop.test" } : {}), ...init.headers },
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

const DAY = 86_400_000;

function metrics(overrides: Partial<EvalMetrics>): EvalMetrics {
  return {
    firstOrderAt: null,
    lastOrderAt: null,
    orderCount: 0,
    revenue: 0,
    averageOrderValue: null,
    recencyDays: null,
    rScore: null,
    fScore: null,
    mScore: null,
    rfmSegment: null,
    pAlive: null,
    expectedPurchases90d: null,
    expectedPurchases365d: null,
    predictedClv12m: null,
    churnRiskBand: null,
    purchaseProbability7d: null,
    purchaseProbability14d: null,
    purchaseProbability30d: null,
    nextPurchaseDueOn: null,
    ...overrides,
  };
}

/**
 * Six customers a marketer can reason about:
 *   ana   FR  Champions  spent 500, ordered 10 days ago
 *   ben   FR  At risk    spent 50,  ordered 400 days ago
 *   carl  DE  Loyal      spent 800, ordered 30 days ago
 *   dora  US  Lost       spent 20,  ordered 700 days ago
 *   emil  DE  (no metrics, never ordered)
 *   fay   FR  Need attention  spent 300, ordered 100 days ago
 */
export async function seedShop(workspaceId: number) {
  const now = Date.now();
  const order = (daysAgo: number, total: string) => ({ placedAt: new Date(now - daysAgo * DAY), total, items: [] });
  const data = await insertDataset(workspaceId, {
    products: [],
    customers: [
      blankCustomer({ externalId: "ana", email: "ana@example.test", firstName: "Ana", country: "FR", acquisitionChannel: "email" }, { metrics: metrics({ revenue: 500, orderCount: 1, rfmSegment: "Champions" }), orders: [order(10, "500")] }),
      blankCustomer({ externalId: "ben", email: "ben@example.test", firstName: "Ben", country: "FR", acquisitionChannel: "ads" }, { metrics: metrics({ revenue: 50, orderCount: 1, rfmSegment: "At risk" }), orders: [order(400, "50")] }),
      blankCustomer({ externalId: "carl", email: "carl@example.test", firstName: "Carl", country: "DE", acquisitionChannel: "ads" }, { metrics: metrics({ revenue: 800, orderCount: 1, rfmSegment: "Loyal" }), orders: [order(30, "800")] }),
      blankCustomer({ externalId: "dora", email: "dora@example.test", firstName: "Dora", country: "US" }, { metrics: metrics({ revenue: 20, orderCount: 1, rfmSegment: "Lost" }), orders: [order(700, "20")] }),
      blankCustomer({ externalId: "emil", email: "emil@example.test", firstName: "Emil", country: "DE" }),
      blankCustomer({ externalId: "fay", email: "fay@example.test", firstName: "Fay", country: "FR", acquisitionChannel: "email" }, { metrics: metrics({ revenue: 300, orderCount: 1, rfmSegment: "Need attention" }), orders: [order(100, "300")] }),
    ],
  });
  const idOf = Object.fromEntries(data.records.map((r) => [r.customer.externalId, r.customer.id])) as Record<string, string>;
  return { idOf };
}

/** What a user could see change: the workspace's segments, memberships and audit trail. */
export async function workspaceSnapshot(workspaceId: number): Promise<string> {
  const res = await pool.query<{ snap: unknown }>(
    `SELECT json_build_object(
       'segments', (SELECT COALESCE(json_agg(s ORDER BY s.id), '[]') FROM segment s WHERE s.workspace_id = $1),
       'members', (SELECT count(*) FROM segment_membership WHERE workspace_id = $1),
       'audit', (SELECT count(*) FROM audit_log WHERE workspace_id = $1),
       'customers', (SELECT count(*) FROM customer WHERE workspace_id = $1)) AS snap`,
    [workspaceId],
  );
  return JSON.stringify(res.rows[0]!.snap);
}

/**
 * The nested definition the API tests build: (FR or DE) and ((spent ≥ 300 and
 * Champions/Loyal) or not (ordered in the last year)). On seedShop: ana and
 * carl are valuable, ben and emil lapsed; dora is in the US and fay is
 * neither valuable (Need attention) nor lapsed.
 */
export const NESTED_DEFINITION = {
  version: 1,
  root: {
    id: "root",
    type: "group",
    combinator: "and",
    children: [
      { id: "country", type: "attribute", field: "country", match: { op: "in", values: ["FR", "DE"] } },
      {
        id: "value-or-lapsed",
        type: "group",
        combinator: "or",
        children: [
          {
            id: "valuable",
            type: "group",
            combinator: "and",
            children: [
              { id: "spend", type: "metric", metric: "revenue", match: { op: "gte", value: 300 } },
              { id: "rfm", type: "metric", metric: "rfmSegment", match: { op: "in", values: ["Champions", "Loyal"] } },
            ],
          },
          {
            id: "lapsed",
            type: "group",
            combinator: "and",
            negate: true,
            children: [{ id: "recent-order", type: "orders", measure: "count", window: { kind: "lastDays", days: 365 }, match: { op: "gte", value: 1 } }],
          },
        ],
      },
    ],
  },
} as const;
