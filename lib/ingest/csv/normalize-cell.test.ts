import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAmount, parseTimestamp } from "../parse-values.ts";
import { detectLocale, normalizeCell, type CsvLocale } from "./normalize-cell.ts";

const DOT: CsvLocale = { dateOrder: null, decimalSeparator: "." };
const COMMA: CsvLocale = { dateOrder: "DMY", decimalSeparator: "," };

describe("amounts written the way spreadsheets write them", () => {
  // Independent oracle: the platform's locale formatting, in the two conventions.
  const formats = [
    { locale: COMMA, fmt: new Intl.NumberFormat("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) },
    { locale: DOT, fmt: new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) },
    { locale: DOT, fmt: new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }) },
    { locale: COMMA, fmt: new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" }) },
    { locale: COMMA, fmt: new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2 }) },
  ];

  it("normalise back to the exact amount in cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), fc.integer({ min: 0, max: formats.length - 1 }), (cents, which) => {
        const { locale, fmt } = formats[which]!;
        const written = fmt.format(cents / 100);
        const parsed = parseAmount(normalizeCell("amount", written, locale));
        expect(parsed.ok, written).toBe(true);
        if (parsed.ok) expect(Math.round(Number(parsed.value) * 100)).toBe(cents);
      }),
    );
  });

  it("leaves a comma-decimal value in a point-decimal file to be rejected, never read as 100 times larger", () => {
    expect(parseAmount(normalizeCell("amount", "12,50", DOT)).ok).toBe(false);
    expect(normalizeCell("amount", "1,234.50", DOT)).toBe("1234.50");
    expect(normalizeCell("amount", "(12.00)", DOT)).toBe("-12.00");
  });
});

describe("dates with day and month", () => {
  it("follow the file's order, including two-digit years and 12-hour clocks", () => {
    expect(normalizeCell("date", "31/01/2024", COMMA)).toBe("2024-01-31");
    expect(normalizeCell("date", "01/31/2024 2:05 PM", { ...DOT, dateOrder: "MDY" })).toBe("2024-01-31 14:05:00");
    expect(normalizeCell("date", "05.03.24", DOT)).toBe("2024-03-05");
    expect(value(normalizeCell("date", "03/04/2024", DOT))).toMatch(/ambiguous/);
  });

  it("detects the order from values that can only be read one way", () => {
    expect(detectLocale({ dates: ["03/04/2024", "25/12/2023"], amounts: [] }).dateOrder).toBe("DMY");
    expect(detectLocale({ dates: ["12/25/2023", "03/04/2024"], amounts: [] }).dateOrder).toBe("MDY");
    expect(detectLocale({ dates: ["03/04/2024"], amounts: [] }).dateOrder).toBeNull();
    expect(detectLocale({ dates: [], amounts: ["1.234,50", "12,00", "3"] }).decimalSeparator).toBe(",");
    expect(detectLocale({ dates: [], amounts: ["1,234.50", "12.00"] }).decimalSeparator).toBe(".");
  });

  function value(normalized: string): string {
    const p = parseTimestamp(normalized);
    return p.ok ? p.value : p.reason;
  }
});
