import type { CellKind } from "../fields.ts";

/** How one file spells dates and amounts; detected from a sample, changeable on the mapping screen. */
export interface CsvLocale {
  /** Order of day and month in dates like 03/04/2024; null when the file never says. */
  dateOrder: "DMY" | "MDY" | null;
  decimalSeparator: "." | ",";
}

const SLASH_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function normalizeDate(raw: string, locale: CsvLocale): string {
  const m = SLASH_DATE.exec(raw);
  if (!m) return raw;
  const [, a, sep, b, y, h, mi, s, ampm] = m;
  // Dotted dates (05.03.2024) are day-first wherever they are written.
  const order = locale.dateOrder ?? (sep === "." ? "DMY" : null);
  if (!order) return raw;
  const day = Number(order === "DMY" ? a : b);
  const month = Number(order === "DMY" ? b : a);
  let year = Number(y);
  if (y && y.length === 2) year += year < 70 ? 2000 : 1900;
  let out = `${year}-${pad(month)}-${pad(day)}`;
  if (h !== undefined && mi !== undefined) {
    let hour = Number(h);
    if (ampm) {
      const pm = ampm.toLowerCase() === "pm";
      if (hour === 12) hour = pm ? 12 : 0;
      else if (pm) hour += 12;
    }
    out += ` ${pad(hour)}:${mi}:${s ?? "00"}`;
  }
  return out;
}

const CURRENCY_AFFIX = /^[$€£¥₹₽₩₺₫₴₦₱฿]|[$€£¥₹₽₩₺₫₴₦₱฿]$|^[A-Z]{3}\s+|\s+[A-Z]{3}$/g;

function normalizeAmount(raw: string, locale: CsvLocale): string {
  let v = raw.replace(CURRENCY_AFFIX, "").replace(/[\s\u00a0\u202f']/g, "");
  if (/^\(.*\)$/.test(v)) v = `-${v.slice(1, -1)}`;
  if (locale.decimalSeparator === ".") {
    // "12,50" in a dot-decimal file is ambiguous; leave it to be rejected rather than read as 1250.
    if (/,\d{1,2}$/.test(v)) return raw;
    return v.replace(/,/g, "");
  }
  if (v.includes(",")) return v.replace(/\./g, "").replace(",", ".");
  if (/^-?\d{1,3}(\.\d{3})+$/.test(v)) return v.replace(/\./g, "");
  return v;
}

/** Rewrites a locale-specific cell into the spelling the entity schemas accept. */
export function normalizeCell(kind: CellKind, raw: string, locale: CsvLocale): string {
  if (kind === "date") return normalizeDate(raw, locale);
  if (kind === "amount") return normalizeAmount(raw, locale);
  return raw;
}

/** Reads the locale off sample values of the date and amount columns. */
export function detectLocale(samples: { dates: string[]; amounts: string[] }): CsvLocale {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const d of samples.dates) {
    const m = SLASH_DATE.exec(d.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst++;
    if (Number(m[3]) > 12) monthFirst++;
  }
  const dateOrder = dayFirst > 0 && monthFirst === 0 ? "DMY" : monthFirst > 0 && dayFirst === 0 ? "MDY" : null;
  let commaDecimal = 0;
  let dotDecimal = 0;
  for (const a of samples.amounts) {
    if (/\d,\d{1,2}\D*$/.test(a.trim())) commaDecimal++;
    else if (/\d\.\d{1,2}\D*$/.test(a.trim())) dotDecimal++;
  }
  return { dateOrder, decimalSeparator: commaDecimal > dotDecimal ? "," : "." };
}
