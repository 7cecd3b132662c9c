import { describe, expect, it } from "vitest";
import { orderLineInputSchema } from "./order-line.schema.ts";
import { productInputSchema } from "./product.schema.ts";

const path = (value: unknown) => {
  const parsed = productInputSchema.safeParse({ external_id: "p", name: "P", category_path: value });
  return parsed.success ? { ok: parsed.data.category_path } : { error: parsed.error.issues.map((i) => i.message) };
};

describe("category_path", () => {
  it("reads text with > between levels and lists of levels the same way", () => {
    expect(path("Tea > Green tea")).toEqual({ ok: "Tea > Green tea" });
    expect(path("  Tea>Green tea ")).toEqual({ ok: "Tea > Green tea" });
    expect(path(["Tea", " Green tea "])).toEqual({ ok: "Tea > Green tea" });
    expect(path("Kitchen")).toEqual({ ok: "Kitchen" });
  });

  it("empty text and null clear it; absent keeps it", () => {
    expect(path("")).toEqual({ ok: null });
    expect(path([])).toEqual({ ok: null });
    expect(path(null)).toEqual({ ok: null });
    expect(path(undefined)).toEqual({ ok: undefined });
  });

  it("refuses empty levels, a level holding the separator, and over-long paths, saying which", () => {
    expect(path("Tea >  > Green")).toEqual({ error: ["has an empty level (write levels like “Apparel > Shoes”)"] });
    expect(path(["Tea", "Green > Sencha"])).toEqual({ error: ["has a level containing “>”, which separates levels"] });
    expect(path(Array.from({ length: 11 }, (_, i) => `L${i}`))).toEqual({ error: ["has 11 levels; at most 10"] });
    expect(path(["x".repeat(201)])).toEqual({ error: ["has a level longer than 200 characters"] });
  });
});

describe("order line", () => {
  const line = (extra: Record<string, unknown>) => orderLineInputSchema.safeParse({ order_external_id: "o", product_external_id: "p", unit_price: "4.99", ...extra });

  it("takes CSV text for quantity and line number, and a discount up to the line's worth", () => {
    expect(line({ quantity: "3", line_number: "2", discount: "14.97" }).data).toEqual({
      order_external_id: "o",
      product_external_id: "p",
      unit_price: "4.99",
      quantity: 3,
      line_number: 2,
      discount: "14.97",
    });
  });

  it("refuses a fractional or zero quantity and a discount above quantity × unit price", () => {
    expect(line({ quantity: "1.5" }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["quantity", "must be a whole number"]]);
    expect(line({ quantity: 0 }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["quantity", "must be between 1 and 1,000,000"]]);
    expect(line({ quantity: 3, discount: "14.98" }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["discount", "is more than quantity × unit_price"]]);
  });
});
