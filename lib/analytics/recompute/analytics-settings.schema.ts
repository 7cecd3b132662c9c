import { z } from "zod";

/**
 * Analytics settings of a workspace (workspace.settings.analytics): when the
 * nightly recompute runs and how the CLV run models customers. RFM's own
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

export const analyticsSettingsSchema = z.object({
  schedule: scheduleSettingsSchema.default({ enabled: true, time: "02:00" }),
  clv: clvSettingsSchema.default({
    model: "bg-nbd",
    timeUnit: "weeks",
    annualDiscountRate: 0.1,
    churnRiskBands: { lowAtLeast: 0.7, mediumAtLeast: 0.3 },
  }),
});

export type AnalyticsSettings = z.infer<typeof analyticsSettingsSchema>;
export type ScheduleSettings = z.infer<typeof scheduleSettingsSchema>;
export type ClvSettings = z.infer<typeof clvSettingsSchema>;

/** The analytics settings in a workspace's settings JSON, defaults filled in. Throws ZodError if invalid. */
export function readAnalyticsSettings(workspaceSettings: unknown): AnalyticsSettings {
  const stored =
    typeof workspaceSettings === "object" && workspaceSettings !== null && !Array.isArray(workspaceSettings)
      ? (workspaceSettings as Record<string, unknown>).analytics
      : undefined;
  return analyticsSettingsSchema.parse(stored ?? {});
}
