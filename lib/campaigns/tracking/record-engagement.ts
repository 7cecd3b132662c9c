import { pool } from "../../db/pool.ts";
import { imageProxy, machineRule, type TrackedAction, type TrackingRequest } from "./machine-traffic.ts";
import { recordMessageEvent } from "./record-message-event.ts";

/**
 * Events of one kind kept per message. Reports need only the first human open
 * and each distinct click; a link fetched in a loop (a misbehaving client, or
 * someone replaying it) must not grow the table without bound.
 */
export const MAX_EVENTS_PER_KIND = 20;

const EVENT_KIND = { open: "opened", click: "clicked" } as const;

export type EngagementOutcome = "recorded" | "capped" | "unknown_message";

/**
 * Records an open or a click of a message whose link was verified, with
 * `machine` (and the rule) when a proxy, prefetch or scanner made it. Two
 * statements by primary key and index: the message, then the insert.
 */
export async function recordEngagement(messageId: string, action: TrackedAction, request: TrackingRequest, url?: string): Promise<EngagementOutcome> {
  const kind = EVENT_KIND[action];
  const { rows } = await pool.query<{ workspace_id: number; sent_at: Date | null; recorded: number }>(
    `SELECT m.workspace_id, m.sent_at,
            (SELECT count(*)::int FROM (SELECT 1 FROM message_event e WHERE e.message_id = m.id AND e.kind = $2 LIMIT $3) n) AS recorded
       FROM message m WHERE m.id = $1`,
    [messageId, kind, MAX_EVENTS_PER_KIND],
  );
  const message = rows[0];
  if (!message) return "unknown_message";
  if (message.recorded >= MAX_EVENTS_PER_KIND) return "capped";
  const rule = machineRule(action, request, message.sent_at);
  const via = imageProxy(request);
  await recordMessageEvent(pool, {
    workspaceId: message.workspace_id,
    messageId,
    kind,
    at: request.at,
    detail: { ...(url === undefined ? {} : { url }), machine: rule !== null, ...(rule ? { rule } : {}), ...(via ? { via } : {}) },
  });
  return "recorded";
}
