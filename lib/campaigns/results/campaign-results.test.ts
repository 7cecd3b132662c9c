import { describe, expect, it } from "vitest";
import { Random } from "../../analytics/btyd/random.ts";
import { analyseExperiment } from "../../stats/analyse-experiment.ts";
import { armSumsFromArrays } from "../../stats/arm-sums.ts";
import type { ArmOutcome, CampaignArmOutcomes, SliceOutcome } from "./arm-outcomes.ts";
import { campaignResults, type CampaignResultsSettings } from "./campaign-results.ts";

/**
 * A simulated campaign, customer by customer: everyone may buy on their own
 * (20%, lognormal spend), and a treated customer additionally places an extra
 * order of exactly EXTRA with probability LIFT_RATE: the planted effect is
 * LIFT_RATE × EXTRA per treated customer. Sums are built here from the
 * customer rows, as the outcomes worker builds them from orders.
 */
const EXTRA = 40;
const LIFT_RATE = 0.05;

interface Customer {
  arm: "control" | "treatment";
  variant: string | null;
  y: number;
  orders: number;
  x: number;
  day: number;
  segment: string;
}

function simulate(seed: number, opts: { control: number; variants: [string, number][]; liftRate: number; segmentsRespond?: Set<string> }): Customer[] {
  const rng = new Random(seed);
  const out: Customer[] = [];
  const add = (arm: Customer["arm"], variant: string | null, n: number) => {
    for (let i = 0; i < n; i++) {
      const segment = rng.uniform() < 0.5 ? "champions" : "at_risk";
      const x = rng.uniform() < 0.2 ? Math.exp(3 + 0.8 * rng.normal()) : 0;
      let y = 0;
      let orders = 0;
      if (rng.uniform() < 0.15 + (x > 0 ? 0.2 : 0)) {
        y += Math.exp(3 + 0.8 * rng.normal());
        orders++;
      }
      const responds = opts.segmentsRespond === undefined || opts.segmentsRespond.has(segment);
      if (arm === "treatment" && responds && rng.uniform() < opts.liftRate) {
        y += EXTRA;
        orders++;
      }
      out.push({ arm, variant, y: Math.round(y * 100) / 100, orders, x: Math.round(x * 100) / 100, day: Math.floor(rng.uniform() * 7), segment });
    }
  };
  add("control", null, opts.control);
  for (const [key, n] of opts.variants) add("treatment", key === "" ? null : key, n);
  return out;
}

function sums(rows: Customer[], arm: ArmOutcome["arm"], variantKey: string | null): ArmOutcome {
  const o: ArmOutcome = { arm, variantKey, n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0, converters: 0, orders: 0, unsubscribes: 0 };
  for (const r of rows) {
    o.n++;
    o.sumY += r.y;
    o.sumY2 += r.y * r.y;
    o.sumX += r.x;
    o.sumX2 += r.x * r.x;
    o.sumXY += r.x * r.y;
    o.converters += r.orders > 0 ? 1 : 0;
    o.orders += r.orders;
  }
  return o;
}

function outcomesOf(customers: Customer[]): CampaignArmOutcomes {
  const keys = [...new Set(customers.map((c) => `${c.arm}|${c.variant ?? ""}`))];
  const arms = keys.map((k) => {
    const [arm, variant] = k.split("|") as [ArmOutcome["arm"], string];
    return sums(
      customers.filter((c) => c.arm === arm && (c.variant ?? "") === variant),
      arm,
      variant === "" ? null : variant,
    );
  });
  const slices: SliceOutcome[] = [];
  for (const k of keys) {
    const [arm, variant] = k.split("|") as [ArmOutcome["arm"], string];
    for (const segment of ["champions", "at_risk"]) {
      const rows = customers.filter((c) => c.arm === arm && (c.variant ?? "") === variant && c.segment === segment);
      slices.push({ ...sums(rows, arm, variant === "" ? null : variant), slice: "rfm_segment", value: segment });
    }
  }
  const daily = new Map<string, CampaignArmOutcomes["daily"][number]>();
  for (const c of customers) {
    if (c.y === 0) continue;
    const day = `2026-11-0${c.day + 1}`;
    const key = `${c.arm}|${c.variant ?? ""}|${day}`;
    const d = daily.get(key) ?? { arm: c.arm, variantKey: c.variant, day, orders: 0, converters: 0, revenue: 0 };
    d.orders += c.orders;
    d.converters++;
    d.revenue += c.y;
    daily.set(key, d);
  }
  return { arms, slices, daily: [...daily.values()], refreshedAt: null, windowEndsAt: null };
}

const settings = (over: Partial<CampaignResultsSettings> = {}): CampaignResultsSettings => ({
  controlPercent: 20,
  variants: [],
  costPerMessage: 0.01,
  grossMarginPercent: 50,
  messagesSent: 0,
  ...over,
});

describe("campaign results from per-arm sums", () => {
  it("recover a planted incremental revenue inside their intervals in about 95% (fixed) and at least 95% (sequential) of campaigns", () => {
    const runs = 500;
    let fixedCovers = 0;
    let sequentialCovers = 0;
    let significant = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const customers = simulate(seed, { control: 1000, variants: [["", 4000]], liftRate: LIFT_RATE });
      const planted = LIFT_RATE * EXTRA * 4000;
      const r = campaignResults(outcomesOf(customers), settings({ messagesSent: 4000 }), "USD");
      const inc = r.comparisons[0]!.incrementalRevenue;
      if (inc.fixed.low <= planted && planted <= inc.fixed.high) fixedCovers++;
      if (inc.sequential.low <= planted && planted <= inc.sequential.high) sequentialCovers++;
      if (r.verdict.significant) significant++;
    }
    // 93.2% here (94.0% over 1,500 campaigns): Welch under-covers a little with
    // skewed revenue and 1,000 in the control (docs/stats.md, heavy tails).
    expect(fixedCovers / runs).toBeGreaterThan(0.92);
    expect(fixedCovers / runs).toBeLessThan(0.975);
    expect(sequentialCovers / runs).toBeGreaterThanOrEqual(0.95);
    // A real +$2 per customer on ~$9 is found most of the time at this size.
    expect(significant / runs).toBeGreaterThan(0.5);
  });

  it("equal lib/stats applied to the customers' own values, and ROI follows the sequential revenue interval", () => {
    const customers = simulate(7, { control: 800, variants: [["a", 1600], ["b", 1600]], liftRate: LIFT_RATE });
    const r = campaignResults(outcomesOf(customers), settings({ variants: [{ key: "a", name: "A", weight: 50 }, { key: "b", name: "B", weight: 50 }], messagesSent: 3000 }), "USD");
    const arrays = (pick: (c: Customer) => boolean) => customers.filter(pick);
    const independent = analyseExperiment(
      [
        { arm: "control", sums: armSumsFromArrays(arrays((c) => c.arm === "control").map((c) => c.y)) },
        { arm: "treatment", sums: armSumsFromArrays(arrays((c) => c.arm === "treatment").map((c) => c.y)) },
        { arm: "a", sums: armSumsFromArrays(arrays((c) => c.variant === "a").map((c) => c.y)) },
      ],
      { metric: "revenue", control: "control", confidence: 0.95, expectedSplit: null },
    );
    const [total, a] = [r.comparisons.find((c) => c.key === "treatment")!, r.comparisons.find((c) => c.key === "a")!];
    expect(total.revenuePerCustomer.fixed.low).toBeCloseTo(independent.comparisons[0]!.difference.low, 9);
    expect(total.revenuePerCustomer.fixed.high).toBeCloseTo(independent.comparisons[0]!.difference.high, 9);
    expect(a.revenuePerCustomer.fixed.estimate).toBeCloseTo(independent.comparisons[1]!.difference.estimate, 9);
    expect(total.incrementalRevenue.fixed.estimate).toBeCloseTo(independent.comparisons[0]!.incrementalTotal.estimate, 6);
    // Sequential is wider than fixed, around the same estimate.
    expect(total.revenuePerCustomer.sequential.high - total.revenuePerCustomer.sequential.low).toBeGreaterThan(total.revenuePerCustomer.fixed.high - total.revenuePerCustomer.fixed.low);
    // ROI by hand: (incremental revenue × 50% − 0.01 × 3000) / (0.01 × 3000).
    expect(total.roi!.estimate).toBeCloseTo((total.incrementalRevenue.sequential.estimate * 0.5 - 30) / 30, 9);
    expect(total.roi!.low).toBeCloseTo((total.incrementalRevenue.sequential.low * 0.5 - 30) / 30, 9);
    // Outcome rows are plain counts of the customers.
    const control = r.arms.find((x) => x.key === "control")!;
    const controlRows = arrays((c) => c.arm === "control");
    expect(control.customers).toBe(800);
    expect(control.converters).toBe(controlRows.filter((c) => c.orders > 0).length);
    expect(control.revenue).toBeCloseTo(controlRows.reduce((s, c) => s + c.y, 0), 6);
    expect(control.averageOrderValue).toBeCloseTo(controlRows.reduce((s, c) => s + c.y, 0) / controlRows.reduce((s, c) => s + c.orders, 0), 9);
    // The variants against each other; the last cumulative point is the final interval.
    expect(r.variantPairs).toHaveLength(1);
    expect(r.variantPairs[0]!.revenuePerCustomer.estimate).toBeCloseTo(a.revenuePerCustomer.estimate - r.comparisons.find((c) => c.key === "b")!.revenuePerCustomer.estimate, 9);
    const last = r.cumulative.at(-1)!;
    expect(last.incrementalRevenue).toBeCloseTo(total.incrementalRevenue.estimate, 6);
    expect(last.low).toBeCloseTo(total.incrementalRevenue.sequential.low, 6);
    expect(r.sampleRatio!.mismatch).toBe(false);
  });

  it("never call a result significant when its interval includes zero", () => {
    let includesZero = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = campaignResults(outcomesOf(simulate(seed, { control: 500, variants: [["", 2000]], liftRate: 0 })), settings(), "USD");
      const i = r.comparisons[0]!.incrementalRevenue.sequential;
      if (i.low <= 0 && i.high >= 0) {
        includesZero++;
        expect(r.verdict.significant).toBe(false);
        expect(r.verdict.text).toMatch(/inconclusive/);
        expect(r.verdict.text).not.toMatch(/\bsignificant\b|\bwon\b|\bwin\b/);
      } else {
        expect(r.verdict.significant).toBe(true);
      }
    }
    // With no effect the always-valid interval includes zero nearly every time.
    expect(includesZero).toBeGreaterThanOrEqual(190);
  });

  it("writes the verdict with the interval and the customers", () => {
    const r = campaignResults(outcomesOf(simulate(3, { control: 2000, variants: [["", 8000]], liftRate: 0.2 })), settings(), "USD");
    expect(r.verdict.significant).toBe(true);
    expect(r.verdict.text).toMatch(/^\+\$[\d,]+ \(95% CI \$[\d,]+ to \$[\d,]+\) from 8,000 customers; significant$/);
  });

  it("warn of a sample ratio mismatch when the split is broken, and not otherwise", () => {
    const broken = simulate(11, { control: 1300, variants: [["", 4000]], liftRate: 0 });
    const r = campaignResults(outcomesOf(broken), settings(), "USD");
    expect(r.sampleRatio!.mismatch).toBe(true);
    expect(r.warnings.join(" ")).toMatch(/Sample ratio mismatch.*control 1300, treatment 4000.*control 20%, treatment 80%/);
    const fine = campaignResults(outcomesOf(simulate(11, { control: 1000, variants: [["", 4000]], liftRate: 0 })), settings(), "USD");
    expect(fine.sampleRatio!.mismatch).toBe(false);
    expect(fine.warnings).toEqual([]);
  });

  it("find the responsive slice only, with the after-the-fact caveat", () => {
    const customers = simulate(5, { control: 3000, variants: [["", 12000]], liftRate: 0.3, segmentsRespond: new Set(["champions"]) });
    const r = campaignResults(outcomesOf(customers), settings(), "USD");
    expect(r.slices.filter((s) => s.responsive).map((s) => s.value)).toEqual(["champions"]);
    expect(r.suggestion).toMatch(/RFM segment champions.*after the fact/);
  });

  it("say what to do when nothing is measurable or it is too early", () => {
    const none = campaignResults({ arms: [{ ...sums([], "treatment", null), n: 40 }], slices: [], daily: [], refreshedAt: null, windowEndsAt: null }, settings({ controlPercent: 0 }), "USD");
    expect(none.state).toBe("no_control");
    expect(none.verdict.text).toMatch(/No control group: nothing is measurable/);
    const early = campaignResults(outcomesOf(simulate(1, { control: 5, variants: [["", 20]], liftRate: 0 })), settings(), "USD");
    expect(early.state).toBe("too_early");
    expect(early.verdict.text).toMatch(/^Too early: 25 customers so far/);
    expect(early.verdict.significant).toBe(false);
  });
});
