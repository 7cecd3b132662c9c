import { armMoments, type ArmMoments } from "../../stats/arm-sums.ts";
import { incrementalTotal } from "../../stats/incremental.ts";
import type { Interval } from "../../stats/interval.ts";
import { mixingVarianceFor, sequentialDifference } from "../../stats/sequential.ts";
import { welchDifference, type WelchResult } from "../../stats/welch.ts";
import { MIN_CUSTOMERS_PER_ARM, RESULTS_CONFIDENCE } from "../results/campaign-results.ts";

/** One group's sums over a period, as read from programme_day and programme_link. */
export interface ProgrammeGroupSums {
  /** Customers in the group at any time in the period (members at its first day's end plus those who joined later). */
  customers: number;
  converters: number;
  /** Customer-days with a counted order (≥ converters). */
  buyerDays: number;
  orders: number;
  revenue: number;
  /** Σ over customer-days of the day's revenue squared. */
  revenueSq: number;
}

export interface ProgrammeGroup extends ProgrammeGroupSums {
  key: "control" | "rest";
  label: string;
  conversionRate: number | null;
  revenuePerCustomer: number | null;
}

export interface ProgrammeComparison {
  /** Everyone else's revenue per customer minus the control's. */
  revenuePerCustomer: { estimate: number; fixed: WelchResult; sequential: Interval };
  conversionRate: number;
  /** The difference per customer times everyone else's customers: what the programme earned in the period. */
  incrementalRevenue: { fixed: Interval; sequential: Interval };
}

export type ProgrammeVerdictKind = "gain" | "loss" | "inconclusive" | "too-early" | "no-control";

export interface ProgrammeResults {
  groups: [ProgrammeGroup, ProgrammeGroup];
  comparison: ProgrammeComparison | null;
  verdict: { kind: ProgrammeVerdictKind; text: string; interval: "sequential" };
}

/**
 * Σ over customers of their period revenue squared, from per-day sums. The
 * day sums give the squares of each customer's daily revenue; a customer who
 * bought on k days has cross terms besides. Scaling by the mean buying days
 * per converter (buyerDays / converters) is exact when every converter's days
 * are alike and is 1 (no scaling) when nobody bought twice; documented as an
 * approximation in docs/experiments.md.
 */
export function periodSumOfSquares(g: ProgrammeGroupSums): number {
  if (g.converters === 0) return 0;
  return g.revenueSq * Math.max(1, g.buyerDays / g.converters);
}

function moments(g: ProgrammeGroupSums): ArmMoments {
  return armMoments({ n: g.customers, sumY: g.revenue, sumY2: periodSumOfSquares(g) });
}

const money = (value: number, currency: string) => {
  const text = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(Math.abs(value));
  return value < 0 ? `−${text}` : text;
};

/**
 * The global control group against everyone else over one period: each
 * group's customers, converters and revenue per customer, the difference with
 * Welch's fixed-horizon interval and the always-valid interval, and the
 * incremental revenue of all campaigns together (difference × everyone
 * else's customers). The verdict reads the always-valid interval only:
 * programme numbers are looked at every day, and an interval that includes 0
 * is never called a win.
 *
 * τ² of the always-valid interval is set from the pooled variance of both
 * groups' revenue per customer at the sizes of the period (the groups are
 * randomised by the same hash, so their pooled spread barely moves with any
 * effect of the programme).
 */
export function programmeResults(control: ProgrammeGroupSums, rest: ProgrammeGroupSums, globalControlPercent: number, currency: string, confidence = RESULTS_CONFIDENCE): ProgrammeResults {
  const group = (key: "control" | "rest", label: string, g: ProgrammeGroupSums): ProgrammeGroup => ({
    ...g,
    key,
    label,
    conversionRate: g.customers > 0 ? g.converters / g.customers : null,
    revenuePerCustomer: g.customers > 0 ? g.revenue / g.customers : null,
  });
  const groups: [ProgrammeGroup, ProgrammeGroup] = [group("control", "Global control group", control), group("rest", "Everyone else", rest)];
  const level = Math.round(confidence * 100);
  if (globalControlPercent === 0 && control.customers === 0) {
    return { groups, comparison: null, verdict: { kind: "no-control", text: "No global control group in this period: the programme's effect is not measurable.", interval: "sequential" } };
  }
  if (control.customers < MIN_CUSTOMERS_PER_ARM || rest.customers < MIN_CUSTOMERS_PER_ARM) {
    const text = `Too early: ${control.customers} customers in the global control group and ${rest.customers} others in this period; results need at least ${MIN_CUSTOMERS_PER_ARM} in each.`;
    return { groups, comparison: null, verdict: { kind: "too-early", text, interval: "sequential" } };
  }
  const c = moments(control);
  const t = moments(rest);
  const fixed = welchDifference(c, t, confidence);
  const pooled = (c.variance * (c.n - 1) + t.variance * (t.n - 1)) / (c.n + t.n - 2);
  const planned = pooled * (1 / c.n + 1 / t.n);
  const sequential = planned > 0 ? sequentialDifference(c, t, { confidence, mixingVariance: mixingVarianceFor(planned, confidence) }) : { estimate: fixed.estimate, low: fixed.low, high: fixed.high };
  const comparison: ProgrammeComparison = {
    revenuePerCustomer: { estimate: fixed.estimate, fixed, sequential },
    conversionRate: rest.converters / rest.customers - control.converters / control.customers,
    incrementalRevenue: { fixed: incrementalTotal(fixed, rest.customers), sequential: incrementalTotal(sequential, rest.customers) },
  };
  const i = comparison.incrementalRevenue.sequential;
  const body = `${i.estimate >= 0 ? "+" : ""}${money(i.estimate, currency)} (${level}% CI ${money(i.low, currency)} to ${money(i.high, currency)}) from ${new Intl.NumberFormat("en-US").format(rest.customers)} customers reached by the programme`;
  const kind: ProgrammeVerdictKind = i.low > 0 ? "gain" : i.high < 0 ? "loss" : "inconclusive";
  const text =
    kind === "gain"
      ? `${body}: the campaigns together earned more than the global control group would have.`
      : kind === "loss"
        ? `${body}: the campaigns together earned less than holding everyone out would have.`
        : `${body}: inconclusive, the interval includes no change, so this is not a win.`;
  return { groups, comparison, verdict: { kind, text, interval: "sequential" } };
}
