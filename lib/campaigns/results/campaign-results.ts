/**
 * A campaign's results from the per-arm sums the outcomes worker keeps
 * (arm-outcomes.ts), never from orders: per arm and variant outcomes, each
 * treatment (all variants together, then each variant) against the control
 * with fixed-horizon (Welch) and always-valid (sequential) intervals, CUPED
 * beside plain, incremental conversions, revenue and ROI, variants against
 * each other, the sample-ratio check, the verdict sentence, the cumulative
 * incremental revenue series with its band, and uplift by slice.
 * Pure: the loader (load-campaign-results.ts) reads the rows. docs/campaign-results.md.
 */
import { armMoments, type ArmMoments, type ArmSums } from "../../stats/arm-sums.ts";
import { cupedDifference } from "../../stats/cuped.ts";
import { relativeLift } from "../../stats/delta-method.ts";
import { incrementalRoi, incrementalTotal } from "../../stats/incremental.ts";
import type { Interval } from "../../stats/interval.ts";
import { sampleRatioCheck } from "../../stats/sample-ratio.ts";
import { mixingVarianceFor, sequentialHalfWidth } from "../../stats/sequential.ts";
import { welchDifference } from "../../stats/welch.ts";
import type { ArmOutcome, CampaignArmOutcomes, SliceOutcome } from "./arm-outcomes.ts";

export const RESULTS_CONFIDENCE = 0.95;
/** Below this many customers in the control or a compared arm, no interval is shown ("too early"). */
export const MIN_CUSTOMERS_PER_ARM = 30;

export interface CampaignResultsSettings {
  controlPercent: number;
  variants: { key: string; name: string; weight: number }[];
  costPerMessage: number;
  /** Null when the campaign has no margin set: ROI is then not computed. */
  grossMarginPercent: number | null;
  /** Treatment messages sent (campaign_stats.sent); apportioned to variants by their customers. */
  messagesSent: number;
}

export interface OutcomeRow {
  /** "control", "treatment" (no variants) or the variant's key. */
  key: string;
  label: string;
  arm: "control" | "treatment";
  variantKey: string | null;
  customers: number;
  converters: number;
  conversionRate: number;
  orders: number;
  revenue: number;
  revenuePerCustomer: number;
  /** Null without orders. */
  averageOrderValue: number | null;
  unsubscribes: number;
}

export interface TwoIntervals extends Interval {
  /** Welch, fixed horizon: valid for one look at the end. */
  fixed: Interval & { pValue: number };
  /** Always valid: for looking every day. The verdict uses this one. */
  sequential: Interval;
}

export interface ArmComparison {
  key: string;
  label: string;
  customers: number;
  revenuePerCustomer: TwoIntervals;
  conversionRate: TwoIntervals;
  /** Relative lift in revenue per customer (delta method); null when the control has no revenue. */
  relativeLift: Interval | null;
  incrementalRevenue: TwoIntervals;
  incrementalConversions: TwoIntervals;
  /** ROI of the incremental gross margin over the messages' cost (sequential interval); null without cost or margin. */
  roi: Interval | null;
  /** CUPED on the pre-period revenue; null when the pre-period carries no information. */
  cuped: (Interval & { narrowing: number }) | null;
}

export interface VariantPair {
  a: string;
  b: string;
  /** Revenue per customer of a minus b. */
  revenuePerCustomer: TwoIntervals;
  conversionRate: TwoIntervals;
}

export interface SliceUplift {
  slice: SliceOutcome["slice"];
  value: string;
  controlCustomers: number;
  treatedCustomers: number;
  revenuePerCustomer: (Interval & { pValue: number }) | null;
  incrementalRevenue: Interval | null;
  /** The interval, at the confidence corrected for the slices of its kind, lies above zero. */
  responsive: boolean;
}

export interface CumulativePoint {
  day: string;
  incrementalRevenue: number;
  low: number;
  high: number;
}

export type ResultsState = "no_control" | "too_early" | "ready";

export interface CampaignResults {
  state: ResultsState;
  confidence: number;
  /** Customers assigned so far, all arms. */
  customers: number;
  arms: OutcomeRow[];
  /** The whole treatment against the control first, then each variant (when there are variants). */
  comparisons: ArmComparison[];
  variantPairs: VariantPair[];
  sampleRatio: { pValue: number; mismatch: boolean; expected: Record<string, number>; observed: Record<string, number> } | null;
  verdict: { text: string; significant: boolean; interval: "sequential" };
  cumulative: CumulativePoint[];
  slices: SliceUplift[];
  /** Set when some slice responded: the post-hoc caveat goes with it. */
  suggestion: string | null;
  warnings: string[];
}

const TOTAL = "treatment";

function addSums(rows: readonly ArmOutcome[]): ArmOutcome {
  const first = rows[0]!;
  const total: ArmOutcome = { arm: first.arm, variantKey: null, n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0, converters: 0, orders: 0, unsubscribes: 0 };
  for (const r of rows) {
    total.n += r.n;
    total.sumY += r.sumY;
    total.sumY2 += r.sumY2;
    total.sumX += r.sumX;
    total.sumX2 += r.sumX2;
    total.sumXY += r.sumXY;
    total.converters += r.converters;
    total.orders += r.orders;
    total.unsubscribes += r.unsubscribes;
  }
  return total;
}

/** A 0/1 conversion as ArmSums: Σy = Σy² = converters. */
const conversionSums = (o: ArmOutcome): ArmSums => ({ n: o.n, sumY: o.converters, sumY2: o.converters });

function outcomeRow(key: string, label: string, o: ArmOutcome): OutcomeRow {
  return {
    key,
    label,
    arm: o.arm,
    variantKey: o.variantKey,
    customers: o.n,
    converters: o.converters,
    conversionRate: o.n > 0 ? o.converters / o.n : 0,
    orders: o.orders,
    revenue: o.sumY,
    revenuePerCustomer: o.n > 0 ? o.sumY / o.n : 0,
    averageOrderValue: o.orders > 0 ? o.sumY / o.orders : null,
    unsubscribes: o.unsubscribes,
  };
}

/**
 * τ² for the sequential interval must be fixed without looking at the outcome.
 * Revenue: the pooled variance of the pre-period revenue (known at assignment)
 * over the arm sizes; conversion: the largest Bernoulli variance, 1/4. When
 * nobody bought in the pre-period, the control's outcome variance stands in
 * (documented: a mild dependence on the data, the interval stays close).
 */
function plannedMixing(kind: "revenue" | "conversion", control: ArmOutcome, treated: ArmOutcome): number {
  const sizes = 1 / control.n + 1 / treated.n;
  if (kind === "conversion") return mixingVarianceFor(0.25 * sizes, RESULTS_CONFIDENCE);
  const n = control.n + treated.n;
  const sumX = control.sumX + treated.sumX;
  const sumX2 = control.sumX2 + treated.sumX2;
  let variance = n > 1 ? (sumX2 - (sumX * sumX) / n) / (n - 1) : 0;
  if (!(variance > 0)) variance = armMoments(control).variance;
  if (!(variance > 0)) variance = 1;
  return mixingVarianceFor(variance * sizes, RESULTS_CONFIDENCE);
}

function twoIntervals(control: ArmMoments, treated: ArmMoments, mixingVariance: number, scale = 1): TwoIntervals {
  const fixed = welchDifference(control, treated, RESULTS_CONFIDENCE);
  const variance = control.variance / control.n + treated.variance / treated.n;
  const half = sequentialHalfWidth(variance, mixingVariance, 1 - RESULTS_CONFIDENCE);
  const estimate = fixed.estimate * scale;
  return {
    estimate,
    low: (fixed.estimate - half) * scale,
    high: (fixed.estimate + half) * scale,
    fixed: { estimate, low: fixed.low * scale, high: fixed.high * scale, pValue: fixed.pValue },
    sequential: { estimate, low: (fixed.estimate - half) * scale, high: (fixed.estimate + half) * scale },
  };
}

function compare(key: string, label: string, control: ArmOutcome, treated: ArmOutcome, settings: CampaignResultsSettings, messages: number): ArmComparison {
  const c = armMoments(control);
  const t = armMoments(treated);
  const revenueTau = plannedMixing("revenue", control, treated);
  const conversionTau = plannedMixing("conversion", control, treated);
  const revenuePerCustomer = twoIntervals(c, t, revenueTau);
  const conversionRate = twoIntervals(armMoments(conversionSums(control)), armMoments(conversionSums(treated)), conversionTau);
  const incrementalRevenue = twoIntervals(c, t, revenueTau, treated.n);
  const incrementalConversions = twoIntervals(armMoments(conversionSums(control)), armMoments(conversionSums(treated)), conversionTau, treated.n);
  const lift = relativeLift(c, t, RESULTS_CONFIDENCE);
  const roi =
    settings.grossMarginPercent === null
      ? null
      : incrementalRoi({ incrementalRevenue: incrementalRevenue.sequential, grossMarginPercent: settings.grossMarginPercent, costPerMessage: settings.costPerMessage, messagesSent: messages });
  const plain = welchDifference(c, t, RESULTS_CONFIDENCE);
  const preInformative = control.sumX2 - (control.sumX * control.sumX) / control.n > 0 && treated.sumX2 - (treated.sumX * treated.sumX) / treated.n > 0;
  const cupedResult = preInformative ? cupedDifference(control, treated, plain, RESULTS_CONFIDENCE) : null;
  return {
    key,
    label,
    customers: treated.n,
    revenuePerCustomer,
    conversionRate,
    relativeLift: lift === null ? null : { estimate: lift.estimate, low: lift.low, high: lift.high },
    incrementalRevenue,
    incrementalConversions,
    roi,
    cuped: cupedResult === null ? null : { estimate: cupedResult.estimate, low: cupedResult.low, high: cupedResult.high, narrowing: cupedResult.narrowing },
  };
}

const money = (value: number, currency: string) => {
  const text = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(Math.abs(value));
  return value < 0 ? `−${text}` : text;
};
const signedMoney = (value: number, currency: string) => (value >= 0 ? `+${money(value, currency)}` : money(value, currency));

/** The verdict reads the sequential interval: significant only when it excludes 0. */
export function verdictFor(comparison: ArmComparison, currency: string, confidence = RESULTS_CONFIDENCE): { text: string; significant: boolean; interval: "sequential" } {
  const i = comparison.incrementalRevenue.sequential;
  const significant = i.low > 0 || i.high < 0;
  const level = Math.round(confidence * 100);
  const body = `${signedMoney(i.estimate, currency)} (${level}% CI ${money(i.low, currency)} to ${money(i.high, currency)}) from ${new Intl.NumberFormat("en-US").format(comparison.customers)} customers`;
  if (!significant) return { text: `${body}; inconclusive: the interval includes no change`, significant, interval: "sequential" };
  return { text: i.low > 0 ? `${body}; significant` : `${body}; significant loss`, significant, interval: "sequential" };
}

/**
 * Cumulative incremental revenue by day: treated revenue so far minus the
 * control's scaled to the treated size. The band uses the sequential
 * half-width with each arm's second moment taken in proportion to the share
 * of its revenue reached by that day (exact on the last day, where the band
 * equals the final interval; an approximation before).
 */
function cumulativeSeries(daily: CampaignArmOutcomes["daily"], control: ArmOutcome, treated: ArmOutcome, mixingVariance: number): CumulativePoint[] {
  const days = [...new Set(daily.map((d) => d.day))].sort();
  let revC = 0;
  let revT = 0;
  const points: CumulativePoint[] = [];
  const byDay = new Map<string, { c: number; t: number }>();
  for (const d of daily) {
    const slot = byDay.get(d.day) ?? { c: 0, t: 0 };
    if (d.arm === "control") slot.c += d.revenue;
    else slot.t += d.revenue;
    byDay.set(d.day, slot);
  }
  const moments = (revenueSoFar: number, arm: ArmOutcome): ArmMoments => {
    const share = arm.sumY > 0 ? Math.min(1, revenueSoFar / arm.sumY) : 0;
    const mean = revenueSoFar / arm.n;
    const second = (arm.sumY2 * share) / arm.n;
    return { n: arm.n, mean, variance: Math.max(0, ((second - mean * mean) * arm.n) / (arm.n - 1)) };
  };
  for (const day of days) {
    const slot = byDay.get(day)!;
    revC += slot.c;
    revT += slot.t;
    const c = moments(revC, control);
    const t = moments(revT, treated);
    const estimate = (t.mean - c.mean) * treated.n;
    const half = sequentialHalfWidth(c.variance / c.n + t.variance / t.n, mixingVariance, 1 - RESULTS_CONFIDENCE) * treated.n;
    points.push({ day, incrementalRevenue: estimate, low: estimate - half, high: estimate + half });
  }
  return points;
}

function sliceUplifts(slices: readonly SliceOutcome[]): SliceUplift[] {
  const groups = new Map<string, { slice: SliceOutcome["slice"]; value: string; control: SliceOutcome[]; treated: SliceOutcome[] }>();
  for (const s of slices) {
    const id = `${s.slice}\u0000${s.value}`;
    const g = groups.get(id) ?? { slice: s.slice, value: s.value, control: [], treated: [] };
    (s.arm === "control" ? g.control : g.treated).push(s);
    groups.set(id, g);
  }
  const perKind = new Map<string, number>();
  for (const g of groups.values()) perKind.set(g.slice, (perKind.get(g.slice) ?? 0) + 1);
  const out: SliceUplift[] = [];
  for (const g of groups.values()) {
    const control = g.control.length > 0 ? addSums(g.control) : null;
    const treated = g.treated.length > 0 ? addSums(g.treated) : null;
    const row: SliceUplift = { slice: g.slice, value: g.value, controlCustomers: control?.n ?? 0, treatedCustomers: treated?.n ?? 0, revenuePerCustomer: null, incrementalRevenue: null, responsive: false };
    if (control !== null && treated !== null && control.n >= MIN_CUSTOMERS_PER_ARM && treated.n >= MIN_CUSTOMERS_PER_ARM) {
      const w = welchDifference(armMoments(control), armMoments(treated), RESULTS_CONFIDENCE);
      row.revenuePerCustomer = { estimate: w.estimate, low: w.low, high: w.high, pValue: w.pValue };
      row.incrementalRevenue = incrementalTotal(w, treated.n);
      // Slices are looked at after the fact, many at once: Bonferroni over the slices of this kind.
      const corrected = welchDifference(armMoments(control), armMoments(treated), 1 - (1 - RESULTS_CONFIDENCE) / perKind.get(g.slice)!);
      row.responsive = corrected.low > 0;
    }
    out.push(row);
  }
  const kindOrder = { rfm_segment: 0, churn_band: 1, clv_decile: 2 } as const;
  return out.sort((a, b) => kindOrder[a.slice] - kindOrder[b.slice] || a.value.localeCompare(b.value, "en", { numeric: true }));
}

const SLICE_NAMES = { rfm_segment: "RFM segment", churn_band: "churn band", clv_decile: "CLV decile" } as const;

export function campaignResults(outcomes: CampaignArmOutcomes, settings: CampaignResultsSettings, currency: string): CampaignResults {
  const control = outcomes.arms.find((a) => a.arm === "control");
  const treatedRows = outcomes.arms.filter((a) => a.arm === "treatment");
  const customers = outcomes.arms.reduce((s, a) => s + a.n, 0);
  const variantName = new Map(settings.variants.map((v) => [v.key, v.name]));
  const arms: OutcomeRow[] = [];
  if (control) arms.push(outcomeRow("control", "Control", control));
  const treated = treatedRows.length > 0 ? addSums(treatedRows) : null;
  if (treated) arms.push(outcomeRow(TOTAL, treatedRows.length > 1 || treatedRows[0]?.variantKey ? "Treatment (all variants)" : "Treatment", treated));
  const withVariants = treatedRows.filter((r) => r.variantKey !== null);
  for (const v of withVariants) arms.push(outcomeRow(v.variantKey!, `Variant ${variantName.get(v.variantKey!) ?? v.variantKey}`, v));

  const empty = (state: ResultsState, text: string): CampaignResults => ({
    state,
    confidence: RESULTS_CONFIDENCE,
    customers,
    arms,
    comparisons: [],
    variantPairs: [],
    sampleRatio: null,
    verdict: { text, significant: false, interval: "sequential" },
    cumulative: [],
    slices: [],
    suggestion: null,
    warnings: [],
  });
  if (settings.controlPercent === 0 && !control) return empty("no_control", "No control group: nothing is measurable.");
  if (!control || !treated || control.n < MIN_CUSTOMERS_PER_ARM || treated.n < MIN_CUSTOMERS_PER_ARM) {
    return empty("too_early", `Too early: ${new Intl.NumberFormat("en-US").format(customers)} customers so far; results need at least ${MIN_CUSTOMERS_PER_ARM} in the control and in the treatment.`);
  }

  const messagesFor = (n: number) => (treated.n > 0 ? (settings.messagesSent * n) / treated.n : 0);
  const comparisons = [compare(TOTAL, "Treatment vs control", control, treated, settings, settings.messagesSent)];
  for (const v of withVariants) {
    if (v.n >= MIN_CUSTOMERS_PER_ARM) comparisons.push(compare(v.variantKey!, `Variant ${variantName.get(v.variantKey!) ?? v.variantKey} vs control`, control, v, settings, messagesFor(v.n)));
  }

  const variantPairs: VariantPair[] = [];
  const comparable = withVariants.filter((v) => v.n >= MIN_CUSTOMERS_PER_ARM);
  for (let i = 0; i < comparable.length; i++) {
    for (let j = i + 1; j < comparable.length; j++) {
      const a = comparable[i]!;
      const b = comparable[j]!;
      variantPairs.push({
        a: a.variantKey!,
        b: b.variantKey!,
        revenuePerCustomer: twoIntervals(armMoments(b), armMoments(a), plannedMixing("revenue", b, a)),
        conversionRate: twoIntervals(armMoments(conversionSums(b)), armMoments(conversionSums(a)), plannedMixing("conversion", b, a)),
      });
    }
  }

  // Sample ratio: control and each variant (or the treatment) against the configured split.
  const groups = [{ key: "control", n: control.n, share: settings.controlPercent }];
  if (withVariants.length > 0) {
    for (const v of settings.variants) groups.push({ key: v.key, n: withVariants.find((r) => r.variantKey === v.key)?.n ?? 0, share: ((100 - settings.controlPercent) * v.weight) / 100 });
  } else groups.push({ key: TOTAL, n: treated.n, share: 100 - settings.controlPercent });
  const warnings: string[] = [];
  let sampleRatio: CampaignResults["sampleRatio"] = null;
  if (groups.every((g) => g.share > 0)) {
    const srm = sampleRatioCheck(
      groups.map((g) => g.n),
      groups.map((g) => g.share),
    );
    sampleRatio = {
      pValue: srm.pValue,
      mismatch: srm.mismatch,
      expected: Object.fromEntries(groups.map((g) => [g.key, g.share / 100])),
      observed: Object.fromEntries(groups.map((g) => [g.key, g.n])),
    };
    if (srm.mismatch) {
      warnings.push(
        `Sample ratio mismatch (p = ${srm.pValue.toPrecision(2)}): the arms' sizes (${groups.map((g) => `${g.key} ${g.n}`).join(", ")}) do not fit the configured split (${groups.map((g) => `${g.key} ${g.share}%`).join(", ")}). Assignment may be broken; treat every other number with suspicion.`,
      );
    }
  }

  const total = comparisons[0]!;
  const slices = sliceUplifts(outcomes.slices);
  const responsive = slices.filter((s) => s.responsive);
  const suggestion =
    responsive.length === 0
      ? null
      : `Next time, consider targeting only ${responsive.map((s) => `${SLICE_NAMES[s.slice]} ${s.value}`).join(", ")}: their uplift is clearly positive. These slices were picked after the fact, so confirm with a new test before relying on it.`;

  return {
    state: "ready",
    confidence: RESULTS_CONFIDENCE,
    customers,
    arms,
    comparisons,
    variantPairs,
    sampleRatio,
    verdict: verdictFor(total, currency),
    cumulative: cumulativeSeries(outcomes.daily, control, treated, plannedMixing("revenue", control, treated)),
    slices,
    suggestion,
    warnings,
  };
}
