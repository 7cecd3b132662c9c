/**
 * Value at a removable singularity of a smooth function (such as BG/NBD's
 * (a+b-1)/(a-1) [1 - ...] at a = 1) by a symmetric fourth-order Richardson
 * average of points on both sides: error O(h^4), no division by zero.
 */
export function limitAt(f: (v: number) => number, at: number, h: number): number {
  const near = f(at + h) + f(at - h);
  const far = f(at + 2 * h) + f(at - 2 * h);
  return (4 * near - far) / 6;
}
