import { env } from "../../env.ts";
import type { ReceiptChannel } from "./record-receipt.ts";

/** Where a workspace's provider posts delivery receipts for a channel; relative when the server's public address is not configured. */
export function receiptUrl(channel: ReceiptChannel, workspaceSlug: string): string {
  const base = env.PUBLIC_URL ?? env.NEXTAUTH_URL ?? "";
  return `${base.replace(/\/+$/, "")}/api/callbacks/${channel}/${encodeURIComponent(workspaceSlug)}`;
}
