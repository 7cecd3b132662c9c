/** The parts of a template a marketer writes; each is its own Liquid source with its own lines. */
export type TemplateField = "subject" | "preheader" | "html" | "text" | "payload";

/**
 * One fault in a template, where the editor can point at it: line and column
 * are 1-based within that field's own text.
 */
export interface TemplateIssue {
  field: TemplateField;
  line: number;
  column: number;
  message: string;
}

/**
 * A template that would not render for one customer (an attribute they do not
 * have, a payload that is not JSON with their values). Sending records it on
 * that customer's message and goes on with the next customer.
 */
export class TemplateRenderError extends Error {
  readonly field: TemplateField;
  readonly line: number;
  readonly column: number;

  constructor(issue: TemplateIssue) {
    super(issue.message);
    this.name = "TemplateRenderError";
    this.field = issue.field;
    this.line = issue.line;
    this.column = issue.column;
  }

  get issue(): TemplateIssue {
    return { field: this.field, line: this.line, column: this.column, message: this.message };
  }
}

export function isTemplateRenderError(err: unknown): err is TemplateRenderError {
  return err instanceof TemplateRenderError;
}

/** "line 3, column 12": how every message names a place. */
export function at(line: number, column: number): string {
  return `line ${line}, column ${column}`;
}

/** The 1-based line and column of a character offset in `source`. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf("\n"); i !== -1 && i < clamped; i = source.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: clamped - lineStart + 1 };
}
