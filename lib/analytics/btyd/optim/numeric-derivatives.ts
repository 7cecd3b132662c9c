/** Finite-difference derivatives, for objectives without an analytic gradient and for Hessians. */

/** Central-difference gradient of f at x (relative step, suited to log-parameters of order 1). */
export function centralGradient(f: (x: Float64Array) => number, x: Float64Array, out: Float64Array, step = 1e-6): void {
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const h = step * Math.max(1, Math.abs(x[i]!));
    probe[i] = x[i]! + h;
    const up = f(probe);
    probe[i] = x[i]! - h;
    const down = f(probe);
    probe[i] = x[i]!;
    out[i] = (up - down) / (2 * h);
  }
}

/** Symmetric Hessian from central differences of an analytic (or accurate numeric) gradient. */
export function hessianFromGradient(
  gradient: (x: Float64Array, out: Float64Array) => void,
  x: Float64Array,
  step = 1e-4,
): number[][] {
  const n = x.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const probe = Float64Array.from(x);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const h = step * Math.max(1, Math.abs(x[j]!));
    probe[j] = x[j]! + h;
    gradient(probe, up);
    probe[j] = x[j]! - h;
    gradient(probe, down);
    probe[j] = x[j]!;
    for (let i = 0; i < n; i++) H[i]![j] = (up[i]! - down[i]!) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const avg = (H[i]![j]! + H[j]![i]!) / 2;
      H[i]![j] = avg;
      H[j]![i] = avg;
    }
  }
  return H;
}
