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
