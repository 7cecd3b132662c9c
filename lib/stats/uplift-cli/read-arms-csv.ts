/**
 * Reads the uplift command's file into per-arm sums, streaming: one row per
 * customer with an arm label, the metric and optionally a pre-period
 * covariate. Any unusable value stops the run with the file, line and column.
 */
import { createReadStream } from "node:fs";
import { CliError, rowError } from "../../analytics/clv-cli/cli-error.ts";
import { parseDecimal } from "../../analytics/clv-cli/read-csv.ts";
import { ArmSumsAccumulator, type ArmSums } from "../arm-sums.ts";
import { CsvRecordSplitter, CsvSyntaxError } from "./csv-records.ts";

export interface ArmsCsvSpec {
  file: string;
  armCol: string;
  metricCol: string;
  covariateCol: string | null;
}

export interface ArmRows {
  arm: string;
  sums: ArmSums;
  /** Line of the arm's first row, for messages about the arm. */
  firstLine: number;
}

export interface ArmsCsv {
  /** In order of first appearance. */
  arms: ArmRows[];
  /** Line of the header and of the first data row (null when there is none). */
  headerLine: number;
  firstDataLine: number | null;
}

function errorCode(err: unknown): unknown {
  return typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
}

export async function readArmsCsv(spec: ArmsCsvSpec): Promise<ArmsCsv> {
  const { file } = spec;
  const arms = new Map<string, { acc: ArmSumsAccumulator; firstLine: number }>();
  let columns: { arm: number; metric: number; covariate: number; count: number } | null = null;
  let headerLine = 0;
  let firstDataLine: number | null = null;
  const withCovariate = spec.covariateCol !== null;

  const numberAt = (fields: string[], index: number, name: string, line: number): number => {
    const text = fields[index]!.trim();
    const value = parseDecimal(text);
    if (value === null) throw rowError(file, line, name, text === "" ? "empty value; every row needs a number here" : `"${text}" is not a number`);
    return value;
  };

  const onRecord = (fields: string[], line: number): void => {
    if (columns === null) {
      headerLine = line;
      const names = fields.map((f) => f.trim());
      const find = (name: string) => names.indexOf(name);
      const wanted = [spec.armCol, spec.metricCol, ...(spec.covariateCol === null ? [] : [spec.covariateCol])];
      const missing = wanted.filter((name) => find(name) === -1);
      if (missing.length > 0) {
        const found = names.map((n) => `"${n}"`).join(", ");
        throw rowError(file, line, missing[0]!, `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} in the header (found ${found})`);
      }
      columns = { arm: find(spec.armCol), metric: find(spec.metricCol), covariate: spec.covariateCol === null ? -1 : find(spec.covariateCol), count: names.length };
      return;
    }
    if (fields.length !== columns.count) throw rowError(file, line, null, `has ${fields.length} fields, the header has ${columns.count}`);
    firstDataLine ??= line;
    const arm = fields[columns.arm]!.trim();
    if (arm === "") throw rowError(file, line, spec.armCol, "empty arm label");
    const y = numberAt(fields, columns.metric, spec.metricCol, line);
    const x = withCovariate ? numberAt(fields, columns.covariate, spec.covariateCol!, line) : undefined;
    let entry = arms.get(arm);
    if (entry === undefined) {
      entry = { acc: new ArmSumsAccumulator({ covariate: withCovariate }), firstLine: line };
      arms.set(arm, entry);
    }
    entry.acc.add(y, x);
  };

  const splitter = new CsvRecordSplitter(onRecord);
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 18 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) splitter.push(chunk);
    splitter.end();
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof CsvSyntaxError) throw rowError(file, err.line, null, err.message);
    if (errorCode(err) === "ENOENT") throw new CliError(`${file}: no such file`);
    if (errorCode(err) === "EISDIR") throw new CliError(`${file}: is a directory, not a CSV file`);
    throw err;
  } finally {
    stream.destroy();
  }
  if (columns === null) throw new CliError(`${file}: the file is empty (expected a header row)`);
  return {
    arms: [...arms].map(([arm, { acc, firstLine }]) => ({ arm, sums: acc.sums(), firstLine })),
    headerLine,
    firstDataLine,
  };
}
