import { randomUUID } from "node:crypto";
import { pool } from "../../db/pool.ts";
import type { CustomerRecord, EvalCustomer, EvalEvent, EvalMetrics } from "../evaluate-segment.ts";

/**
 * Small data sets for segment tests and demos: inserts customers with their
 * orders, items, events and metrics in a handful of set-based statements and
 * returns the same data as evaluator records (with database ids).
 */
export interface DatasetCustomer {
  customer: Omit<EvalCustomer, "id" | "externalId"> & { externalId?: string };
  metrics: EvalMetrics | null;
  orders: { placedAt: Date; total: string; status?: string; items: { productSlot: number | null }[] }[];
  events: EvalEvent[];
}

export interface Dataset {
  /** Product categories; product slot i is products[i]. */
  products: (string | null)[];
  customers: DatasetCustomer[];
}

export interface InsertedDataset {
  records: CustomerRecord[];
  /** Database product id for each product slot. */
  productIds: number[];
  productCategories: Map<number, string | null>;
}

export async function createTestWorkspace(timezone = "UTC"): Promise<number> {
  const slug = `seg-${randomUUID()}`;
  const res = await pool.query<{ id: number }>(`INSERT INTO workspace (slug, name, timezone) VALUES ($1, $1, $2) RETURNING id`, [slug, timezone]);
  return res.rows[0]!.id;
}

export async function insertDataset(workspaceId: number, dataset: Dataset): Promise<InsertedDataset> {
  const products = await pool.query<{ id: number; external_id: string }>(
    `INSERT INTO product (workspace_id, external_id, name, category)
     SELECT $1, 'p-' || i, 'Product ' || i, category FROM unnest($2::text[]) WITH ORDINALITY AS t(category, i)
     RETURNING id, external_id`,
    [workspaceId, dataset.products],
  );
  const productIdByExternal = new Map(products.rows.map((r) => [r.external_id, r.id]));
  const productIds = dataset.products.map((_, i) => productIdByExternal.get(`p-${i + 1}`)!);
  const productCategories = new Map(productIds.map((id, i) => [id, dataset.products[i] ?? null]));

  const cs = dataset.customers.map((d, i) => ({ ...d.customer, externalId: d.customer.externalId ?? `c-${i}` }));
  const col = <K extends keyof (typeof cs)[number]>(k: K) => cs.map((c) => c[k]);
  const inserted = await pool.query<{ id: string; external_id: string }>(
    `INSERT INTO customer (workspace_id, external_id, email, phone, first_name, last_name, country, city, timezone,
       acquisition_channel, signed_up_at, attributes, email_consent, sms_consent, push_consent, created_at)
     SELECT $1, t.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::timestamptz[], $12::jsonb[], $13::bool[], $14::bool[], $15::bool[], $16::timestamptz[]) AS t
     RETURNING id, external_id`,
    [
      workspaceId,
      col("externalId"),
      col("email"),
      col("phone"),
      col("firstName"),
      col("lastName"),
      col("country"),
      col("city"),
      col("timezone"),
      col("acquisitionChannel"),
      col("signedUpAt"),
      cs.map((c) => JSON.stringify(c.attributes ?? {})),
      col("emailConsent"),
      col("smsConsent"),
      col("pushConsent"),
      col("createdAt"),
    ],
  );
  // RETURNING order is not promised, so rows are matched back by external id.
  const idByExternal = new Map(inserted.rows.map((r) => [r.external_id, String(r.id)]));
  const ids = cs.map((c) => idByExternal.get(c.externalId)!);

  const withMetrics = dataset.customers.map((d, i) => ({ m: d.metrics, id: ids[i]! })).filter((x): x is { m: EvalMetrics; id: string } => x.m !== null);
  if (withMetrics.length > 0) {
    const mcol = <K extends keyof EvalMetrics>(k: K) => withMetrics.map((x) => x.m[k]);
    await pool.query(
      `INSERT INTO customer_metrics (customer_id, workspace_id, first_order_at, last_order_at, order_count, revenue, average_order_value,
         recency_days, r_score, f_score, m_score, rfm_segment, p_alive, expected_purchases_90d, expected_purchases_365d, predicted_clv_12m, churn_risk_band,
         purchase_probability_7d, purchase_probability_14d, purchase_probability_30d, next_purchase_due_on)
       SELECT t.id, $1, t.f, t.l, t.oc, t.rev, t.aov, t.rd, t.r, t.fs, t.ms, t.seg, t.pa, t.e90, t.e365, t.clv, t.band, t.p7, t.p14, t.p30, t.due
       FROM unnest($2::int8[], $3::timestamptz[], $4::timestamptz[], $5::int4[], $6::numeric[], $7::numeric[], $8::int4[], $9::int2[], $10::int2[],
         $11::int2[], $12::text[], $13::float8[], $14::float8[], $15::float8[], $16::float8[], $17::text[],
         $18::float8[], $19::float8[], $20::float8[], $21::date[])
         AS t(id, f, l, oc, rev, aov, rd, r, fs, ms, seg, pa, e90, e365, clv, band, p7, p14, p30, due)`,
      [
        workspaceId,
        withMetrics.map((x) => x.id),
        mcol("firstOrderAt"),
        mcol("lastOrderAt"),
        mcol("orderCount"),
        mcol("revenue").map(String),
        mcol("averageOrderValue").map((v) => (v === null ? null : String(v))),
        mcol("recencyDays"),
        mcol("rScore"),
        mcol("fScore"),
        mcol("mScore"),
        mcol("rfmSegment"),
        mcol("pAlive"),
        mcol("expectedPurchases90d"),
        mcol("expectedPurchases365d"),
        mcol("predictedClv12m"),
        mcol("churnRiskBand"),
        mcol("purchaseProbability7d"),
        mcol("purchaseProbability14d"),
        mcol("purchaseProbability30d"),
        mcol("nextPurchaseDueOn"),
      ],
    );
  }

  const orders = dataset.customers.flatMap((d, ci) => d.orders.map((o) => ({ ...o, customerId: ids[ci]! })));
  if (orders.length > 0) {
    const run = randomUUID();
    const orderRows = await pool.query<{ id: string; external_id: string }>(
      `INSERT INTO customer_order (workspace_id, customer_id, external_id, placed_at, total, currency, status)
       SELECT $1, t.cid, $2 || '-' || t.ordinality, t.placed_at, t.total, 'USD', t.status
       FROM unnest($3::int8[], $4::timestamptz[], $5::numeric[], $6::text[]) WITH ORDINALITY AS t(cid, placed_at, total, status, ordinality)
       RETURNING id, external_id`,
      [workspaceId, run, orders.map((o) => o.customerId), orders.map((o) => o.placedAt), orders.map((o) => o.total), orders.map((o) => o.status ?? "completed")],
    );
    const orderIdByExternal = new Map(orderRows.rows.map((r) => [r.external_id, String(r.id)]));
    const items = orders.flatMap((o, oi) => o.items.map((it) => ({ orderId: orderIdByExternal.get(`${run}-${oi + 1}`)!, productId: it.productSlot === null ? null : productIds[it.productSlot] ?? null })));
    if (items.length > 0) {
      await pool.query(
        // A product twice in one order is two lines: they are numbered apart, as the (order, product, line number) key requires.
        `INSERT INTO order_item (workspace_id, order_id, product_id, line_number, quantity, unit_price)
         SELECT $1, t.oid, t.pid, row_number() OVER (PARTITION BY t.oid, t.pid ORDER BY t.n), 1, 1
         FROM unnest($2::int8[], $3::int4[]) WITH ORDINALITY AS t(oid, pid, n)`,
        [workspaceId, items.map((i) => i.orderId), items.map((i) => i.productId)],
      );
    }
  }

  const events = dataset.customers.flatMap((d, ci) => d.events.map((e) => ({ ...e, customerId: ids[ci]! })));
  if (events.length > 0) {
    await pool.query(
      `INSERT INTO event (workspace_id, customer_id, type, occurred_at, properties)
       SELECT $1, t.cid, t.type, t.at, t.props FROM unnest($2::int8[], $3::text[], $4::timestamptz[], $5::jsonb[]) AS t(cid, type, at, props)`,
      [workspaceId, events.map((e) => e.customerId), events.map((e) => e.type), events.map((e) => e.occurredAt), events.map((e) => JSON.stringify(e.properties ?? {}))],
    );
  }

  const records: CustomerRecord[] = dataset.customers.map((d, i) => ({
    customer: { ...d.customer, externalId: cs[i]!.externalId, id: ids[i]! },
    metrics: d.metrics,
    orders: d.orders.map((o) => ({
      placedAt: o.placedAt,
      total: o.total,
      status: o.status ?? "completed",
      items: o.items.map((it) => ({ productId: it.productSlot === null ? null : productIds[it.productSlot] ?? null })),
    })),
    events: d.events,
  }));
  return { records, productIds, productCategories };
}

/** A customer with every optional field empty; override what the test is about. */
export function blankCustomer(overrides: Partial<DatasetCustomer["customer"]> = {}, rest: Partial<Omit<DatasetCustomer, "customer">> = {}): DatasetCustomer {
  return {
    customer: {
      email: null,
      phone: null,
      firstName: null,
      lastName: null,
      country: null,
      city: null,
      timezone: null,
      acquisitionChannel: null,
      signedUpAt: null,
      createdAt: new Date("2024-01-01T00:00:00Z"),
      attributes: {},
      emailConsent: false,
      smsConsent: false,
      pushConsent: false,
      ...overrides,
    },
    metrics: null,
    orders: [],
    events: [],
    ...rest,
  };
}

/** A definition whose root ANDs the given rules (ids are assigned in order). */
export function definitionOf(...rules: Record<string, unknown>[]): { version: 1; root: Record<string, unknown> } {
  return { version: 1, root: { id: "root", type: "group", combinator: "and", children: rules.map((r, i) => ({ id: `r${i}`, ...r })) } };
}
