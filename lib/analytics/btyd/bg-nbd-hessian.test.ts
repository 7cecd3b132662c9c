import { describe, expect, it } from "vitest";
import { bgNbdLogLikelihoodHessian } from "./bg-nbd-hessian.ts";
import { bgNbdLogLikelihoodPrepared, type BgNbdParams } from "./bg-nbd.ts";
import { loadCdnow } from "./fixtures/load-fixtures.ts";
import { prepareData } from "./prepare-data.ts";

const NAMES = ["r", "alpha", "a", "b"] as const;

describe("BG/NBD analytic Hessian", () => {
  const data = prepareData(loadCdnow());

  // oracle: central differences of the analytic gradient (itself checked against the likelihood)
  const numericHessian = (p: BgNbdParams, modified: boolean) =>
    NAMES.map((name) => {
      const h = 1e-5 * p[name];
      const up = new Float64Array(4);
      const down = new Float64Array(4);
      bgNbdLogLikelihoodPrepared({ ...p, [name]: p[name] + h }, data, up, modified);
      bgNbdLogLikelihoodPrepared({ ...p, [name]: p[name] - h }, data, down, modified);
      return Array.from(up, (u, i) => (u - down[i]!) / (2 * h));
    });

  it("matches differences of the gradient for BG/NBD and MBG/NBD, near and away from the optimum", () => {
    for (const p of [
      { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      { r: 1.7, alpha: 12, a: 2.5, b: 0.6 },
    ]) {
      for (const modified of [false, true]) {
        const analytic = bgNbdLogLikelihoodHessian(p, data, modified);
        const numeric = numericHessian(p, modified);
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            // scale-free comparison: entries relative to the diagonal they couple
            const scale = Math.sqrt(Math.abs(numeric[i]![i]! * numeric[j]![j]!));
            expect(Math.abs(analytic[i]![j]! - numeric[j]![i]!) / scale, `${NAMES[i]}, ${NAMES[j]}, modified=${modified}`).toBeLessThan(1e-6);
          }
        }
      }
    }
  });
});
