import { EXCLUDED_ORDER_STATUSES } from "../analytics/runs/counted-orders.ts";
import { AppError } from "../errors.ts";
import { isValidTimeZone } from "./date-values.ts";
import type { SegmentDefinition } from "./definition.schema.ts";
import { SqlParams } from "./sql-params.ts";

/** A saved segment a definition may point at ("member of segment X"). */
export interface ReferencedSegment {
  id: number;
  name: string;
  kind: "DYNAMIC" | "STATIC";
  archived: boolean;
  definition: SegmentDefinition;
}

export interface SegmentCompileContext {
  workspaceId: number;
  /** The workspace's IANA time zone; calendar dates in rules are days in this zone. */
  timezone: string;
  /** The instant relative windows are measured from; the database's now() when omitted. */
  now?: Date;
  /** Segments of this workspace that the definition (transitively) references, by id. */
  segments: ReadonlyMap<number, ReferencedSegment>;
}

/** Rule nodes compiled across referenced segments, so a chain of references cannot blow up the query. */
export const MAX_COMPILED_NODES = 2_000;

/** Shared, lazily bound parameters ($1 is always the workspace id). */
export class CompileState {
  readonly params: SqlParams;
  readonly ctx: SegmentCompileContext;
  readonly workspaceParam: string;
  usesMetrics = false;
  /** A rule reads `co`, the customer's kept recommended categories (compile-recommended-category.ts). */
  usesCategoryOffers = false;
  compiledNodes = 0;
  /** Ids of referenced dynamic segments being inlined, outermost first. */
  readonly referenceStack: number[] = [];
  private nowParam: string | null = null;
  private tzParam: string | null = null;
  private datePatternParam: string | null = null;
  private excludedStatusesParam: string | null = null;

  constructor(ctx: SegmentCompileContext, params = new SqlParams()) {
    if (!Number.isSafeInteger(ctx.workspaceId)) throw new AppError("VALIDATION", "workspaceId must be an integer");
    if (ctx.now && Number.isNaN(ctx.now.getTime())) throw new AppError("VALIDATION", "now must be a valid date");
    this.ctx = ctx;
    this.params = params;
    this.workspaceParam = params.add(ctx.workspaceId, "int4");
  }

  now(): string {
    if (!this.ctx.now) return "now()";
    this.nowParam ??= this.params.add(this.ctx.now, "timestamptz");
    return this.nowParam;
  }

  timezone(): string {
    if (!this.tzParam) {
      if (!isValidTimeZone(this.ctx.timezone)) {
        throw new AppError("VALIDATION", `The workspace time zone "${this.ctx.timezone}" is not a recognised IANA zone`);
      }
      this.tzParam = this.params.add(this.ctx.timezone, "text");
    }
    return this.tzParam;
  }

  /** Order statuses that never count (the analytics' list), bound once. */
  excludedOrderStatuses(): string {
    this.excludedStatusesParam ??= this.params.add([...EXCLUDED_ORDER_STATUSES], "text[]");
    return this.excludedStatusesParam;
  }

  datePattern(pattern: string): string {
    this.datePatternParam ??= this.params.add(pattern, "text");
    return this.datePatternParam;
  }
}
