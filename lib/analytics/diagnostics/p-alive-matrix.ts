export interface PAliveMatrix {
  /** Customer age (time since first purchase) every cell assumes, in the model's time unit. */
  T: number;
  frequencies: number[];
  recencies: number[];
  /**
   * values[i][j] = P(alive | x = frequencies[i], tx = recencies[j], T); null
   * where no customer can be: x > 0 with the last purchase at time 0, or
   * x = 0 with a recency (which is 0 by definition without repeats).
   */
  values: (number | null)[][];
}

export interface PAliveMatrixInput {
  pAlive: (x: number, tx: number, T: number) => number;
  maxFrequency: number;
  /** Also the customer age T of every cell, as in lifetimes' plot_probability_alive_matrix. */
  maxRecency: number;
  /** Upper bounds on the grid size, so a dashboard payload stays small; 50 each by default. */
  maxRows?: number;
  maxColumns?: number;
}

function grid(max: number, maxPoints: number, integer: boolean): number[] {
  if (max <= 0) return [0];
  const step = integer ? Math.max(1, Math.ceil(max / (maxPoints - 1))) : max / (maxPoints - 1);
  const points: number[] = [];
  if (integer && step === 1) {
    for (let v = 0; v <= max; v++) points.push(v);
    return points;
  }
  for (let k = 0; k < maxPoints; k++) {
    const v = integer ? Math.min(k * step, max) : k * step;
    if (points.length && points[points.length - 1]! >= v) break;
    points.push(v);
  }
  if (points[points.length - 1]! < max) points.push(max);
  return points;
}

/**
 * P(alive) over a frequency × recency grid for customers of one age: the
 * heat map that shows how the model reads "bought often, but not lately".
 */
export function pAliveMatrix(input: PAliveMatrixInput): PAliveMatrix {
  const { maxFrequency, maxRecency } = input;
  if (!(maxFrequency >= 0) || !(maxRecency >= 0)) throw new RangeError("maxFrequency and maxRecency must be >= 0");
  const frequencies = grid(Math.floor(maxFrequency), input.maxRows ?? 50, true);
  const recencies = grid(maxRecency, input.maxColumns ?? 50, Number.isInteger(maxRecency));
  const T = maxRecency;
  const values = frequencies.map((x) =>
    recencies.map((tx) => (x > 0 && tx === 0 ? null : x === 0 && tx > 0 ? null : input.pAlive(x, tx, T))),
  );
  return { T, frequencies, recencies, values };
}
