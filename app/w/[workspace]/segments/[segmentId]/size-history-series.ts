import type { SizePoint } from "./read-size-history";

export interface VersionSeries {
  key: string;
  version: number | null;
  /** Time (ms) of the first size counted with this version. */
  startsAt: number;
}

/**
 * Chart rows with one column per run of the same rules version: a version
 * that comes back later (not possible today, versions only grow) would still
 * start a new line rather than join across the other version's span.
 */
export function versionSeries(points: SizePoint[]): { rows: ({ t: number } & Record<string, number | null>)[]; series: VersionSeries[] } {
  const series: VersionSeries[] = [];
  const rows = points.map((p, i) => {
    const t = new Date(p.at).getTime();
    if (i === 0 || points[i - 1]!.version !== p.version) series.push({ key: `s${series.length}`, version: p.version, startsAt: t });
    return { t, [series[series.length - 1]!.key]: p.size } as { t: number } & Record<string, number | null>;
  });
  return { rows, series };
}
