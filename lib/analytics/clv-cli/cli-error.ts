/**
 * An error the command line reports as one line on stderr. Exit codes are
 * part of the CLI's contract: 2 for a wrong command line (flags, values),
 * 1 for input that cannot be used (missing columns, bad rows, data a model
 * cannot be fitted to).
 */
export class CliError extends Error {
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string): CliError => new CliError(message, 2);

/** "orders.csv line 12, column "amount": ..." — the location a person needs to fix a file. */
export function rowError(file: string, line: number, column: string | null, problem: string): CliError {
  const where = column === null ? `${file} line ${line}` : `${file} line ${line}, column "${column}"`;
  return new CliError(`${where}: ${problem}`);
}
