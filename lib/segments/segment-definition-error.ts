import { AppError } from "../errors.ts";

export interface SegmentDefinitionIssue {
  /** Client id of the rule node at fault, when one can be named. */
  nodeId: string | null;
  /** Where in the JSON the problem is, e.g. "root.children.2.match.value". */
  path: string;
  message: string;
}

/**
 * A segment definition that cannot be saved or run. It is a VALIDATION
 * AppError, so the edge wrappers answer 422 with the issues instead of a 500.
 */
export class SegmentDefinitionError extends AppError {
  readonly nodeId: string | null;
  readonly issues: readonly SegmentDefinitionIssue[];

  constructor(issues: readonly SegmentDefinitionIssue[]) {
    const first = issues[0] ?? { nodeId: null, path: "", message: "Invalid segment definition" };
    const where = first.nodeId ? ` (rule ${first.nodeId})` : "";
    super("VALIDATION", `${first.message}${where}`, { issues });
    this.name = "SegmentDefinitionError";
    this.nodeId = first.nodeId;
    this.issues = issues;
  }

  static at(nodeId: string | null, message: string, path = ""): SegmentDefinitionError {
    return new SegmentDefinitionError([{ nodeId, path, message }]);
  }
}

export function isSegmentDefinitionError(err: unknown): err is SegmentDefinitionError {
  return err instanceof SegmentDefinitionError;
}

/**
 * Postgres refusing to evaluate a definition's values (SQLSTATE class 22:
 * data exception, such as an out-of-range date or number) is the user's
 * input, not a server fault: it becomes a 422 like any invalid rule. Query
 * cancellation (57014, the statement timeout) and program limits (54xxx) say
 * the rules are too costly.
 */
export function asDefinitionError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return err;
  if (code.startsWith("22")) return new AppError("VALIDATION", "A value in the rules cannot be evaluated (out of range or malformed).", { issues: [] });
  if (code === "57014") return new AppError("VALIDATION", "These rules take too long to evaluate; narrow them or simplify nested groups.", { issues: [] });
  // 54xxx: program limits (stack depth, too many columns), reachable through long chains of segment references.
  if (code.startsWith("54")) return new AppError("VALIDATION", "These rules are too complex to evaluate; reference fewer segments or flatten nested groups.", { issues: [] });
  return err;
}
