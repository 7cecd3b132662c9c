"use client";

import Link from "next/link";
import { useState } from "react";
import { SegmentExplanation } from "@/components/segment-builder/segment-explanation";

export interface MemberRowData {
  customerId: string;
  label: string;
  externalId: string;
  email: string | null;
  entered: string;
  /** Formatted on the server (workspace currency); "—" before the first analytics run. */
  clv: string;
  rfmSegment: string;
  pAlive: string;
  /** Channels the customer agreed to be contacted on, in words ("email, sms" or "none"). */
  consent: string;
}

/** A member with a "Why?" toggle that shows each rule's result for this customer. */
export function MemberRow({ slug, segmentId, member }: { slug: string; segmentId: number; member: MemberRowData }) {
  const [open, setOpen] = useState(false);
  const panelId = `why-${member.customerId}`;
  return (
    <>
      <tr className="hover:bg-slate-50">
        <td className="whitespace-nowrap px-3 py-2">
          <Link href={`/w/${slug}/customers/${member.customerId}`} className="font-medium text-brand-700 hover:underline">
            {member.label}
          </Link>
          <div className="text-xs text-slate-500">{member.externalId}</div>
        </td>
        <td className="whitespace-nowrap px-3 py-2 text-slate-800">{member.email ?? "—"}</td>
        <td className="whitespace-nowrap px-3 py-2 text-slate-800">{member.entered}</td>
        <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums text-slate-800">{member.clv}</td>
        <td className="whitespace-nowrap px-3 py-2 text-slate-800">{member.rfmSegment}</td>
        <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums text-slate-800">{member.pAlive}</td>
        <td className="whitespace-nowrap px-3 py-2 text-slate-800">{member.consent}</td>
        <td className="whitespace-nowrap px-3 py-2 text-right">
          <button
            type="button"
            className="rounded px-2 py-1 text-sm text-brand-700 hover:bg-brand-50 focus:outline-none focus:ring-2 focus:ring-brand-500"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? "Hide" : "Why?"}
            <span className="sr-only"> {member.label} is in this segment</span>
          </button>
        </td>
      </tr>
      {open ? (
        <tr id={panelId}>
          <td colSpan={8} className="bg-slate-50 px-6 py-3">
            <SegmentExplanation slug={slug} segmentId={segmentId} customerId={member.customerId} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
