import { z } from "zod";
import { templateContentSchema } from "../templates/template-content.ts";

/**
 * A campaign's experiment settings as the editor and the API send them
 * (docs/experiments.md). Every campaign is an experiment: by default 10 % of
 * its eligible audience is held out as the control arm.
 */
export const variantInputSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, "A variant key is 1–40 letters, digits, '-' or '_', starting with a letter or digit (e.g. A, B, short-subject)."),
  name: z.string().trim().min(1, "Give the variant a name.").max(100),
  /** Percent of the treatment arm this variant gets; the weights of a campaign sum to 100. */
  weight: z.number().int("A weight is a whole percent.").min(1, "A weight is at least 1.").max(100, "A weight is at most 100."),
  /** What this variant sends instead of the campaign's template (any channel); null: the campaign's own. */
  content: templateContentSchema.nullable().default(null),
  /** Sent this many minutes after the campaign's own send time (then quiet hours apply). */
  sendOffsetMinutes: z.number().int().min(0).max(7 * 24 * 60, "A send-time offset is at most 7 days (10080 minutes).").default(0),
});

/** Send the rest of the audience the best variant once it is significantly better than every other one. */
export const autoWinnerInputSchema = z.strictObject({
  /** No decision before every variant has this many customers (intention to treat). */
  minCustomersPerVariant: z
    .number()
    .int("The minimum per variant is a whole number of customers.")
    .min(30, "The minimum per variant is at least 30 customers.")
    .max(1_000_000, "The minimum per variant is at most 1,000,000 customers.")
    .default(1000),
  /** What the winner must be better at: revenue per customer or conversion rate. */
  metric: z.enum(["revenue", "conversion"], { error: 'The metric is "revenue" or "conversion".' }).default("revenue"),
});

export const experimentInputSchema = z
  .strictObject({
    /** Share of the eligible audience held out as the control arm. 0 is allowed but nothing will be measurable. */
    controlPercent: z.number().int("The control group is a whole percent.").min(0, "The control group is 0 to 90 %.").max(90, "The control group is 0 to 90 %.").default(10),
    /** Orders within this many days after exposure count as the campaign's outcome. */
    attributionDays: z.number().int("The attribution window is a whole number of days.").min(1, "The attribution window is 1 to 90 days.").max(90, "The attribution window is 1 to 90 days.").default(7),
    /** What one message costs, in the workspace's currency (for ROI). */
    costPerMessage: z.number().min(0, "A cost cannot be negative.").max(1_000_000).default(0),
    /** Gross margin on revenue, for incremental profit; null when not known. */
    grossMarginPercent: z.number().min(0).max(100, "A margin is 0 to 100 %.").nullable().default(null),
    /** Reach the workspace's global control group too (transactional messages). */
    exemptFromGlobalControl: z.boolean().default(false),
    /** A/B/n variants of the treatment; empty: the campaign's own template for all of it. */
    variants: z.array(variantInputSchema).max(10, "At most 10 variants.").default([]),
    /** Automatic winner; null: every variant keeps its share until the campaign ends. */
    autoWinner: autoWinnerInputSchema.nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if (value.autoWinner && value.variants.length < 2) {
      ctx.addIssue({ code: "custom", path: ["autoWinner"], message: "An automatic winner needs at least two variants to choose from." });
    }
    if (value.variants.length === 0) return;
    const total = value.variants.reduce((sum, v) => sum + v.weight, 0);
    if (total !== 100) ctx.addIssue({ code: "custom", path: ["variants"], message: `The variants' weights sum to ${total}; they must sum to 100.` });
    const seen = new Set<string>();
    value.variants.forEach((v, i) => {
      const key = v.key.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["variants", i, "key"], message: `The key "${v.key}" is used by another variant; each needs its own.` });
      seen.add(key);
    });
  });

export type ExperimentInput = z.output<typeof experimentInputSchema>;
export type VariantInput = z.output<typeof variantInputSchema>;
export type AutoWinnerInput = z.output<typeof autoWinnerInputSchema>;

export const DEFAULT_EXPERIMENT: ExperimentInput = experimentInputSchema.parse({});

/** What the editor and the campaign page warn about (never a refusal). */
export function experimentWarnings(experiment: Pick<ExperimentInput, "controlPercent">): string[] {
  return experiment.controlPercent === 0 ? ["With no control group nothing will be measurable: the campaign's effect on revenue cannot be told apart from what customers would have done anyway."] : [];
}
