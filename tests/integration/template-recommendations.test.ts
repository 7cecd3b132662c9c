import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // Rendering a message signs its links against the public address.
  process.env.PUBLIC_URL = "https://app.valueloop.test";
});

import type pg from "pg";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { renderForChannel } from "../../lib/campaigns/delivery/render-for-channel.ts";
import type { CampaignForSend } from "../../lib/campaigns/delivery/sender-caches.ts";
import { prepareSendTemplate } from "../../lib/campaigns/delivery/send-template.ts";
import { loadTemplateContexts } from "../../lib/campaigns/templates/template-context.ts";
import type { TemplateContent } from "../../lib/campaigns/templates/template-content.ts";
import { templateUsesRecommendations } from "../../lib/campaigns/templates/template-uses-recommendations.ts";
import { buildRecommendations } from "../../lib/recommendations/build-recommendations.ts";
import { readCustomerRecommendations } from "../../lib/recommendations/customer-recommendations.ts";
import { createWorkspace } from "./analytics-fixtures.ts";
import { loadBaskets, OUTDOOR_PRODUCTS, type BasketOrder } from "../support/basket-data.ts";

/**
 * Recommendations are looked up for a send batch only when the campaign's
 * template names them: a template that does not costs one statement per batch
 * (the customers), one that does gets the same products the profile shows.
 */

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
const PRODUCTS = OUTDOOR_PRODUCTS.filter((p) => ["tent", "mat", "stove", "gas", "socks"].includes(p.sku));

const WITH: TemplateContent = { channel: "sms", text: "Hi {{ customer.external_id }}: {% for r in recommendations %}{{ r.name }};{% endfor %}" };
const WITHOUT: TemplateContent = { channel: "sms", text: "Hi {{ customer.external_id }}, we miss you" };

let ws: number;
let customerIds: Map<string, string>;

beforeAll(async () => {
  ws = await createWorkspace({ settings: { recommendations: { halfLifeDays: 120, minSupport: 2, topN: 5, repeatPurchaseRate: 0.3 } } });
  const orders: BasketOrder[] = [];
  for (let c = 0; c < 12; c++) {
    orders.push({ customer: `c${c}`, placedAt: new Date(NOW.getTime() - (c + 1) * DAY), status: "completed", skus: c % 2 ? ["tent", "mat"] : ["stove", "gas"] });
  }
  orders.push({ customer: "c0", placedAt: new Date(NOW.getTime() - 40 * DAY), status: "completed", skus: ["tent"] });
  ({ customerIds } = await loadBaskets(ws, PRODUCTS, Array.from({ length: 12 }, (_, c) => `c${c}`), orders));
  await buildRecommendations(ws, { asOf: NOW });
});

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
});

/** The pool, counting the statements it is given. */
function countingClient(): { client: Pick<pg.PoolClient, "query">; statements: () => number } {
  let n = 0;
  const client = {
    query: (...args: Parameters<typeof pool.query>) => {
      n++;
      return pool.query(...args);
    },
  } as Pick<pg.PoolClient, "query">;
  return { client, statements: () => n };
}

describe("recommendations in template contexts", () => {
  it("are not looked up for a template that does not name them: one statement for the batch, an empty list", async () => {
    expect(templateUsesRecommendations(WITHOUT)).toBe(false);
    const ids = ["c0", "c1", "c2"].map((c) => customerIds.get(c)!);
    const { client, statements } = countingClient();
    const contexts = await loadTemplateContexts(client, ws, ids, { recommendations: templateUsesRecommendations(WITHOUT) });
    expect(statements()).toBe(1);
    expect([...contexts.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(contexts.get(id)!.recommendations).toEqual([]);
  });

  it("are looked up for a template that names them, the same products the profile shows", async () => {
    expect(templateUsesRecommendations(WITH)).toBe(true);
    const ids = ["c0", "c1", "c2"].map((c) => customerIds.get(c)!);
    const { client, statements } = countingClient();
    const contexts = await loadTemplateContexts(client, ws, ids, { recommendations: templateUsesRecommendations(WITH) });
    expect(statements()).toBeGreaterThan(1);
    for (const id of ids) {
      const direct = await readCustomerRecommendations(ws, BigInt(id), { limit: 5, now: NOW });
      expect(contexts.get(id)!.recommendations.map((r) => r.product_id)).toEqual(direct.products.map((p) => p.productId));
      expect(contexts.get(id)!.recommendations.length).toBeGreaterThan(0);
    }
  });

  it("reach the message a send renders when the template uses them, and a template without them still renders", async () => {
    const campaign = (content: TemplateContent): CampaignForSend => ({ id: 1, name: "Spring", workspaceName: "Shop", template: prepareSendTemplate(content), policy: {}, variantTemplates: {} });
    const c1 = customerIds.get("c1")!;
    const message = { id: "1", workspaceId: ws, variantKey: null };
    const withOffers = await renderForChannel(message, campaign(WITH), c1);
    const names = (await readCustomerRecommendations(ws, BigInt(c1), { limit: 5 })).products.map((p) => p.name);
    expect(withOffers).toEqual({ ok: true, message: { text: `Hi c1: ${names.map((n) => `${n};`).join("")}` } });
    expect(names.length).toBeGreaterThan(0);
    expect(await renderForChannel(message, campaign(WITHOUT), c1)).toEqual({ ok: true, message: { text: "Hi c1, we miss you" } });
  });
});
