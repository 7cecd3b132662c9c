/** Small dense linear algebra for 2x2 to 4x4 covariance work. Row-major number[][]. */

/** Lower-triangular L with A = L L^T, or null when A is not positive definite. */
export function cholesky(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i]![i] = Math.sqrt(sum);
      } else {
        L[i]![j] = sum / L[j]![j]!;
      }
    }
  }
  return L;
}

/** Inverse of a symmetric positive definite matrix via Cholesky; null when not positive definite. */
export function invertSpd(a: readonly (readonly number[])[]): number[][] | null {
  const L = cholesky(a);
  if (!L) return null;
  const n = a.length;
  // inverse of L (lower triangular), then A^-1 = L^-T L^-1
  const Li = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    Li[i]![i] = 1 / L[i]![i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= L[i]![k]! * Li[k]![j]!;
      Li[i]![j] = sum / L[i]![i]!;
    }
  }
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += Li[k]![i]! * Li[k]![j]!;
      inv[i]![j] = sum;
      inv[j]![i] = sum;
    }
  }
  return inv;
}
