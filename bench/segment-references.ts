// The five reference segments of the count benchmark (BENCHMARKS.md,
// "Segments"), built from real values of the workspace so every rule can match
// someone. Shared by bench/segments.ts and bench/segment-plans.ts.
import type pg from "pg";

export interface ReferenceSegment {
  name: string;
  definition: object;
}

let n = 0;
export const nodeId = () => `n${++n}`;
export const group = (combinator: "and" | "or", children: object[], negate = false) => ({ id: nodeId(), type: "group", combinator, ...(negate ? { negate } : {}), children });
export const def = (root: object) => ({ version: 1, root: { ...root, id: "root" } });

export interface ReferenceSet {
  segments: ReferenceSegment[];
  /** The workspace's three most common countries. */
  countries: string[];
}

export async function referenceSegments(pool: pg.Pool, workspaceId: number): Promise<ReferenceSet> {
  const top = async (sql: string, fallback: string[]) => ((await pool.query<{ v: string }>(sql, [workspaceId])).rows.map((r) => r.v).filter(Boolean) as string[]).concat(fallback).slice(0, 3);
  const countries = await top(`SELECT country::text AS v FROM customer WHERE workspace_id = $1 AND country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 3`, ["US", "DE", "FR"]);
  const channels = await top(`SELECT acquisition_channel AS v FROM customer WHERE workspace_id = $1 AND acquisition_channel IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 2`, ["email"]);
  const categories = await top(`SELECT category AS v FROM product WHERE workspace_id = $1 AND category IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, ["Shoes"]);
  const eventTypes = await top(`SELECT type AS v FROM event WHERE workspace_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, ["page_view"]);

  const id = nodeId;

  const reference: ReferenceSegment[] = [
    {
      name: "1 high-value regulars in top countries (4 rules)",
      definition: def(
        group("and", [
          { id: id(), type: "attribute", field: "country", match: { op: "in", values: countries.slice(0, 2) } },
          { id: id(), type: "metric", metric: "revenue", match: { op: "gte", value: 300 } },
          { id: id(), type: "orders", measure: "count", window: { kind: "lastDays", days: 365 }, match: { op: "gte", value: 3 } },
          { id: id(), type: "attribute", field: "emailConsent", match: { op: "equals", value: true } },
        ]),
      ),
    },
    {
      name: "2 valuable customers slipping away (5 rules, nested)",
      definition: def(
        group("and", [
          group("or", [
            { id: id(), type: "metric", metric: "rfmSegment", match: { op: "in", values: ["Champions", "Loyal", "Cannot lose them"] } },
            { id: id(), type: "metric", metric: "mScore", match: { op: "gte", value: 4 } },
          ]),
          { id: id(), type: "metric", metric: "churnRiskBand", match: { op: "in", values: ["medium", "high"] } },
          { id: id(), type: "metric", metric: "lastOrderAt", match: { op: "moreThanDaysAgo", days: 60 } },
          { id: id(), type: "metric", metric: "predictedClv12m", match: { op: "gte", value: 50 } },
        ]),
      ),
    },
    {
      name: "3 recent category buyers, not frequent (3 rules)",
      definition: def(
        group("and", [
          { id: id(), type: "purchase", target: { by: "category", categories: categories.slice(0, 1) }, window: { kind: "lastDays", days: 90 }, match: { op: "gte", value: 1 } },
          group("and", [{ id: id(), type: "orders", measure: "count", window: { kind: "lastDays", days: 30 }, match: { op: "gte", value: 2 } }], true),
          { id: id(), type: "attribute", field: "acquisitionChannel", match: { op: "in", values: channels } },
        ]),
      ),
    },
    {
      name: "4 engaged but not buying (4 rules)",
      definition: def(
        group("and", [
          { id: id(), type: "event", eventType: eventTypes[0], window: { kind: "lastDays", days: 30 }, match: { op: "gte", value: 2 } },
          { id: id(), type: "orders", measure: "count", window: { kind: "lastDays", days: 90 }, match: { op: "equals", value: 0 } },
          { id: id(), type: "attribute", field: "signedUpAt", match: { op: "isSet" } },
          { id: id(), type: "metric", metric: "pAlive", match: { op: "gte", value: 0.3 } },
        ]),
      ),
    },
    {
      name: "5 win-back by email (6 rules)",
      definition: def(
        group("and", [
          { id: id(), type: "metric", metric: "orderCount", match: { op: "gte", value: 2 } },
          { id: id(), type: "metric", metric: "lastOrderAt", match: { op: "moreThanDaysAgo", days: 120 } },
          { id: id(), type: "metric", metric: "lastOrderAt", negate: true, match: { op: "moreThanDaysAgo", days: 365 } },
          { id: id(), type: "attribute", field: "emailConsent", match: { op: "equals", value: true } },
          { id: id(), type: "orders", measure: "revenue", window: { kind: "ever" }, match: { op: "gte", value: 100 } },
          { id: id(), type: "attribute", field: "country", match: { op: "notIn", values: countries.slice(2, 3) } },
        ]),
      ),
    },
  ];
  return { segments: reference, countries };
}
