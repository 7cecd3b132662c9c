/** Display formatting shared by pages; the workspace currency is passed in, never assumed. */

// Building an Intl formatter costs tens of microseconds (locale data is resolved each time) and a page formats
// hundreds of numbers, so each distinct formatter is built once per process. The keys come from a handful of
// currencies, digit counts and time zones, so the maps stay small.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat("en-US", options)));
  return f;
}

function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat("en-CA", options)));
  return f;
}

export function formatMoney(value: number, currency: string): string {
  return numberFormat(`money:${currency}`, { style: "currency", currency, maximumFractionDigits: 2 }).format(value);
}

export function formatNumber(value: number, fractionDigits = 0): string {
  return numberFormat(`number:${fractionDigits}`, { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(value);
}

export function formatPercent(value: number, fractionDigits = 1): string {
  return `${(value * 100).toFixed(fractionDigits)}%`;
}

export function formatDate(value: Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return "—";
  return dateFormat(`date:${timeZone}`, { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(value);
}

export function formatDateTime(value: Date | null | undefined, timeZone = "UTC"): string {
  if (!value) return "—";
  return dateFormat(`datetime:${timeZone}`, {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    // hour12: false gives "24:09" for a time after midnight in this locale; h23 counts 00–23.
    hourCycle: "h23",
  }).format(value);
}
