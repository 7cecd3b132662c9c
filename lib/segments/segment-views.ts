import type { SegmentSummary } from "./segment-record.ts";

/**
 * JSON shapes the segment routes (app/api/w/[workspace]/segments/... and
 * /api/v1/segments/...) answer with and the builder reads. Plain numbers and
 * strings only: bigint ids and dates are converted on the server.
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
  /** The customer's own value that the rule compared, in words ("DE", "€1,240.00", "none"); absent where a rule has no single value. */
  actual?: string;
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

export interface SegmentJson {
  id: number;
  name: string;
  description: string | null;
  kind: "DYNAMIC" | "STATIC";
  definitionVersion: number;
  size: number;
  lastRefreshedAt: string | null;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export function segmentJson(s: SegmentSummary): SegmentJson {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    kind: s.kind,
    definitionVersion: s.definitionVersion,
    size: s.size,
    lastRefreshedAt: s.lastRefreshedAt?.toISOString() ?? null,
    ownerId: s.ownerId,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    archivedAt: s.archivedAt?.toISOString() ?? null,
  };
}
