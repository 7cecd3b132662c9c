/**
 * F(a, b, z) = 2F1(a, b; a + 1; z) for a, b > 0 and 0 <= z < 1 — the function
 * in the Pareto/NBD likelihood — with its partial derivatives, summed in
 * Euler's form (1 - z)^(1-b) 2F1(1, a + 1 - b; a + 1; z): every term positive
 * and the term ratio (d + k)/(c + k) z below z, so no cancellation and at
 * least geometric convergence.
 */
export interface LogHyp2f1AA1 {
  /** ln F */
  value: number;
  /** d ln F / d a, holding b and z */
  dA: number;
  /** d ln F / d b */
  dB: number;
  /** d ln F / d z */
  dZ: number;
}

const MAX_TERMS = 1_000_000;

export function logHyp2f1AA1(a: number, b: number, z: number, out: LogHyp2f1AA1): LogHyp2f1AA1 {
  const d = a + 1 - b;
  const c = a + 1;
  let term = 1;
  let sum = 1;
  let sumD = 0; // Σ t_k Σ_{j<k} 1/(d+j)
  let sumC = 0; // Σ t_k Σ_{j<k} 1/(c+j)
  let sumK = 0; // Σ k t_k
  let runD = 0;
  let runC = 0;
  if (z > 0) {
    for (let k = 0; k < MAX_TERMS; k++) {
      // two divisions a term, not three: the ratio reuses 1/(c+k)
      const dk = d + k;
      const invC = 1 / (c + k);
      runD += 1 / dk;
      runC += invC;
      term *= dk * invC * z;
      sum += term;
      sumD += term * runD;
      sumC += term * runC;
      sumK += (k + 1) * term;
      if (term < 1e-17 * sum) break;
    }
  }
  const log1mz = Math.log1p(-z);
  const gD = sumD / sum;
  const gC = -sumC / sum;
  // at z = 0 the z-derivative of ln G is the first coefficient d / c
  const gZ = z > 0 ? sumK / (z * sum) : d / c;
  out.value = (1 - b) * log1mz + Math.log(sum);
  // a moves both d and c; b moves d (down) and the prefactor
  out.dA = gD + gC;
  out.dB = -log1mz - gD;
  out.dZ = (b - 1) / (1 - z) + gZ;
  return out;
}
