/**
 * Analytic Hessian of the BG/NBD (and MBG/NBD) weighted log-likelihood in the
 * natural parameters (r, alpha, a, b). The fit's covariance needs it once at
 * the optimum; by finite differences that was eight full gradient passes,
 * here it is one pass.
 *
 * Per row, ln L = l3 + softplus(d) with l3 = -(r+x) ln(alpha+T) and
 * d = ln a - ln(b+x-1) + (r+x)(ln(alpha+T) - ln(alpha+tx)) (b+x-1 is b+x for
 * MBG/NBD), so its Hessian is ∇²l3 + σ ∇²d + σ(1-σ) ∇d ∇dᵀ with σ = 1/(1+e^-d);
 * the per-x log-gamma constants add trigamma terms.
 */
import type { BgNbdParams } from "./bg-nbd.ts";
import { trigamma } from "./math/trigamma.ts";
import type { PreparedData } from "./prepare-data.ts";

// packed upper triangle of the symmetric 4 x 4 Hessian, in (r, alpha, a, b) order
const RR = 0;
const RAL = 1;
const RA = 2;
const RB = 3;
const ALAL = 4;
const ALA = 5;
const ALB = 6;
const AA = 7;
const AB = 8;
const BB = 9;

export function bgNbdLogLikelihoodHessian(p: BgNbdParams, data: PreparedData, modified = false): number[][] {
  const shift = modified ? 1 : 0;
  const { r, alpha, a, b } = p;
  const h = new Float64Array(10);
  const nx = data.xs.values.length;
  const tgR = trigamma(r);
  const tgAB = trigamma(a + b);
  const tgB = trigamma(b);
  const logBx1 = new Float64Array(nx);
  const invB = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const x = data.xs.values[k]!;
    const w = data.weightPerX[k]!;
    const tgABX = trigamma(a + b + x + shift);
    h[RR]! += w * (trigamma(r + x) - tgR);
    h[RAL]! += w / alpha;
    h[ALAL]! -= (w * r) / (alpha * alpha);
    h[AA]! += w * (tgAB - tgABX);
    h[AB]! += w * (tgAB - tgABX);
    h[BB]! += w * (tgAB + trigamma(b + x + shift) - tgB - tgABX);
    logBx1[k] = x > 0 || modified ? Math.log(b + x - 1 + shift) : 0;
    invB[k] = 1 / (b + x - 1 + shift);
  }
  const lnT = data.Ts.values.map((T) => Math.log(alpha + T));
  const lnTx = data.txs.values.map((tx) => Math.log(alpha + tx));
  const invT = data.Ts.values.map((T) => 1 / (alpha + T));
  const invTx = data.txs.values.map((tx) => 1 / (alpha + tx));
  const lnA = Math.log(a);
  const invA = 1 / a;
  const { x: xs, weight, rows } = data;
  const iT = data.Ts.index;
  const iTx = data.txs.index;
  const iX = data.xs.index;
  for (let i = 0; i < rows; i++) {
    const x = xs[i]!;
    const rx = r + x;
    const w = weight[i]!;
    const jT = iT[i]!;
    const it = invT[jT]!;
    // ∇²l3: d²/dr dalpha = -1/(alpha+T), d²/dalpha² = (r+x)/(alpha+T)²
    h[RAL]! -= w * it;
    h[ALAL]! += w * rx * it * it;
    if (x === 0 && !modified) continue;
    const jTx = iTx[i]!;
    const jX = iX[i]!;
    const itx = invTx[jTx]!;
    const gap = lnT[jT]! - lnTx[jTx]!;
    const d = lnA - logBx1[jX]! + rx * gap;
    const e = Math.exp(-Math.abs(d));
    const sigma = d > 0 ? 1 / (1 + e) : e / (1 + e);
    const ws = w * sigma;
    const wc = ws * (1 - sigma);
    const dR = gap;
    const dAl = rx * (it - itx);
    const dB = -invB[jX]!;
    // σ ∇²d: d²d/dr dalpha = 1/(alpha+T) - 1/(alpha+tx), d²d/dalpha² = (r+x)(1/(alpha+tx)² - 1/(alpha+T)²),
    // d²d/da² = -1/a², d²d/db² = 1/(b+x-1)²
    h[RAL]! += ws * (it - itx) + wc * dR * dAl;
    h[ALAL]! += ws * rx * (itx * itx - it * it) + wc * dAl * dAl;
    h[AA]! += -ws * invA * invA + wc * invA * invA;
    h[BB]! += ws * dB * dB + wc * dB * dB;
    h[RR]! += wc * dR * dR;
    h[RA]! += wc * dR * invA;
    h[RB]! += wc * dR * dB;
    h[ALA]! += wc * dAl * invA;
    h[ALB]! += wc * dAl * dB;
    h[AB]! += wc * invA * dB;
  }
  return [
    [h[RR]!, h[RAL]!, h[RA]!, h[RB]!],
    [h[RAL]!, h[ALAL]!, h[ALA]!, h[ALB]!],
    [h[RA]!, h[ALA]!, h[AA]!, h[AB]!],
    [h[RB]!, h[ALB]!, h[AB]!, h[BB]!],
  ];
}
