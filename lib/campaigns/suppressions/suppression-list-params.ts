import type { ChannelKind } from "../../channels/channel.ts";
import { textProblem } from "../../storable-text.ts";
import { CHANNEL_KINDS } from "../policy/channel-kind-names.ts";
import { MAX_ADDRESS_CHARS } from "./suppression.schema.ts";

/** Where a page of the list starts: after this (channel, address). */
export interface SuppressionCursor {
  channel: ChannelKind;
  address: string;
}

export interface SuppressionListParams {
  channel: ChannelKind | null;
  query: string;
  after: SuppressionCursor | null;
  /** Why the search cannot run (the page says so instead of listing). */
  problem: string | null;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isChannelKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}

/** A cursor travels in the URL as "channel:address". */
export function formatSuppressionCursor(cursor: SuppressionCursor): string {
  return `${cursor.channel}:${cursor.address}`;
}

export function parseSuppressionCursor(raw: string | undefined): SuppressionCursor | null {
  if (!raw) return null;
  const colon = raw.indexOf(":");
  const channel = raw.slice(0, colon);
  const address = raw.slice(colon + 1);
  if (colon < 1 || !isChannelKind(channel) || address === "" || address.length > MAX_ADDRESS_CHARS || textProblem(address)) return null;
  return { channel, address };
}

/**
 * The suppressions page's `?channel=`, `?q=` and `?after=` as the URL gives
 * them. An unknown channel shows every channel and a malformed cursor the
 * first page; search text Postgres cannot compare is reported, not searched.
 */
export function parseSuppressionListParams(raw: { channel?: string | string[]; q?: string | string[]; after?: string | string[] }): SuppressionListParams {
  const channelRaw = first(raw.channel) ?? "";
  const channel = isChannelKind(channelRaw) ? channelRaw : null;
  const query = first(raw.q) ?? "";
  const after = parseSuppressionCursor(first(raw.after));
  const problem = textProblem(query) ?? (query.length > MAX_ADDRESS_CHARS ? `must be at most ${MAX_ADDRESS_CHARS} characters` : null);
  // A cursor from another channel's listing cannot continue this one.
  const usableAfter = after && (channel === null || after.channel === channel) ? after : null;
  return { channel, query, after: usableAfter, problem: problem ? `The search text ${problem}.` : null };
}
