import { z } from "zod";

/** `workspace.settings.analytics.clusters`: how a clusters run chooses k and measures novelty. */
export const CLUSTER_K_BOUNDS = { min: 2, max: 12 } as const;

export const clusterSettingsSchema = z
  .object({
    /** A fixed number of clusters, or "auto": the best silhouette between kMin and kMax. */
    k: z.union([z.literal("auto"), z.number().int().min(CLUSTER_K_BOUNDS.min).max(CLUSTER_K_BOUNDS.max)]).default("auto"),
    kMin: z.number().int().min(CLUSTER_K_BOUNDS.min).max(CLUSTER_K_BOUNDS.max).default(3),
    kMax: z.number().int().min(CLUSTER_K_BOUNDS.min).max(CLUSTER_K_BOUNDS.max).default(8),
    /** A purchase counts as new-product when made within this many days of the product's launch date. */
    noveltyDays: z.number().int().min(1).max(365).default(30),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  })
  .refine((s) => s.kMin <= s.kMax, { message: "kMin must not exceed kMax", path: ["kMin"] });

export type ClusterSettings = z.infer<typeof clusterSettingsSchema>;

export function readClusterSettings(workspaceSettings: unknown): ClusterSettings {
  const analytics = isRecord(workspaceSettings) ? workspaceSettings.analytics : undefined;
  const stored = isRecord(analytics) ? analytics.clusters : undefined;
  return clusterSettingsSchema.parse(stored ?? {});
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
