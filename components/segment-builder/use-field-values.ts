"use client";

import { useEffect, useState } from "react";
import type { ValueSource } from "@/lib/segments/field-catalog";
import type { KnownValues } from "@/lib/segments/segment-views";

// One request per workspace and source for the page's lifetime: the lists
// change slowly and several rules often share one (two country rules).
const cache = new Map<string, Promise<KnownValues>>();

function load(slug: string, source: ValueSource): Promise<KnownValues> {
  const key = `${slug}\u0000${source}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = fetch(`/api/w/${encodeURIComponent(slug)}/segments/field-values?source=${source}`, { headers: { accept: "application/json" } }).then(
      async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (await res.json()) as KnownValues;
      },
    );
    // A failed load is retried the next time a rule needs the list.
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

export interface FieldValuesState {
  data: KnownValues | null;
  error: boolean;
}

/** Known values of the workspace for a picker (countries, channels, RFM segments...). */
export function useFieldValues(slug: string, source: ValueSource | undefined): FieldValuesState {
  const [state, setState] = useState<FieldValuesState & { source?: ValueSource }>({ data: null, error: false });
  useEffect(() => {
    if (!source) return;
    let live = true;
    load(slug, source).then(
      (data) => live && setState({ data, error: false, source }),
      () => live && setState({ data: null, error: true, source }),
    );
    return () => {
      live = false;
    };
  }, [slug, source]);
  return state.source === source ? state : { data: null, error: false };
}
