"use client";

import type { LaunchPreview } from "@/lib/campaigns/launch-campaign";
import { MESSAGE_REASONS, type MessageReason } from "@/lib/campaigns/policy/reasons";
import { Button } from "@/components/ui/button";

function label(reason: string): string {
  return Object.hasOwn(MESSAGE_REASONS, reason) ? MESSAGE_REASONS[reason as MessageReason] : reason;
}

/**
 * What the launch would do for the audience as it is now, decided by the
 * same contact-policy SQL as the real planning: how many would be sent, how
 * many of those wait (quiet hours, local time), and who is skipped and why.
 */
export function LaunchPreviewPanel({
  preview,
  verb,
  triggered,
  onConfirm,
  onCancel,
}: {
  preview: LaunchPreview;
  verb: "Launch" | "Schedule";
  /** A triggered campaign sends to customers who enter or leave later; today's members show how the policy would treat them. */
  triggered: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { counts } = preview;
  const skipped = Object.entries(counts.skipped).filter(([, n]) => (n ?? 0) > 0) as [string, number][];
  const totalSkipped = skipped.reduce((sum, [, n]) => sum + n, 0);
  const n = (value: number) => value.toLocaleString("en-US");
  return (
    <section role="region" aria-label="Before you launch" className="w-full max-w-md rounded-lg border border-brand-100 bg-white p-4 text-left shadow-sm">
      <h2 className="text-sm font-semibold text-slate-800">Before you {verb.toLowerCase()}</h2>
      <dl className="mt-2 space-y-1 text-sm">
        <div className="flex justify-between">
          <dt>Customers in the segment</dt>
          <dd className="tabular-nums">{n(preview.segmentSize)}</dd>
        </div>
        <div className="flex justify-between">
          <dt>Will be sent</dt>
          <dd className="tabular-nums">{n(counts.queued - counts.heldOut)}</dd>
        </div>
        <div className="flex justify-between">
          <dt>Held out as the control group</dt>
          <dd className="tabular-nums">{n(counts.heldOut)}</dd>
        </div>
        <div className="flex justify-between text-slate-600">
          <dt>…of which wait (quiet hours, local time)</dt>
          <dd className="tabular-nums">{n(counts.deferred)}</dd>
        </div>
        <div className="flex justify-between">
          <dt>Skipped</dt>
          <dd className="tabular-nums">{n(totalSkipped)}</dd>
        </div>
      </dl>
      {skipped.length > 0 ? (
        <ul className="mt-2 space-y-1 border-t border-slate-100 pt-2 text-xs text-slate-700" aria-label="Skipped by reason">
          {skipped.map(([reason, count]) => (
            <li key={reason} className="flex justify-between gap-3">
              <span>{label(reason)}</span>
              <span className="tabular-nums">{n(count)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {preview.mde ? (
        <p className="mt-2 border-t border-slate-100 pt-2 text-sm text-slate-700" data-testid="launch-mde">
          With this audience and a {preview.mde.controlPercent}% control group, the smallest lift detectable is{" "}
          <strong className="tabular-nums">{preview.mde.absolute.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</strong> in revenue per customer
          {preview.mde.relative === null ? "" : ` (${(preview.mde.relative * 100).toFixed(1)}% of the segment's ${preview.mde.historicalMean.toLocaleString("en-US", { maximumFractionDigits: 2 })})`}, judged from the
          segment&apos;s last {preview.mde.windowDays} days (95% confidence, 80% power). A smaller true effect will most likely read as inconclusive.
        </p>
      ) : !triggered && counts.queued > 0 && counts.heldOut === 0 ? (
        <p className="mt-2 border-t border-slate-100 pt-2 text-sm text-amber-800">No control group: nothing about this campaign&apos;s effect will be measurable.</p>
      ) : null}
      <p className="mt-2 text-xs text-slate-500">
        {triggered
          ? "A triggered campaign sends only to customers who enter or leave the segment after launch; these counts show how the policy would treat today's members."
          : "Counted for the audience as it is now; each message is checked again just before it is sent."}
      </p>
      <div className="mt-3 flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button onClick={onConfirm}>{verb === "Schedule" ? "Schedule it" : "Launch now"}</Button>
      </div>
      {counts.queued - counts.heldOut === 0 && !triggered ? <p className="mt-1 text-right text-xs text-amber-800">As things stand, nobody would be sent anything.</p> : null}
    </section>
  );
}
