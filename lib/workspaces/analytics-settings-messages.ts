import { RFM_SNAPSHOT_RUNS } from "../analytics/recompute/analytics-settings.schema.ts";

/**
 * The analytics settings form's field errors in plain words. The schemas'
 * own sentences (the HH:MM hint, the kept-runs bounds, the threshold order,
 * the grid coverage) already read well and are kept; generic type and range
 * messages ("Too small: expected number to be >0") are replaced by what the
 * field accepts. Keys are the form's field paths (as the server names them).
 */
const PLAIN: [RegExp, string][] = [
  [/^analytics\.schedule\.time$/, "Enter a time as HH:MM on a 24-hour clock, e.g. 02:00."],
  [/^analytics\.clv\.annualDiscountRate$/, "Enter a yearly discount rate from 0% to 100%."],
  [/^analytics\.clv\.churnRiskBands\.(lowAtLeast|mediumAtLeast)$/, "Enter a P(alive) threshold above 0% and below 100%."],
  [/^analytics\.runHistory\.rfmSnapshotRuns$/, `Enter a whole number of runs from ${RFM_SNAPSHOT_RUNS.min} to ${RFM_SNAPSHOT_RUNS.max}.`],
  [/^rfm\.segments\.\d+\.segment$/, "Give the segment a name of 1 to 60 characters."],
  [/^rfm\.segments\.\d+\.(r|fm)(\.\d)?$/, "Scores run from 1 to 5, and the first must not be above the second."],
];

/** Messages the schemas write for people (kept as they are). */
const KEEP = [/^Use 24-hour/, /^Keep at (least|most)/, /threshold must be below/, /^Every \(R, FM\) cell/, /first score must not exceed/];

export function plainFieldMessage(path: string, message: string): string {
  if (KEEP.some((k) => k.test(message))) return message;
  return PLAIN.find(([p]) => p.test(path))?.[1] ?? message;
}

/**
 * Where a server error is shown: an error about a whole group (the bands'
 * order, the grid) goes beside the field that most likely needs changing.
 */
export function fieldForPath(path: string): string {
  if (path === "analytics.clv.churnRiskBands") return "analytics.clv.churnRiskBands.mediumAtLeast";
  const range = /^(rfm\.segments\.\d+\.(?:r|fm))\.\d$/.exec(path);
  return range ? range[1]! : path;
}
