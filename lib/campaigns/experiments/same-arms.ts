import type { ExperimentInput } from "./experiment.schema.ts";

/** Whether two settings split customers the same way: the control share and each variant's key, weight, channel and offset, in order. */
export function sameArms(a: ExperimentInput, b: ExperimentInput): boolean {
  const split = (e: ExperimentInput) =>
    JSON.stringify([e.controlPercent, e.exemptFromGlobalControl, e.variants.map((v) => [v.key, v.weight, v.content?.channel ?? null, v.sendOffsetMinutes])]);
  return split(a) === split(b);
}
