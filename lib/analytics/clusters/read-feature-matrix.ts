import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { NEUTRAL_PRICE_LEVEL, NEUTRAL_REGULARITY } from "./feature-layout.ts";
import { STREAM_FEATURES } from "./features-sql.ts";

/**
 * Every clusterable customer's feature row, streamed out of vd_feature with
 * COPY TO and parsed straight into typed arrays (no row objects), in
 * customer id order.
 */
export interface FeatureMatrix {
  customerIds: Float64Array;
  /** rows × dims, flat: log(1 + AOV), discount, price level, novelty, irregularity, category shares, channel shares. */
  data: Float64Array;
  /** The untransformed average order value of each row (the profile shows it in money). */
  aov: Float64Array;
  rows: number;
  dims: number;
}

export async function readFeatureMatrix(client: pg.PoolClient, rows: number, dims: number): Promise<FeatureMatrix> {
  const customerIds = new Float64Array(rows);
  const data = new Float64Array(rows * dims);
  const aov = new Float64Array(rows);
  let row = 0;
  let rest = "";
  const stream = client.query(copyTo(STREAM_FEATURES));
  stream.setEncoding("utf8");
  const parseLine = (line: string) => {
    if (row >= rows) throw new Error(`More feature rows than the ${rows} counted.`);
    const f = line.split("\t");
    const off = row * dims;
    customerIds[row] = Number(f[0]);
    const a = Number(f[1]);
    aov[row] = a;
    data[off] = Math.log1p(Math.max(a, 0));
    data[off + 1] = num(f[2], 0);
    data[off + 2] = num(f[3], NEUTRAL_PRICE_LEVEL);
    data[off + 3] = num(f[4], 0);
    data[off + 4] = num(f[5], NEUTRAL_REGULARITY);
    let j = off + 5;
    for (const part of [f[6], f[7]]) {
      if (!part || part === "\\N") continue;
      for (const v of part.split(",")) data[j++] = Number(v);
    }
    if (j !== off + dims) throw new Error(`Customer ${f[0]} has ${j - off} features, expected ${dims}.`);
    row++;
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line) parseLine(line);
  }
  if (rest) parseLine(rest);
  if (row !== rows) throw new Error(`Read ${row} feature rows, expected ${rows}.`);
  return { customerIds, data, aov, rows, dims };
}

function num(field: string | undefined, missing: number): number {
  return field === undefined || field === "\\N" ? missing : Number(field);
}

/** Standardises each column in place (z = (x − mean) / sd); a constant column becomes 0. Returns the means and sds. */
export function standardise(m: { data: Float64Array; rows: number; dims: number }): { means: Float64Array; sds: Float64Array } {
  const { data, rows, dims } = m;
  const means = new Float64Array(dims);
  const sds = new Float64Array(dims);
  for (let i = 0; i < rows; i++) for (let j = 0; j < dims; j++) means[j]! += data[i * dims + j]!;
  for (let j = 0; j < dims; j++) means[j] = means[j]! / rows;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < dims; j++) {
      const d = data[i * dims + j]! - means[j]!;
      sds[j]! += d * d;
    }
  for (let j = 0; j < dims; j++) sds[j] = Math.sqrt(sds[j]! / rows);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < dims; j++) {
      const sd = sds[j]!;
      data[i * dims + j] = sd > 1e-12 ? (data[i * dims + j]! - means[j]!) / sd : 0;
    }
  return { means, sds };
}
