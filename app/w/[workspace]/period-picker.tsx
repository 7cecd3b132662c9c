import Link from "next/link";
import { PERIOD_PRESETS, type Period } from "@/lib/analytics/dashboard/period";
import { cx } from "@/components/ui/cx";

/** Preset links and a custom range form: plain GET navigation, so it works before any script has loaded. */
export function PeriodPicker({ base, period, from, to }: { base: string; period: Period | null; from?: string; to?: string }) {
  const active = period?.preset ?? null;
  return (
    <nav aria-label="Period" className="mb-6 flex flex-wrap items-end gap-3">
      <ul className="flex overflow-hidden rounded-md border border-slate-300 text-sm">
        {PERIOD_PRESETS.map((days) => (
          <li key={days}>
            <Link
              href={`${base}?period=${days}`}
              aria-current={active === String(days) ? "page" : undefined}
              className={cx("block px-3 py-1.5", active === String(days) ? "bg-brand-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50")}
            >
              Last {days} days
            </Link>
          </li>
        ))}
      </ul>
      <form method="get" action={base} className="flex flex-wrap items-end gap-2 text-sm">
        <input type="hidden" name="period" value="custom" />
        <label className="flex flex-col text-xs text-slate-600">
          From
          <input type="date" name="from" required defaultValue={from ?? period?.from} className="rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          To
          <input type="date" name="to" required defaultValue={to ?? period?.to} className="rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-slate-700 hover:bg-slate-50">
          Show
        </button>
      </form>
    </nav>
  );
}
