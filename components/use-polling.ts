"use client";

import { useEffect, useRef } from "react";

/**
 * Calls `poll` while `active`, one call at a time: every `intervalMs` (or
 * `retryMs` after a call that returned false), starting after one interval
 * or at once with `immediate`. Stops when `active` turns false or the
 * component unmounts. `poll` handles its own errors.
 */
export function usePolling(
  poll: () => Promise<boolean | void>,
  active: boolean,
  options: { intervalMs: number; retryMs?: number; immediate?: boolean },
): void {
  const latest = useRef(poll);
  useEffect(() => {
    latest.current = poll;
  }, [poll]);
  const { intervalMs, retryMs = intervalMs, immediate = false } = options;
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const ok = await latest.current();
      if (!cancelled) timer = setTimeout(tick, ok === false ? retryMs : intervalMs);
    };
    timer = setTimeout(tick, immediate ? 0 : intervalMs);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [active, intervalMs, retryMs, immediate]);
}
