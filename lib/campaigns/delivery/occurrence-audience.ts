import type { SqlParams } from "../../segments/sql-params.ts";
import type { Reeligibility, Trigger } from "../campaign.schema.ts";

export interface AudienceContext {
  workspaceId: number;
  campaignId: number;
  /** The campaign's segment: the audience of a broadcast, or a restriction on a trigger's picks. */
  segmentId: number | null;
  workspaceTimezone: string;
  /** Trigger rows this occurrence covers (segment transitions, events): from < id <= to. */
  triggerFrom: string | null;
  triggerTo: string | null;
  /** The local date a daily occurrence is for (its key `day:YYYY-MM-DD`). */
  day: string | null;
}

export function segmentMembers(p: SqlParams, ctx: AudienceContext): string {
  return `SELECT customer_id FROM segment_membership WHERE segment_id = ${p.add(ctx.segmentId, "int4")} AND workspace_id = ${p.add(ctx.workspaceId, "int4")}`;
}

/**
 * The customers a trigger picked for one occurrence, minus those the
 * campaign's re-eligibility excludes: "once" means never again after a
 * message that was queued or sent (or held out: the control arm is exposed
 * when the treatment would have been); "after_days" means not within that many
 * days of the last one. For triggers other than segment ones, an optional
 * segment narrows the picks.
 */
export function triggerAudience(p: SqlParams, ctx: AudienceContext, trigger: Trigger, reeligibility: Reeligibility): string {
  const ws = p.add(ctx.workspaceId, "int4");
  const picks = triggerPicks(p, ctx, trigger, ws);
  const restrict =
    ctx.segmentId !== null && trigger.type !== "segment_entry" && trigger.type !== "segment_exit"
      ? `AND EXISTS (SELECT 1 FROM segment_membership sm WHERE sm.segment_id = ${p.add(ctx.segmentId, "int4")} AND sm.customer_id = t.customer_id)`
      : "";
  const recent =
    reeligibility.mode === "once"
      ? "m.status IN ('queued', 'sending', 'sent', 'held_out')"
      : `(m.status IN ('queued', 'sending') OR (m.status = 'sent' AND m.sent_at > now() - ${p.add(reeligibility.days, "int4")} * interval '1 day')
           OR (m.status = 'held_out' AND m.held_out_at > now() - ${p.add(reeligibility.days, "int4")} * interval '1 day'))`;
  return `SELECT t.customer_id FROM (${picks}) t
           WHERE true ${restrict}
             AND NOT EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = ${ws} AND m.campaign_id = ${p.add(ctx.campaignId, "int4")}
                               AND m.customer_id = t.customer_id AND ${recent})`;
}

function range(p: SqlParams, ctx: AudienceContext, column: string): string {
  return `${column} > ${p.add(ctx.triggerFrom ?? "0", "int8")} AND ${column} <= ${p.add(ctx.triggerTo ?? "0", "int8")}`;
}

/** [start, end) of a local calendar day in the workspace's zone, `offsetDays` from the occurrence's day. */
function localDay(p: SqlParams, ctx: AudienceContext, offsetDays: number): { start: string; end: string } {
  const day = `(${p.add(ctx.day, "date")} - ${p.add(offsetDays, "int4")})`;
  const tz = p.add(ctx.workspaceTimezone, "text");
  return { start: `(${day}::timestamp AT TIME ZONE ${tz})`, end: `((${day} + 1)::timestamp AT TIME ZONE ${tz})` };
}

function triggerPicks(p: SqlParams, ctx: AudienceContext, trigger: Trigger, ws: string): string {
  switch (trigger.type) {
    case "segment_entry":
    case "segment_exit": {
      const segment = p.add(trigger.segmentId, "int4");
      // Still where the trigger put them: an entry still in the segment, an exit still out.
      const membership = `${trigger.type === "segment_entry" ? "" : "NOT "}EXISTS (SELECT 1 FROM segment_membership sm WHERE sm.segment_id = ${segment} AND sm.customer_id = x.customer_id)`;
      return `SELECT DISTINCT x.customer_id FROM segment_transition x
               WHERE x.workspace_id = ${ws} AND x.segment_id = ${segment} AND x.kind = '${trigger.type === "segment_entry" ? "ENTERED" : "EXITED"}'
                 AND ${range(p, ctx, "x.id")} AND ${membership}`;
    }
    case "event": {
      const property = trigger.property
        ? `AND x.properties ->> ${p.add(trigger.property.key, "text")} = ${p.add(String(trigger.property.equals), "text")}`
        : "";
      return `SELECT DISTINCT x.customer_id FROM event x
               WHERE x.workspace_id = ${ws} AND x.type = ${p.add(trigger.eventType, "text")} AND ${range(p, ctx, "x.id")} ${property}`;
    }
    case "churn_band_higher": {
      // Still in the band the rise put them in (a later run may have lowered it again).
      const reached = trigger.to === "high" ? "('high')" : "('medium', 'high')";
      return `SELECT DISTINCT x.customer_id FROM churn_band_change x
               JOIN customer_metrics m ON m.customer_id = x.customer_id AND m.churn_risk_band = x.to_band
               WHERE x.workspace_id = ${ws} AND ${range(p, ctx, "x.id")} AND x.to_band IN ${reached}`;
    }
    case "days_since_last_order": {
      // The metrics' last order finds the candidates by index; the order timeline (kept exact by triggers on
      // every order) confirms nobody ordered again since the nightly recompute.
      const { start, end } = localDay(p, ctx, trigger.days);
      return `SELECT m.customer_id FROM customer_metrics m
               WHERE m.workspace_id = ${ws} AND m.last_order_at >= ${start} AND m.last_order_at < ${end}
                 AND (SELECT t.placed_at[array_upper(t.placed_at, 1)] FROM customer_order_timeline t WHERE t.customer_id = m.customer_id) < ${end}`;
    }
    case "next_purchase_overdue": {
      // The due day N days back finds the candidates by index; the order timeline confirms nobody ordered
      // after the last purchase day the CLV run saw (the due day less the gap), which would make the due day stale.
      const due = `(${p.add(ctx.day, "date")} - ${p.add(trigger.days, "int4")})`;
      const tz = p.add(ctx.workspaceTimezone, "text");
      return `SELECT m.customer_id FROM customer_metrics m
               WHERE m.workspace_id = ${ws} AND m.next_purchase_due_on = ${due}
                 AND (SELECT t.placed_at[array_upper(t.placed_at, 1)] FROM customer_order_timeline t WHERE t.customer_id = m.customer_id)
                     < ((m.next_purchase_due_on - round(m.next_purchase_gap_days)::int + 1)::timestamp AT TIME ZONE ${tz})`;
    }
    case "p_alive_below":
      return `SELECT m.customer_id FROM customer_metrics m WHERE m.workspace_id = ${ws} AND m.p_alive < ${p.add(trigger.threshold, "float8")}`;
    case "anniversary": {
      const day = p.add(ctx.day, "date");
      // Feb 29 is celebrated on Feb 28 in years without it.
      const matches = (date: string) =>
        `(to_char(${date}, 'MM-DD') = to_char(${day}, 'MM-DD')
           OR (to_char(${date}, 'MM-DD') = '02-29' AND to_char(${day}, 'MM-DD') = '02-28' AND NOT (extract(year FROM ${day})::int % 4 = 0 AND (extract(year FROM ${day})::int % 100 <> 0 OR extract(year FROM ${day})::int % 400 = 0))))
          AND ${date} < ${day}`;
      if (trigger.of === "first_order") {
        return `SELECT m.customer_id FROM customer_metrics m WHERE m.workspace_id = ${ws} AND m.first_order_at IS NOT NULL AND ${matches(`(m.first_order_at AT TIME ZONE ${p.add(ctx.workspaceTimezone, "text")})::date`)}`;
      }
      if (trigger.of === "signed_up") {
        return `SELECT c.id AS customer_id FROM customer c WHERE c.workspace_id = ${ws} AND c.signed_up_at IS NOT NULL AND ${matches(`(c.signed_up_at AT TIME ZONE ${p.add(ctx.workspaceTimezone, "text")})::date`)}`;
      }
      const key = p.add(trigger.of.slice("attributes.".length), "text");
      // Only well-formed dates count; anything else in the attribute is ignored, never an error for the whole audience.
      return `SELECT c.id AS customer_id FROM customer c
               WHERE c.workspace_id = ${ws} AND c.attributes ->> ${key} ~ '^\\d{4}-\\d{2}-\\d{2}$'
                 AND ${matches(`valueloop_try_date(c.attributes ->> ${key})`)}`;
    }
  }
}
