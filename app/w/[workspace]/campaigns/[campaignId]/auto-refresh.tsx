"use client";

import { useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { usePolling } from "@/components/use-polling";

/** The counts are retallied every 15 s while a campaign sends; the page reads them again as often. */
const REFRESH_MS = 15_000;

export function AutoRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const refresh = useCallback(() => startRefresh(() => router.refresh()), [router]);
  usePolling(async () => refresh(), active, { intervalMs: REFRESH_MS });
  return (
    <Button variant="ghost" onClick={refresh} disabled={refreshing}>
      {refreshing ? "Refreshing…" : "Refresh"}
    </Button>
  );
}
