"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { usePolling } from "@/components/use-polling";

const AUTO_REFRESH_MS = 5_000;

/** Reloads the page's data from the server, on a click or every 5 s while the box is ticked. */
export function RefreshControls() {
  const router = useRouter();
  const [auto, setAuto] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const refresh = useCallback(() => startRefresh(() => router.refresh()), [router]);
  usePolling(async () => refresh(), auto, { intervalMs: AUTO_REFRESH_MS });

  return (
    <>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
        Refresh every 5 s
      </label>
      <Button variant="secondary" onClick={refresh} disabled={refreshing}>
        {refreshing ? "Refreshing…" : "Refresh"}
      </Button>
    </>
  );
}
