/**
 * What the file must hold before anything is computed: the control arm, at
 * least one arm to compare with it, two rows or more in every arm, and, with
 * --expected-split, exactly the arms the split names. Each refusal names the
 * file, a line and the arm column, like every other input error.
 */
import { rowError } from "../../analytics/clv-cli/cli-error.ts";
import type { ArmsCsv } from "./read-arms-csv.ts";
import type { UpliftCommand } from "./parse-cli-args.ts";

export function checkArms(command: UpliftCommand, csv: ArmsCsv): void {
  const { file, armCol, control } = command;
  if (csv.firstDataLine === null) throw rowError(file, csv.headerLine, null, "no rows after the header");
  const found = csv.arms.map((a) => `"${a.arm}" from line ${a.firstLine}`).join(", ");
  if (!csv.arms.some((a) => a.arm === control)) {
    throw rowError(file, csv.firstDataLine, armCol, `no row has the control arm "${control}" (found ${found}); name the control group with --control`);
  }
  if (csv.arms.length < 2) throw rowError(file, csv.firstDataLine, armCol, `every row is in the control arm "${control}"; there is nothing to compare it with`);
  for (const arm of csv.arms) {
    if (arm.sums.n < 2) throw rowError(file, arm.firstLine, armCol, `arm "${arm.arm}" has only ${arm.sums.n} row; every arm needs at least 2 for a standard deviation`);
  }
  if (command.expectedSplit === null) return;
  for (const arm of csv.arms) {
    if (!command.expectedSplit.has(arm.arm)) {
      throw rowError(file, arm.firstLine, armCol, `arm "${arm.arm}" is not in --expected-split (${[...command.expectedSplit.keys()].join(", ")})`);
    }
  }
  for (const arm of command.expectedSplit.keys()) {
    if (!csv.arms.some((a) => a.arm === arm)) {
      throw rowError(file, csv.firstDataLine, armCol, `no row has arm "${arm}", which --expected-split names (found ${found})`);
    }
  }
}
