import { formatDate, formatPercent } from "../format.ts";

/** What the customer profile shows about the next purchase, from the CLV run's metrics. */
export interface NextPurchaseView {
  /** P(a purchase within 30 days), formatted; "—" before the first run. */
  value: string;
  /** 7- and 14-day probabilities, the due day and how far past it the customer is. */
  hint: string;
}

const DAY_MS = 86_400_000;

/**
 * The due day is a calendar day already in the workspace zone (a DATE
 * column, read back as UTC midnight), so it is formatted in UTC; "today" is
 * the workspace zone's day at `now`.
 */
export function nextPurchaseView(
  m: { purchaseProbability7d: number | null; purchaseProbability14d: number | null; purchaseProbability30d: number | null; nextPurchaseDueOn: Date | null } | null,
  now: Date,
  timeZone: string,
): NextPurchaseView {
  if (!m || m.purchaseProbability30d === null) return { value: "—", hint: "within 30 days · after the next model run" };
  const parts = [`within 30 days · ${formatPercent(m.purchaseProbability7d ?? 0)} in 7, ${formatPercent(m.purchaseProbability14d ?? 0)} in 14`];
  if (m.nextPurchaseDueOn) {
    const today = Date.parse(`${formatDate(now, timeZone)}T00:00:00Z`);
    const late = Math.round((today - m.nextPurchaseDueOn.getTime()) / DAY_MS);
    const due = formatDate(m.nextPurchaseDueOn, "UTC");
    parts.push(late > 0 ? `was due ${due} (${late} ${late === 1 ? "day" : "days"} ago)` : late === 0 ? `due today` : `due ${due}`);
  }
  return { value: formatPercent(m.purchaseProbability30d), hint: parts.join(" · ") };
}
