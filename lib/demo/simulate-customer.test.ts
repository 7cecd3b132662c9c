import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMETERS as P } from "./generative-model.ts";
import { MS_PER_DAY } from "./season-calendar.ts";
import { simulateCustomer, splitOrderTotal, type SimulatedCustomer } from "./simulate-customer.ts";
import { buildSimulationContext, type SimulationContext } from "./simulation-context.ts";

const AS_OF = new Date("2026-06-30T00:00:00Z");
const N = 20_000;

function simulateAll(seed: number, customers: number): { ctx: SimulationContext; all: SimulatedCustomer[] } {
  const ctx = buildSimulationContext({ seed, customers, asOf: AS_OF, market: "us", workspaceUtcOffsetHours: -5 });
  return { ctx, all: Array.from({ length: customers }, (_, i) => simulateCustomer(ctx, i)) };
}

const { ctx, all } = simulateAll(5, N);
const orders = all.flatMap((c) => c.orders);

/**
 * Independent oracle: the Pareto/NBD closed form for expected repeat purchases
 * in (0, T] of a new customer (Schmittlein, Morrison & Colombo 1987),
 *   E[X(T)] = r β / (α (s − 1)) · [1 − (β / (β + T))^(s − 1)],
 * with the channel multipliers folded in (c·Gamma(r, α) = Gamma(r, α/c)).
 */
function expectedRepeatPurchases(T: number, lambdaMultiplier: number, muMultiplier: number): number {
  const { r, alpha } = P.purchaseRate;
  const { s, beta } = P.dropoutRate;
  const a = alpha / lambdaMultiplier;
  const b = beta / muMultiplier;
  return ((r * b) / (a * (s - 1))) * (1 - Math.pow(b / (b + T), s - 1));
}

/** Expected orders of a customer from their sign-up day and channel, integrating over the first-order delay. */
function expectedOrders(c: SimulatedCustomer): number {
  const T = (ctx.endMs - c.signupMs) / MS_PER_DAY;
  const h = (t: number) => (t > 0 ? 1 + expectedRepeatPurchases(t, c.channel.lambdaMultiplier, c.channel.muMultiplier) : 0);
  const m = P.firstOrderDelayMeanDays;
  const steps = 400;
  let delayed = 0;
  for (let k = 0; k < steps; k++) {
    const d = ((k + 0.5) / steps) * T;
    delayed += (Math.exp(-d / m) / m) * h(T - d) * (T / steps);
  }
  return (1 - P.neverBuyShare) * (P.firstOrderAtSignupShare * h(T) + (1 - P.firstOrderAtSignupShare) * delayed);
}

describe("simulateCustomer", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const again = simulateAll(5, 300).all;
    const other = simulateAll(6, 300).all;
    // A 300-customer run draws different sign-up times than a 20,000 one, so compare like with like.
    const same = simulateAll(5, 300).all;
    expect(JSON.stringify(same)).toEqual(JSON.stringify(again));
    expect(JSON.stringify(other)).not.toEqual(JSON.stringify(again));
  });

  it("keeps every sign-up, order and event inside the window and in order", () => {
    const trackingStart = ctx.endMs - P.events.trackingDays * MS_PER_DAY;
    const problems: string[] = [];
    let previousSignup = ctx.startMs;
    for (const c of all) {
      if (c.signupMs < previousSignup) problems.push(`customer ${c.index} signed up before customer ${c.index - 1}`);
      previousSignup = c.signupMs;
      let previous = c.signupMs;
      for (const o of c.orders) {
        if (o.placedMs < previous || o.placedMs >= ctx.endMs) problems.push(`customer ${c.index}: order at ${o.placedMs} out of order or window`);
        previous = o.placedMs;
      }
      for (const e of c.events) {
        if (e.atMs < Math.max(c.signupMs, trackingStart) || e.atMs >= ctx.endMs) problems.push(`customer ${c.index}: ${e.type} outside window`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it("gives order lines that add up to the order total", () => {
    const bad = orders.filter(
      (o) => o.lines.length < 1 || o.lines.length > 3 || o.lines.reduce((sum, l) => sum + l.unitCents, 0) !== o.totalCents,
    );
    expect(orders.length).toBeGreaterThan(0);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it("produces as many orders as the Pareto/NBD closed form predicts", () => {
    const observed = orders.length / N;
    const expected = all.reduce((sum, c) => sum + expectedOrders(c), 0) / N;
    // Seasonality and the heavy right tail of λ move a 20,000-customer mean by a few percent at most.
    expect(Math.abs(observed / expected - 1)).toBeLessThan(0.06);
    // Apparel-like: about two orders per customer over three years (docs/demo-data.md).
    expect(observed).toBeGreaterThan(1.6);
    expect(observed).toBeLessThan(2.6);
  });

  it("has heterogeneous buyers: a sane share of one-time buyers and a long tail", () => {
    const buyers = all.filter((c) => c.orders.length > 0);
    const oneTime = buyers.filter((c) => c.orders.length === 1).length / buyers.length;
    expect(buyers.length / N).toBeGreaterThan(0.85);
    // Most apparel buyers never come back (docs/demo-data.md: 55-75%)...
    expect(oneTime).toBeGreaterThan(0.55);
    expect(oneTime).toBeLessThan(0.7);
    // ...while a few loyal ones buy an order of magnitude more often than the average buyer.
    const perBuyer = orders.length / buyers.length;
    expect(Math.max(...buyers.map((c) => c.orders.length))).toBeGreaterThan(10 * perBuyer);
  });

  it("follows Gamma-Gamma spend: population mean p·γ/(q−1) and within-customer CV 1/√p", () => {
    const { p, q, gamma } = P.spend;
    const aov = orders.reduce((s, o) => s + o.totalCents, 0) / orders.length / 100;
    expect(Math.abs(aov / ((p * gamma) / (q - 1)) - 1)).toBeLessThan(0.05);
    let cv2 = 0;
    let n = 0;
    for (const c of all) {
      if (c.orders.length < 10) continue;
      const values = c.orders.map((o) => o.totalCents / 100);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
      cv2 += variance / (c.latent.meanSpend * c.latent.meanSpend);
      n++;
    }
    expect(Math.abs(cv2 / n / (1 / p) - 1)).toBeLessThan(0.1);
  });

  it("peaks in November/December and at weekends", () => {
    const perDay = (from: string, to: string) => {
      const a = Date.parse(from);
      const b = Date.parse(to);
      return orders.filter((o) => o.placedMs >= a && o.placedMs < b).length / ((b - a) / MS_PER_DAY);
    };
    // Feb 2026 has more customers than Dec 2025, yet fewer orders per day.
    expect(perDay("2025-11-15", "2026-01-01") / perDay("2026-02-01", "2026-03-01")).toBeGreaterThan(1.6);
    const byWeekday = new Array<number>(7).fill(0);
    for (const o of orders) {
      const local = new Date(o.placedMs - 5 * 3_600_000);
      byWeekday[local.getUTCDay()] = (byWeekday[local.getUTCDay()] ?? 0) + 1;
    }
    const [sun = 0, , tue = 0, , , , sat = 0] = byWeekday;
    expect((sat + sun) / 2 / tue).toBeGreaterThan(1.1);
  });

  it("tracks a modest number of events of every kind", () => {
    const events = all.flatMap((c) => c.events);
    expect(events.length / N).toBeGreaterThan(3);
    expect(events.length / N).toBeLessThan(5);
    const byType = new Map<string, number>();
    for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    for (const type of ["site_visit", "product_view", "cart_add", "email_open", "email_click"]) expect(byType.get(type) ?? 0).toBeGreaterThan(0);
    expect(byType.get("product_view") ?? 0).toBeGreaterThan(byType.get("cart_add") ?? 0);
    expect(byType.get("email_open") ?? 0).toBeGreaterThan(byType.get("email_click") ?? 0);
    // Only customers who consented receive newsletters.
    expect(all.some((c) => !c.emailConsent && c.events.some((e) => e.type === "email_open"))).toBe(false);
  });

  it("gives every customer a unique email on a reserved domain", () => {
    const emails = new Set(all.map((c) => c.email));
    expect(emails.size).toBe(N);
    for (const e of emails) expect(e).toMatch(/@(mail\.|inbox\.)?example\.(com|net|org)$/);
  });
});

describe("splitOrderTotal", () => {
  it("always returns positive parts that sum to the total", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 503 }), { minLength: 1, maxLength: 3 }), (total, products) => {
        const lines = splitOrderTotal(total, products, ctx.catalogue);
        expect(lines.reduce((s, l) => s + l.unitCents, 0)).toBe(total);
        for (const l of lines) expect(l.unitCents).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
