import type { ExperimentInput } from "./experiment.schema.ts";

/** A campaign's experiment in sentences, for the campaign page. */
export function describeExperiment(experiment: ExperimentInput): string[] {
  const lines = [
    experiment.controlPercent === 0 ? "No control group." : `${experiment.controlPercent} % of the eligible audience is held out as the control group.`,
    `Orders within ${experiment.attributionDays} day${experiment.attributionDays === 1 ? "" : "s"} of the send (or the hold-out) count as its outcome.`,
    experiment.exemptFromGlobalControl ? "Exempt from the workspace's global control group." : "The workspace's global control group is left out.",
  ];
  if (experiment.variants.length > 0) {
    lines.push(
      `Variants: ${experiment.variants
        .map((v) => `${v.key} “${v.name}” ${v.weight} %${v.content ? ` (own ${v.content.channel === "email" ? "email" : v.content.channel} template)` : ""}${v.sendOffsetMinutes ? `, ${v.sendOffsetMinutes} min later` : ""}`)
        .join("; ")}.`,
    );
  }
  if (experiment.autoWinner) {
    lines.push(
      `Automatic winner on ${experiment.autoWinner.metric === "revenue" ? "revenue per customer" : "conversion rate"}: once every variant has ${experiment.autoWinner.minCustomersPerVariant} customers, a variant significantly better than every other goes to everyone not yet sent.`,
    );
  }
  if (experiment.costPerMessage > 0) lines.push(`Cost per message: ${experiment.costPerMessage}.`);
  if (experiment.grossMarginPercent !== null) lines.push(`Gross margin: ${experiment.grossMarginPercent} %.`);
  return lines;
}
