import type { ChannelKind } from "../../channels/channel.ts";
import type { SuppressionReason } from "../../db/generated/enums.ts";
import { pool } from "../../db/pool.ts";
import { SqlParams } from "../../segments/sql-params.ts";
import { CHANNEL_KINDS } from "../policy/channel-kind-names.ts";
import { prefixUpperBound, searchPrefix } from "./suppression-address.ts";
import type { SuppressionCursor } from "./suppression-list-params.ts";

export interface SuppressionRow {
  channel: ChannelKind;
  /** As stored and matched (normalised). */
  address: string;
  reason: SuppressionReason;
  note: string | null;
  /** The message whose bounce or complaint put the address here. */
  messageId: string | null;
  createdAt: Date;
  /** Who added it by hand or imported it; null for automatic entries and former members. */
  createdBy: { name: string; email: string } | null;
}

export interface SuppressionPage {
  rows: SuppressionRow[];
  /** Where the next page starts, or null at the end. */
  nextCursor: SuppressionCursor | null;
}

export interface SuppressionRange {
  workspaceId: number;
  /** One channel, or every channel (in CHANNEL_KINDS order). */
  channel: ChannelKind | null;
  /** Addresses starting with this text (normalised per channel; case-insensitive for email). */
  query?: string;
  /** Rows after this one. */
  after?: SuppressionCursor | null;
}

/**
 * Rows of the list in (channel, address) order, from `after` on: one index
 * range scan per channel on suppression_address_search_idx
 * (workspace_id, channel, address COLLATE "C"), each stopped by the LIMIT, so a
 * page or a prefix search costs the same at a million rows as at ten. The
 * byte order ("C") is what makes a prefix a contiguous range in the index,
 * whatever collation the database was created with.
 */
export async function readSuppressions(range: SuppressionRange, limit: number): Promise<SuppressionRow[]> {
  const p = new SqlParams();
  const ws = p.add(range.workspaceId, "int4");
  const n = p.add(limit, "int4");
  const after = range.after ?? null;
  const startAt = after ? CHANNEL_KINDS.indexOf(after.channel) : 0;
  const parts: string[] = [];
  CHANNEL_KINDS.forEach((channel, ord) => {
    if (range.channel !== null && channel !== range.channel) return;
    if (ord < startAt) return;
    const prefix = searchPrefix(channel, range.query ?? "");
    if (prefix === null) return;
    const conditions = [`x.workspace_id = ${ws}`, `x.channel = ${p.add(channel, "text")}::"ChannelKind"`];
    if (prefix !== "") {
      conditions.push(`x.address COLLATE "C" >= ${p.add(prefix, "text")}`);
      const upper = prefixUpperBound(prefix);
      conditions.push(upper === null ? `starts_with(x.address, ${p.add(prefix, "text")})` : `x.address COLLATE "C" < ${p.add(upper, "text")}`);
    }
    if (after && ord === startAt) conditions.push(`x.address COLLATE "C" > ${p.add(after.address, "text")}`);
    parts.push(
      `(SELECT ${ord} AS ord, x.channel, x.address, x.reason, x.note, x.message_id, x.created_at, x.created_by
          FROM suppression x WHERE ${conditions.join(" AND ")}
         ORDER BY x.address COLLATE "C" LIMIT ${n})`,
    );
  });
  if (parts.length === 0) return [];
  const { rows } = await pool.query<{
    channel: ChannelKind;
    address: string;
    reason: SuppressionReason;
    note: string | null;
    message_id: string | null;
    created_at: Date;
    user_name: string | null;
    user_email: string | null;
  }>(
    `SELECT s.channel::text AS channel, s.address, s.reason::text AS reason, s.note, s.message_id::text AS message_id, s.created_at,
            u.name AS user_name, u.email AS user_email
       FROM (${parts.join("\n UNION ALL ")}) s
       LEFT JOIN app_user u ON u.id = s.created_by
      ORDER BY s.ord, s.address COLLATE "C"
      LIMIT ${n}`,
    p.values,
  );
  return rows.map((r) => ({
    channel: r.channel,
    address: r.address,
    reason: r.reason,
    note: r.note,
    messageId: r.message_id,
    createdAt: r.created_at,
    createdBy: r.user_email ? { name: r.user_name ?? r.user_email, email: r.user_email } : null,
  }));
}

export const SUPPRESSION_PAGE_SIZE = 50;

/** One page of the suppression list; the next page starts after its last row. */
export async function listSuppressions(range: SuppressionRange, limit = SUPPRESSION_PAGE_SIZE): Promise<SuppressionPage> {
  const size = Math.min(Math.max(Math.trunc(limit), 1), 200);
  const rows = await readSuppressions(range, size + 1);
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > size && last ? { channel: last.channel, address: last.address } : null };
}
