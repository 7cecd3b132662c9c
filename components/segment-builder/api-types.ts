/**
 * JSON shapes the segment routes (app/api/w/[workspace]/segments/...) answer
 * with and the builder reads. Plain numbers and strings only: bigint ids and
 * dates are converted on the server.
 */

export interface SampleCustomer {
  id: string;
  externalId: string;
  email: string | null;
  name: string | null;
}

export interface AudienceCount {
  size: number;
  /** Every customer of the workspace. */
  total: number;
  /** size / total, 0 when the workspace has no customers. */
  share: number;
  sample: SampleCustomer[];
}

export interface DefinitionIssue {
  nodeId: string | null;
  path: string;
  message: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface KnownValue {
  value: string | number;
  label: string;
}

export interface KnownValues {
  values: KnownValue[];
  /** True when the list was cut at its limit (free input still works). */
  truncated: boolean;
}

export type RefreshState = "idle" | "queued" | "running" | "succeeded" | "failed";

export interface RefreshStatus {
  state: RefreshState;
  /** 0..100 while running. */
  progress: number;
  jobId: string | null;
  error: string | null;
  size: number;
  lastRefreshedAt: string | null;
}

export interface ExplainedNode {
  id: string;
  type: string;
  /** How the rule reads ("Country is any of US, DE"). */
  label: string;
  negate: boolean;
  combinator?: "and" | "or";
  /** null for an empty group (no effect). */
  result: boolean | null;
  children?: ExplainedNode[];
}

export interface SegmentExplanationBody {
  segmentId: number;
  segmentName: string;
  customerId: string;
  customerLabel: string;
  /** Whether the definition matches the customer right now. */
  matchesNow: boolean;
  /** Whether the customer is in the stored membership (last refresh or frozen list). */
  isMember: boolean;
  root: ExplainedNode;
}

/** Pulls node-level issues out of an error body (SegmentDefinitionError details). */
export function issuesFromError(body: unknown): DefinitionIssue[] {
  const details = (body as ApiErrorBody | null)?.error?.details as { issues?: unknown } | undefined;
  if (!details || !Array.isArray(details.issues)) return [];
  return details.issues.flatMap((raw): DefinitionIssue[] => {
    if (typeof raw !== "object" || raw === null) return [];
    const i = raw as Record<string, unknown>;
    if (typeof i.message !== "string") return [];
    return [{ nodeId: typeof i.nodeId === "string" ? i.nodeId : null, path: typeof i.path === "string" ? i.path : "", message: i.message }];
  });
}

export function errorMessage(body: unknown, fallback: string): string {
  const message = (body as ApiErrorBody | null)?.error?.message;
  return typeof message === "string" && message ? message : fallback;
}
