import Link from "next/link";

/** Change from `before` to `now` as a signed percentage, or a word when there is nothing to compare with. */
function change(now: number | null, before: number | null): string {
  if (now === null || before === null) return "—";
  if (before === 0) return now === 0 ? "no change" : "new";
  const pct = ((now - before) / Math.abs(before)) * 100;
  return `${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%`;
}

/** One headline number of the period with its two comparisons and a link to where it is explained. */
export function KpiCard({
  label,
  value,
  raw,
  previous,
  lastYear,
  format,
  href,
  testId,
}: {
  label: string;
  value: string;
  raw: number | null;
  previous: number | null;
  lastYear: number | null;
  format: (v: number | null) => string;
  href: string;
  testId: string;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">
        <Link href={href} className="hover:underline">
          {label}
        </Link>
      </div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-500">
        <dt>Previous period</dt>
        <dd className="tabular-nums">
          {format(previous)} ({change(raw, previous)})
        </dd>
        <dt>A year earlier</dt>
        <dd className="tabular-nums">
          {format(lastYear)} ({change(raw, lastYear)})
        </dd>
      </dl>
    </div>
  );
}
