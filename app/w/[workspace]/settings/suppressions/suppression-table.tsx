"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CHANNEL_KIND_NAMES } from "@/lib/campaigns/policy/channel-kind-names";
import { REMOVAL_WARNINGS, SUPPRESSION_REASON_LABELS } from "@/lib/campaigns/suppressions/suppression-labels";
import type { ChannelKind } from "@/lib/channels/channel";
import type { SuppressionReason } from "@/lib/db/generated/enums";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Table, Td, Th } from "@/components/ui/table";
import { removeSuppressionAction } from "./actions";

/** One row as the page hands it to the browser: the date already in the workspace's time zone. */
export interface SuppressionRowView {
  channel: ChannelKind;
  address: string;
  reason: SuppressionReason;
  note: string | null;
  addedAt: string;
  addedBy: string | null;
}

const REASON_TONES: Record<SuppressionReason, "red" | "amber" | "neutral" | "blue"> = {
  hard_bounce: "red",
  complaint: "red",
  unsubscribe: "amber",
  manual: "neutral",
  imported: "blue",
};

function key(row: Pick<SuppressionRowView, "channel" | "address">): string {
  return `${row.channel}:${row.address}`;
}

/**
 * The suppression list. Admins can remove an entry; a hard bounce or a spam
 * complaint first shows why removing it is risky and needs a second click
 * (the server insists on that confirmation too).
 */
export function SuppressionTable({ slug, rows, canRemove }: { slug: string; rows: SuppressionRowView[]; canRemove: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [warning, setWarning] = useState<{ row: SuppressionRowView; text: string } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function remove(row: SuppressionRowView, confirmed: boolean) {
    const risky = REMOVAL_WARNINGS[row.reason];
    if (risky && !confirmed) {
      setMessage(null);
      return setWarning({ row, text: risky });
    }
    setPending(key(row));
    setMessage(null);
    const result = await removeSuppressionAction(slug, { channel: row.channel, address: row.address, confirmed });
    setPending(null);
    if (!result.ok && result.fieldErrors?.confirmed) return setWarning({ row, text: result.fieldErrors.confirmed });
    setWarning(null);
    setMessage(
      result.ok ? { ok: true, text: `${row.address} was removed from the ${CHANNEL_KIND_NAMES[row.channel]} suppression list; campaigns may reach it again.` } : { ok: false, text: result.error },
    );
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <FormMessage message={message} />
      {warning ? (
        <div role="alertdialog" aria-labelledby="suppression-warning-title" aria-describedby="suppression-warning-text" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm">
          <p id="suppression-warning-title" className="font-semibold text-red-900">
            Remove {warning.row.address} ({SUPPRESSION_REASON_LABELS[warning.row.reason].toLowerCase()})?
          </p>
          <p id="suppression-warning-text" className="mt-1 text-red-800">
            {warning.text}
          </p>
          <div className="mt-3 flex gap-2">
            <Button variant="danger" disabled={pending !== null} onClick={() => void remove(warning.row, true)}>
              Remove anyway
            </Button>
            <Button variant="secondary" onClick={() => setWarning(null)}>
              Keep it
            </Button>
          </div>
        </div>
      ) : null}
      <Table caption="Suppressed addresses">
        <thead>
          <tr>
            <Th>Address</Th>
            <Th>Channel</Th>
            <Th>Reason</Th>
            <Th>Note</Th>
            <Th>Added</Th>
            {canRemove ? (
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={key(row)}>
              <Td className="font-medium">{row.address}</Td>
              <Td>{CHANNEL_KIND_NAMES[row.channel]}</Td>
              <Td>
                <Badge tone={REASON_TONES[row.reason]}>{SUPPRESSION_REASON_LABELS[row.reason]}</Badge>
              </Td>
              <Td className="max-w-xs truncate whitespace-normal text-slate-600">{row.note ?? "—"}</Td>
              <Td>
                {row.addedAt}
                {row.addedBy ? <div className="text-xs text-slate-500">by {row.addedBy}</div> : null}
              </Td>
              {canRemove ? (
                <Td className="text-right">
                  <Button variant="ghost" disabled={pending === key(row)} onClick={() => void remove(row, false)} aria-label={`Remove ${row.address} (${CHANNEL_KIND_NAMES[row.channel]})`}>
                    {pending === key(row) ? "Removing…" : "Remove"}
                  </Button>
                </Td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
