import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { NEUTRAL_PRICE_LEVEL, NEUTRAL_REGULARITY } from "./feature-layout.ts";
import { streamFeaturesSql } from "./features-sql.ts";

/**
 * Every clusterable customer's feature row, streamed out of vd_feature with
 * COPY TO in binary (each value arrives as the float8 Postgres holds, so
 * nothing is parsed from text) straight into typed arrays, in customer id
 * order.
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

export async function readFeatureMatrix(client: pg.PoolClient, rows: number, categoryColumns: number, channelColumns: number): Promise<FeatureMatrix> {
  const stream = client.query(copyTo(streamFeaturesSql(categoryColumns, channelColumns)));
  return parseFeatureCopy(stream as AsyncIterable<Buffer>, rows, 5 + categoryColumns + channelColumns);
}

// COPY binary: an 11-byte signature, flags and extension length, then per row an int16 field count and each field
// as an int32 length (−1 for NULL) and its bytes; an int16 −1 ends the data.
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/** Parses the binary COPY of streamFeaturesSql's columns (id, AOV, four features that may be NULL, the shares). */
export async function parseFeatureCopy(chunks: AsyncIterable<Buffer>, rows: number, dims: number): Promise<FeatureMatrix> {
  const customerIds = new Float64Array(rows);
  const data = new Float64Array(rows * dims);
  const aov = new Float64Array(rows);
  // Features 1–4 (discount, price level, novelty, irregularity): the value when missing.
  const missing = [0, 0, NEUTRAL_PRICE_LEVEL, 0, NEUTRAL_REGULARITY];
  const fields = dims + 1;
  let row = 0;
  let headerRead = false;
  let ended = false;
  let buf: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    let pos = 0;
    if (!headerRead) {
      if (buf.length < 19) continue;
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error("The feature stream is not a binary COPY.");
      pos = 19 + buf.readInt32BE(15);
      headerRead = true;
    }
    // A row is complete when its field count and every field are in the buffer.
    for (;;) {
      if (pos + 2 > buf.length) break;
      const count = buf.readInt16BE(pos);
      if (count === -1) {
        ended = true;
        pos += 2;
        break;
      }
      if (count !== fields) throw new Error(`A feature row has ${count} columns, expected ${fields}.`);
      let p = pos + 2;
      let complete = true;
      for (let f = 0; f < fields; f++) {
        if (p + 4 > buf.length) {
          complete = false;
          break;
        }
        const len = buf.readInt32BE(p);
        p += 4 + (len > 0 ? len : 0);
      }
      if (!complete || p > buf.length) break;
      if (row >= rows) throw new Error(`More feature rows than the ${rows} counted.`);
      p = pos + 2;
      const off = row * dims;
      for (let f = 0; f < fields; f++) {
        const len = buf.readInt32BE(p);
        p += 4;
        if (f === 0) customerIds[row] = Number(buf.readBigInt64BE(p));
        else if (len === -1) {
          if (f === 1 || f > 5) throw new Error(`Customer ${customerIds[row]} has no value in feature column ${f}.`);
          data[off + f - 1] = missing[f - 1]!;
        } else {
          if (len !== 8) throw new Error(`Feature column ${f} is not a float8 (${len} bytes).`);
          const v = buf.readDoubleBE(p);
          if (f === 1) {
            aov[row] = v;
            data[off] = Math.log1p(Math.max(v, 0));
          } else data[off + f - 1] = v;
        }
        if (len > 0) p += len;
      }
      pos = p;
      row++;
    }
    buf = buf.subarray(pos);
  }
  if (!ended) throw new Error("The feature stream ended before its trailer.");
  if (row !== rows) throw new Error(`Read ${row} feature rows, expected ${rows}.`);
  return { customerIds, data, aov, rows, dims };
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
