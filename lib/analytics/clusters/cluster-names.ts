import type { FeatureColumn } from "./feature-layout.ts";
import { OTHER } from "./feature-layout.ts";

/**
 * Names a cluster by the feature that sets it most apart: the largest
 * standardised centroid deviation (in standard deviations of all clustered
 * customers). A low category or channel share says little about what a
 * group does, so shares name a cluster only when high; the "Other" columns
 * never do. When two clusters would share a name, the next trait is added.
 */
const TRAITS: Record<Exclude<FeatureColumn["kind"], "category" | "channel">, { high: string; low: string }> = {
  aov: { high: "high spenders", low: "small baskets" },
  discount: { high: "discount seekers", low: "full-price buyers" },
  price: { high: "premium", low: "budget" },
  novelty: { high: "new-collection fans", low: "established-range buyers" },
  regularity: { high: "occasional buyers", low: "regular buyers" },
};

/** Deviations below this are not a trait: the cluster is close to everyone on that feature. */
const MIN_DEVIATION = 0.25;

/**
 * A share column is nearly all-or-nothing for most customers (one channel,
 * one category), which inflates its standardised deviation next to the
 * behaviour features; it is discounted so a share names a cluster only when
 * it stands out clearly more than how the group buys.
 */
const SHARE_WEIGHT = 0.7;

export function traitsOf(centroid: ArrayLike<number>, columns: readonly FeatureColumn[]): string[] {
  const ranked: { name: string; size: number }[] = [];
  columns.forEach((col, j) => {
    const z = centroid[j] ?? 0;
    if (Math.abs(z) < MIN_DEVIATION) return;
    if (col.kind === "category" || col.kind === "channel") {
      if (z <= 0 || col.of === OTHER) return;
      ranked.push({ name: col.kind === "category" ? `${col.of} loyalists` : `${col.of} shoppers`, size: z * SHARE_WEIGHT });
      return;
    }
    const trait = TRAITS[col.kind];
    ranked.push({ name: z > 0 ? trait.high : trait.low, size: Math.abs(z) });
  });
  ranked.sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
  return ranked.map((r) => r.name);
}

/** One name per cluster (centroids k × dims, flat), distinct where the traits allow. */
export function nameClusters(centroids: Float64Array, k: number, columns: readonly FeatureColumn[]): string[] {
  const dims = columns.length;
  const traits = Array.from({ length: k }, (_, c) => traitsOf(centroids.subarray(c * dims, c * dims + dims), columns));
  const names = traits.map((t) => capitalise(t[0] ?? "typical customers"));
  for (let depth = 1; depth < 3; depth++) {
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    let clash = false;
    names.forEach((n, c) => {
      if ((counts.get(n) ?? 0) < 2) return;
      const next = traits[c]![depth];
      if (next) {
        names[c] = `${n}, ${next}`;
        clash = true;
      }
    });
    if (!clash) break;
  }
  // Still equal after three traits: number them so a marketer can tell them apart.
  const seen = new Map<string, number>();
  return names.map((n) => {
    const times = (seen.get(n) ?? 0) + 1;
    seen.set(n, times);
    return names.filter((m) => m === n).length > 1 ? `${n} ${times}` : n;
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
