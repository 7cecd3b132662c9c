import { z } from "zod";
import { analyticsSettingsSchema } from "../analytics/recompute/analytics-settings.schema.ts";
import { rfmSettingsSchema } from "../analytics/rfm/rfm-settings.schema.ts";

/** What an admin submits on the analytics settings page: both sections, validated by their own schemas. */
export const analyticsSettingsInputSchema = z.object({
  analytics: analyticsSettingsSchema,
  rfm: rfmSettingsSchema,
});

export type AnalyticsSettingsInput = z.infer<typeof analyticsSettingsInputSchema>;
