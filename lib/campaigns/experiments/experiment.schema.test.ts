import { describe, expect, it } from "vitest";
import { experimentInputSchema, experimentWarnings } from "./experiment.schema.ts";
import { sameArms } from "./same-arms.ts";

const issues = (value: unknown) => experimentInputSchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];

describe("a campaign's experiment settings", () => {
  it("default to a 10 % control group, a 7-day window and no variants", () => {
    expect(experimentInputSchema.parse({})).toEqual({ controlPercent: 10, attributionDays: 7, costPerMessage: 0, grossMarginPercent: null, exemptFromGlobalControl: false, variants: [], autoWinner: null });
  });

  it("take an automatic winner only with two variants or more, naming the field", () => {
    const one = experimentInputSchema.safeParse({ variants: [{ key: "A", name: "A", weight: 100 }], autoWinner: {} });
    expect(one.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["autoWinner", "An automatic winner needs at least two variants to choose from."]]);
    const two = experimentInputSchema.parse({ variants: [{ key: "A", name: "A", weight: 50 }, { key: "B", name: "B", weight: 50 }], autoWinner: { minCustomersPerVariant: 200 } });
    expect(two.autoWinner).toEqual({ minCustomersPerVariant: 200, metric: "revenue" });
    const low = experimentInputSchema.safeParse({ variants: [{ key: "A", name: "A", weight: 50 }, { key: "B", name: "B", weight: 50 }], autoWinner: { minCustomersPerVariant: 10 } });
    expect(low.error?.issues.map((i) => i.path.join("."))).toEqual(["autoWinner.minCustomersPerVariant"]);
  });

  it("refuse variants whose weights do not sum to 100, naming the sum", () => {
    expect(issues({ variants: [{ key: "A", name: "A", weight: 50 }, { key: "B", name: "B", weight: 40 }] })).toEqual([["variants", "The variants' weights sum to 90; they must sum to 100."]]);
  });

  it("refuse a key used twice (in any case) at the second variant's key", () => {
    expect(issues({ variants: [{ key: "A", name: "A", weight: 50 }, { key: "a", name: "Also A", weight: 50 }] })).toEqual([["variants.1.key", 'The key "a" is used by another variant; each needs its own.']]);
  });

  it("refuse a control group outside 0–90 and a window outside 1–90 days, by field", () => {
    expect(issues({ controlPercent: 95, attributionDays: 0 }).map(([path]) => path)).toEqual(["controlPercent", "attributionDays"]);
    expect(issues({ controlPercent: 12.5 }).map(([path]) => path)).toEqual(["controlPercent"]);
  });

  it("accept one variant at 100 and a variant with its own template on another channel", () => {
    expect(issues({ variants: [{ key: "only", name: "Only", weight: 100 }] })).toEqual([]);
    expect(issues({ variants: [{ key: "A", name: "Mail", weight: 60 }, { key: "B", name: "Text", weight: 40, content: { channel: "sms", text: "Hi" } }] })).toEqual([]);
  });

  it("warn that nothing is measurable without a control group, and only then", () => {
    expect(experimentWarnings({ controlPercent: 0 })).toHaveLength(1);
    expect(experimentWarnings({ controlPercent: 0 })[0]).toMatch(/nothing will be measurable/);
    expect(experimentWarnings({ controlPercent: 1 })).toEqual([]);
  });

  it("tell a change of split from a change of content (a paused campaign may change only the latter)", () => {
    const base = experimentInputSchema.parse({ variants: [{ key: "A", name: "A", weight: 50 }, { key: "B", name: "B", weight: 50 }] });
    expect(sameArms(base, { ...base, attributionDays: 14, variants: base.variants.map((v) => ({ ...v, name: `${v.name}!` })) })).toBe(true);
    expect(sameArms(base, { ...base, controlPercent: 20 })).toBe(false);
    expect(sameArms(base, { ...base, variants: [{ ...base.variants[0]!, weight: 60 }, { ...base.variants[1]!, weight: 40 }] })).toBe(false);
  });
});
