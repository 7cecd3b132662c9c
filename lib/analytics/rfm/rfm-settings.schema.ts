import { z } from "zod";
import { describeProblems, gridProblems, type SegmentRule } from "./segment-grid.ts";

/**
 * RFM settings of a workspace (workspace.settings.rfm). An admin may rename
 * segments or move cells; the rules must still tile the 5 × 5 (R, FM) grid,
 * so every scored customer lands in exactly one segment.
 */

export const RFM_SEGMENT_NAMES = [
  "Champions",
  "Loyal",
  "Potential loyalist",
  "New",
  "Promising",
  "Need attention",
  "About to sleep",
  "At risk",
  "Cannot lose them",
  "Hibernating",
  "Lost",
] as const;

/**
 * The default map (rows R, columns FM; 5 = best), after the widely used
 * R × F grid, with its "Hibernating" corner split so the long-gone (R = 1)
 * are told apart as "Lost":
 *
 *        FM=1            FM=2                FM=3                FM=4        FM=5
 *   R=5  New             Potential loyalist  Potential loyalist  Champions   Champions
 *   R=4  Promising       Potential loyalist  Potential loyalist  Loyal       Loyal
 *   R=3  About to sleep  About to sleep      Need attention      Loyal       Loyal
 *   R=2  Hibernating     Hibernating         At risk             At risk     Cannot lose them
 *   R=1  Lost            Lost                At risk             At risk     Cannot lose them
 */
export const DEFAULT_RFM_SEGMENT_RULES: readonly SegmentRule[] = [
  { segment: "Champions", r: [5, 5], fm: [4, 5] },
  { segment: "Loyal", r: [3, 4], fm: [4, 5] },
  { segment: "Potential loyalist", r: [4, 5], fm: [2, 3] },
  { segment: "New", r: [5, 5], fm: [1, 1] },
  { segment: "Promising", r: [4, 4], fm: [1, 1] },
  { segment: "Need attention", r: [3, 3], fm: [3, 3] },
  { segment: "About to sleep", r: [3, 3], fm: [1, 2] },
  { segment: "At risk", r: [1, 2], fm: [3, 4] },
  { segment: "Cannot lose them", r: [1, 2], fm: [5, 5] },
  { segment: "Hibernating", r: [2, 2], fm: [1, 2] },
  { segment: "Lost", r: [1, 1], fm: [1, 2] },
];

const pair = (range: readonly [number, number]): [number, number] => [range[0], range[1]];

const score = z.number().int().min(1).max(5);
const scoreRange = z
  .tuple([score, score])
  .refine(([min, max]) => min <= max, { message: "The range's first score must not exceed its second." });

export const segmentRuleSchema = z.object({
  segment: z.string().trim().min(1).max(60),
  r: scoreRange,
  fm: scoreRange,
});

export const rfmSettingsSchema = z.object({
  /** Columns of the grid: F alone, or F and M combined as round-half-up((F + M) / 2). */
  secondAxis: z.enum(["frequency", "frequency-monetary"]).default("frequency-monetary"),
  segments: z
    .array(segmentRuleSchema)
    .min(1)
    .max(25)
    .superRefine((rules, ctx) => {
      const problems = gridProblems(rules);
      if (problems.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `Every (R, FM) cell must belong to exactly one segment: ${describeProblems(problems)}.`,
        });
      }
    })
    .default(() => DEFAULT_RFM_SEGMENT_RULES.map((rule) => ({ segment: rule.segment, r: pair(rule.r), fm: pair(rule.fm) }))),
});

export type RfmSettings = z.infer<typeof rfmSettingsSchema>;

/** The RFM settings stored in a workspace's settings JSON, defaults filled in. Throws ZodError if stored settings are invalid. */
export function readRfmSettings(workspaceSettings: unknown): RfmSettings {
  const stored = isRecord(workspaceSettings) ? workspaceSettings.rfm : undefined;
  return rfmSettingsSchema.parse(stored ?? {});
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
