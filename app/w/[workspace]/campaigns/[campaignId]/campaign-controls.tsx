"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { CampaignStatus } from "@/lib/campaigns/campaign-views";
import type { LaunchPreview } from "@/lib/campaigns/launch-campaign";
import type { ActionResult } from "@/lib/next/workspace-action";
import { Button, buttonClasses } from "@/components/ui/button";
import { approveCampaignAction, archiveCampaignAction, launchCampaignAction, pauseCampaignAction, previewLaunchAction, resumeCampaignAction } from "./actions";
import { LaunchPreviewPanel } from "./launch-preview-panel";

interface Props {
  slug: string;
  campaignId: number;
  name: string;
  status: CampaignStatus;
  canWrite: boolean;
  canApprove: boolean;
  /** The workspace requires an admin's approval, and this user's launch is not one. */
  waitingForApproval: boolean;
  /** "Schedule" rather than "Launch" for a broadcast at a later time. */
  launchVerb: "Launch" | "Schedule";
  triggered: boolean;
}

type Step = { kind: "idle" } | { kind: "busy"; what: string } | { kind: "preview"; preview: LaunchPreview };

/**
 * What this user may do to the campaign in its state: edit, launch (after
 * seeing what the launch would do), approve, pause, resume, archive. The
 * server checks role and state again for each.
 */
export function CampaignControls({ slug, campaignId, name, status, canWrite, canApprove, waitingForApproval, launchVerb, triggered }: Props) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const busy = step.kind === "busy";

  async function run<T>(what: string, action: (slug: string, input: unknown) => Promise<ActionResult<T>>, done: string): Promise<ActionResult<T>> {
    setStep({ kind: "busy", what });
    setMessage(null);
    const result = await action(slug, { campaignId });
    setStep({ kind: "idle" });
    setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.error });
    if (result.ok) router.refresh();
    return result;
  }

  // A worker counts the audience; the panel asks again until it is done (a million customers take tens of seconds).
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  async function openPreview() {
    setStep({ kind: "busy", what: "preview" });
    setMessage(null);
    let result = await previewLaunchAction(slug, { campaignId, restart: true });
    for (let poll = 0; result.ok && result.data.status === "counting"; poll++) {
      await new Promise((resolve) => setTimeout(resolve, poll < 10 ? 300 : 1000));
      if (!mounted.current) return;
      result = await previewLaunchAction(slug, { campaignId });
    }
    if (!result.ok) {
      setStep({ kind: "idle" });
      setMessage({ ok: false, text: result.error });
    } else if (result.data.status === "failed") {
      setStep({ kind: "idle" });
      setMessage({ ok: false, text: `The audience could not be counted: ${result.data.error}` });
    } else if (result.data.status === "done") setStep({ kind: "preview", preview: result.data.preview });
  }

  const editable = status === "draft" || status === "approved" || status === "paused";
  const launchable = status === "draft" || status === "approved";

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        {canWrite && editable ? (
          <Link href={`/w/${slug}/campaigns/${campaignId}/edit`} className={buttonClasses("secondary")}>
            Edit
          </Link>
        ) : null}
        {canApprove && status === "draft" ? (
          <Button variant="secondary" disabled={busy} onClick={() => run("approve", approveCampaignAction, "Approved: it can now be launched.")}>
            Approve
          </Button>
        ) : null}
        {canWrite && launchable ? (
          <Button disabled={busy || waitingForApproval || step.kind === "preview"} onClick={openPreview}>
            {step.kind === "busy" && step.what === "preview" ? "Counting the audience…" : `${launchVerb}…`}
          </Button>
        ) : null}
        {canWrite && (status === "active" || status === "scheduled") ? (
          <Button variant="secondary" disabled={busy} onClick={() => run("pause", pauseCampaignAction, "Paused: nothing more is sent until you resume.")}>
            Pause
          </Button>
        ) : null}
        {canWrite && status === "paused" ? (
          <Button disabled={busy} onClick={() => run("resume", resumeCampaignAction, "Resumed: the messages still waiting are sent.")}>
            Resume
          </Button>
        ) : null}
        {canWrite && status !== "archived" ? (
          <Button
            variant="ghost"
            disabled={busy}
            onClick={() => {
              if (window.confirm(`Archive “${name}”? It stops for good; messages still waiting are skipped.`)) void run("archive", archiveCampaignAction, "Archived.");
            }}
          >
            Archive
          </Button>
        ) : null}
      </div>
      {waitingForApproval && canWrite && launchable ? (
        <p className="max-w-sm text-right text-xs text-amber-800">This workspace requires an admin&apos;s approval before a campaign&apos;s first send. An admin approves it on this page.</p>
      ) : null}
      {step.kind === "preview" ? (
        <LaunchPreviewPanel
          preview={step.preview}
          verb={launchVerb}
          triggered={triggered}
          onCancel={() => setStep({ kind: "idle" })}
          onConfirm={() => run("launch", launchCampaignAction, launchVerb === "Schedule" ? "Scheduled." : "Launched: sending has started.")}
        />
      ) : null}
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`max-w-md text-right text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
