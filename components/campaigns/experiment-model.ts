import type { TemplateContent } from "@/lib/campaigns/templates/template-content";

/**
 * The experiment part of the campaign editor: control group, attribution
 * window, ROI inputs, variants. Numbers stay text until sent (empty means the
 * default). A variant edited here differs from the campaign in its email
 * subject and send time; variants with a template or channel of their own
 * come from the API and are kept as they are.
 */
export interface EditorVariant {
  key: string;
  name: string;
  weight: string;
  sendOffsetMinutes: string;
  /** "" sends the campaign's own subject. */
  subject: string;
  /** A template of the variant's own that is more than another subject (kept untouched); null otherwise. */
  ownContent: TemplateContent | null;
}

export interface EditorExperiment {
  controlPercent: string;
  attributionDays: string;
  costPerMessage: string;
  grossMarginPercent: string;
  exemptFromGlobalControl: boolean;
  variants: EditorVariant[];
  autoWinner: boolean;
  /** Text until sent; empty means the default 1,000. */
  autoWinnerMin: string;
  autoWinnerMetric: "revenue" | "conversion";
}

export function emptyExperiment(): EditorExperiment {
  return {
    controlPercent: "10",
    attributionDays: "7",
    costPerMessage: "",
    grossMarginPercent: "",
    exemptFromGlobalControl: false,
    variants: [],
    autoWinner: false,
    autoWinnerMin: "1000",
    autoWinnerMetric: "revenue",
  };
}

interface StoredExperiment {
  controlPercent: number;
  attributionDays: number;
  costPerMessage: number;
  grossMarginPercent: number | null;
  exemptFromGlobalControl: boolean;
  variants: { key: string; name: string; weight: number; content: TemplateContent | null; sendOffsetMinutes: number }[];
  autoWinner?: { minCustomersPerVariant: number; metric: "revenue" | "conversion" } | null;
}

/** The editor's experiment for a saved campaign; a variant whose template is the campaign's with another subject is a subject variant. */
export function experimentStateFrom(experiment: StoredExperiment | undefined, campaignContent: TemplateContent): EditorExperiment {
  if (!experiment) return emptyExperiment();
  return {
    controlPercent: String(experiment.controlPercent),
    attributionDays: String(experiment.attributionDays),
    costPerMessage: experiment.costPerMessage ? String(experiment.costPerMessage) : "",
    grossMarginPercent: experiment.grossMarginPercent === null ? "" : String(experiment.grossMarginPercent),
    exemptFromGlobalControl: experiment.exemptFromGlobalControl,
    autoWinner: Boolean(experiment.autoWinner),
    autoWinnerMin: String(experiment.autoWinner?.minCustomersPerVariant ?? 1000),
    autoWinnerMetric: experiment.autoWinner?.metric ?? "revenue",
    variants: experiment.variants.map((v) => {
      const subjectOnly = v.content?.channel === "email" && campaignContent.channel === "email" && JSON.stringify({ ...v.content, subject: "" }) === JSON.stringify({ ...campaignContent, subject: "" });
      return {
        key: v.key,
        name: v.name,
        weight: String(v.weight),
        sendOffsetMinutes: String(v.sendOffsetMinutes),
        subject: subjectOnly && v.content?.channel === "email" ? v.content.subject : "",
        ownContent: subjectOnly ? null : v.content,
      };
    }),
  };
}

function numberOr(text: string, empty: number | null): number | null | string {
  const trimmed = text.trim();
  if (trimmed === "") return empty;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The experiment as lib/campaigns/experiments/experiment.schema.ts reads it; a subject variant carries the campaign's template with its subject. */
export function experimentInput(experiment: EditorExperiment, campaignContent: TemplateContent): Record<string, unknown> {
  return {
    controlPercent: numberOr(experiment.controlPercent, 10),
    attributionDays: numberOr(experiment.attributionDays, 7),
    costPerMessage: numberOr(experiment.costPerMessage, 0),
    grossMarginPercent: numberOr(experiment.grossMarginPercent, null),
    exemptFromGlobalControl: experiment.exemptFromGlobalControl,
    autoWinner: experiment.autoWinner ? { minCustomersPerVariant: numberOr(experiment.autoWinnerMin, 1000), metric: experiment.autoWinnerMetric } : null,
    variants: experiment.variants.map((v) => ({
      key: v.key,
      name: v.name,
      weight: numberOr(v.weight, null),
      sendOffsetMinutes: numberOr(v.sendOffsetMinutes, 0),
      content: v.ownContent ?? (v.subject.trim() !== "" && campaignContent.channel === "email" ? { ...campaignContent, subject: v.subject } : null),
    })),
  };
}

/** A new variant row: the next letter, and the weights evened out so they still sum to 100. */
export function addVariant(experiment: EditorExperiment): EditorExperiment {
  const taken = new Set(experiment.variants.map((v) => v.key.toUpperCase()));
  const key = "ABCDEFGHIJ".split("").find((k) => !taken.has(k)) ?? `V${experiment.variants.length + 1}`;
  const count = experiment.variants.length + 1;
  const even = Math.floor(100 / count);
  const variants = [...experiment.variants, { key, name: `Variant ${key}`, weight: "", sendOffsetMinutes: "0", subject: "", ownContent: null }].map((v, i) => ({
    ...v,
    weight: String(i === 0 ? 100 - even * (count - 1) : even),
  }));
  return { ...experiment, variants };
}
