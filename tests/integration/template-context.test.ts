import { afterAll, describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { renderTemplate } from "../../lib/campaigns/templates/render-template.ts";
import { loadTemplateContexts } from "../../lib/campaigns/templates/template-context.ts";
import { createWorkspace } from "../support/factories.ts";

afterAll(async () => {
  await pool.end();
});

async function insertCustomer(workspaceId: number, externalId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const res = await pool.query<{ id: string }>(
    `INSERT INTO customer (workspace_id, external_id, email, phone, first_name, last_name, country, city, timezone, signed_up_at, attributes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) RETURNING id::text`,
    [
      workspaceId,
      externalId,
      fields.email ?? null,
      fields.phone ?? null,
      fields.firstName ?? null,
      fields.lastName ?? null,
      fields.country ?? null,
      fields.city ?? null,
      fields.timezone ?? null,
      fields.signedUpAt ?? null,
      JSON.stringify(fields.attributes ?? {}),
    ],
  );
  return res.rows[0]!.id;
}

async function insertMetrics(workspaceId: number, customerId: string): Promise<void> {
  await pool.query(
    `INSERT INTO customer_metrics (customer_id, workspace_id, first_order_at, last_order_at, order_count, revenue, average_order_value, recency_days,
       r_score, f_score, m_score, rfm_segment, p_alive, expected_purchases_90d, expected_purchases_365d, predicted_clv_12m, churn_risk_band)
     VALUES ($1, $2, '2024-03-09T14:02:00Z', '2026-01-03T18:45:00Z', 7, 842.50, 120.36, 12, 5, 4, 5, 'Champions', 0.93, 1.4, 4.8, 310.2, 'low')`,
    [customerId, workspaceId],
  );
}

describe("loadTemplateContexts", () => {
  it("reads a batch of customers with their metrics and workspace in one call, named as templates use them", async () => {
    const ws = await createWorkspace({ name: "Acme Store", currency: "EUR" });
    const ada = await insertCustomer(ws.id, "C-1", {
      email: "ada@example.com",
      phone: "+447700900123",
      firstName: "Ada",
      lastName: "Lovelace",
      country: "GB",
      city: "London",
      timezone: "Europe/London",
      signedUpAt: "2024-03-05T09:30:00Z",
      attributes: { tier: "gold", tags: ["a", "b"] },
    });
    await insertMetrics(ws.id, ada);
    const bob = await insertCustomer(ws.id, "C-2", { firstName: "Bob" });

    const contexts = await loadTemplateContexts(pool, ws.id, [BigInt(ada), BigInt(bob)]);
    expect([...contexts.keys()].sort()).toEqual([ada, bob].sort());
    expect(contexts.get(ada)).toEqual({
      customer: {
        external_id: "C-1",
        email: "ada@example.com",
        phone: "+447700900123",
        first_name: "Ada",
        last_name: "Lovelace",
        country: "GB",
        city: "London",
        timezone: "Europe/London",
        signed_up_at: "2024-03-05T09:30:00.000Z",
        attributes: { tier: "gold", tags: ["a", "b"] },
      },
      metrics: {
        rfm_segment: "Champions",
        recency_score: 5,
        frequency_score: 4,
        monetary_score: 5,
        recency_days: 12,
        order_count: 7,
        revenue: 842.5,
        average_order_value: 120.36,
        first_order_at: "2024-03-09T14:02:00.000Z",
        last_order_at: "2026-01-03T18:45:00.000Z",
        predicted_clv_12m: 310.2,
        p_alive: 0.93,
        expected_purchases_90d: 1.4,
        expected_purchases_365d: 4.8,
        churn_risk_band: "low",
      },
      workspace: { name: "Acme Store", currency: "EUR" },
      // No recommendations build in this workspace yet.
      recommendations: [],
    });
    // No analytics run has scored Bob yet: every metric is empty.
    expect(Object.values(contexts.get(bob)!.metrics).every((value) => value === null)).toBe(true);
    expect(contexts.get(bob)!.customer).toMatchObject({ first_name: "Bob", email: null, signed_up_at: null, attributes: {} });
  });

  it("leaves out ids of other workspaces and of no customer, and takes ids as text too", async () => {
    const ws = await createWorkspace();
    const other = await createWorkspace();
    const mine = await insertCustomer(ws.id, "mine");
    const theirs = await insertCustomer(other.id, "theirs");
    const contexts = await loadTemplateContexts(pool, ws.id, [mine, theirs, "9223372036854775807", mine]);
    expect([...contexts.keys()]).toEqual([mine]);
    expect((await loadTemplateContexts(pool, ws.id, [])).size).toBe(0);
  });

  it("gives the renderer numbers it can do maths on", async () => {
    const ws = await createWorkspace({ currency: "USD" });
    const id = await insertCustomer(ws.id, "m", { firstName: "Mia" });
    await insertMetrics(ws.id, id);
    const context = { ...(await loadTemplateContexts(pool, ws.id, [id])).get(id)!, links: { unsubscribe: "u", preferences: "p", view_in_browser: "v" }, campaign: { name: "c" } };
    const text = "{{ customer.first_name }}: {{ metrics.revenue | plus: 7.5 }} {{ workspace.currency }}, {{ metrics.p_alive | times: 100 | round }}%, since {{ metrics.first_order_at | date: '%Y' }}";
    expect(renderTemplate({ channel: "sms", text }, context)).toMatchObject({ text: "Mia: 850 USD, 93%, since 2024" });
  });
});
