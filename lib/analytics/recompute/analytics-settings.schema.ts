import { z } from "zod";

/**
 * Analytics settings of a workspace (workspace.settings.analytics): when the
 * nightly recompute runs, how the CLV run models customers and how many RFM
 * runs keep their snapshots. RFM's own
 * settings (the segment map) live in lib/analytics/rfm/rfm-settings.schema.ts
 * under workspace.settings.rfm.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour HH:MM, e.g. 02:00.");

export const scheduleSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** Local time (the workspace's time zone) of the nightly RFM + CLV recompute. */
  time: hhmm.default("02:00"),
});

/** The churn-risk bands a CLV run writes (customer_metrics.churn_risk_band), lowest risk first. */
export const CHURN_RISK_BANDS = ["low", "medium", "high"] as const;

export const churnRiskBandsSchema = z
  .object({
    /** P(alive) at or above this: churn risk "low". */
    lowAtLeast: z.number().gt(0).lt(1).default(0.7),
    /** P(alive) at or above this (and below lowAtLeast): "medium"; below it: "high". */
    mediumAtLeast: z.number().gt(0).lt(1).default(0.3),
  })
  .refine((b) => b.mediumAtLeast < b.lowAtLeast, { message: "The medium threshold must be below the low threshold." });

export const clvSettingsSchema = z.object({
  /** Transaction model fitted to repeat purchase days; spend is always Gamma-Gamma. */
  model: z.enum(["bg-nbd", "mbg-nbd", "pareto-nbd"]).default("bg-nbd"),
  /** Unit the model is fitted in; results (90/365 days, 12 months) do not depend on it. */
  timeUnit: z.enum(["days", "weeks"]).default("weeks"),
  /** Yearly discount rate for the 12-month CLV, applied monthly as (1 + rate)^(1/12) - 1. */
  annualDiscountRate: z.number().min(0).max(1).default(0.1),
  churnRiskBands: churnRiskBandsSchema.default({ lowAtLeast: 0.7, mediumAtLeast: 0.3 }),
});

/** Bounds of `runHistory.rfmSnapshotRuns`. */
export const RFM_SNAPSHOT_RUNS = { min: 2, max: 24, default: 3 } as const;

export const runHistorySettingsSchema = z.object({
  /**
   * Every scored customer's RFM cell (rfm_snapshot, about 1M rows per run at
   * 1M customers) is kept for this many of the latest successful RFM runs;
   * each run deletes the older ones as it publishes. Segment moves can be
   * shown only between kept runs, so at least the last two stay.
   */
  rfmSnapshotRuns: z
    .number()
    .int()
    .min(RFM_SNAPSHOT_RUNS.min, `Keep at least ${RFM_SNAPSHOT_RUNS.min} runs: the RFM page compares the last two.`)
    .max(RFM_SNAPSHOT_RUNS.max, `Keep at most ${RFM_SNAPSHOT_RUNS.max} runs (each holds a row per scored customer).`)
    .default(RFM_SNAPSHOT_RUNS.default),
});

export const analyticsSettingsSchema = z.object({
  schedule: scheduleSettingsSchema.default({ enabled: true, time: "02:00" }),
  clv: clvSettingsSchema.default({
    model: "bg-nbd",
    timeUnit: "weeks",
    annualDiscountRate: 0.1,
    churnRiskBands: { lowAtLeast: 0.7, mediumAtLeast: 0.3 },
  }),
  runHistory: runHistorySettingsSchema.default({ rfmSnapshotRuns: RFM_SNAPSHOT_RUNS.default }),
});

export type AnalyticsSettings = z.infer<typeof analyticsSettingsSchema>;
export type ScheduleSettings = z.infer<typeof scheduleSettingsSchema>;
export type ClvSettings = z.infer<typeof clvSettingsSchema>;
export type RunHistorySettings = z.infer<typeof runHistorySettingsSchema>;

/** The analytics settings in a workspace's settings JSON, defaults filled in. Throws ZodError if invalid. */
export function readAnalyticsSettings(workspaceSettings: unknown): AnalyticsSettings {
  return analyticsSettingsSchema.parse(storedAnalytics(workspaceSettings) ?? {});
}

/**
 * Only the run history part: an RFM run reads this and its own RFM settings,
 * so a CLV setting it does not use can never fail it. Throws ZodError if invalid.
 */
export function readRunHistorySettings(workspaceSettings: unknown): RunHistorySettings {
  const analytics = storedAnalytics(workspaceSettings);
  const stored = isRecord(analytics) ? analytics.runHistory : undefined;
  return runHistorySettingsSchema.parse(stored ?? {});
}

function storedAnalytics(workspaceSettings: unknown): unknown {
  return isRecord(workspaceSettings) ? workspaceSettings.analytics : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
