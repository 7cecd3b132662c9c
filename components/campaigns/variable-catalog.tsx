import { TEMPLATE_VARIABLES, type TemplateVariable } from "@/lib/campaigns/templates/template-variables";

/** What a click inserts: JSON payloads need the json filter; attributes need a key and, for customers without it, a fallback. */
export function variableSnippet(variable: TemplateVariable, json: boolean): string {
  if (variable.kind === "list") return `{% for r in ${variable.path} %}{{ r.name${json ? " | json" : ""} }}{% endfor %}`;
  const path = variable.kind === "attributes" ? `${variable.path}.your_key` : variable.path;
  const fallback = variable.kind === "attributes" ? ` | default: ""` : "";
  return `{{ ${path}${fallback}${json ? " | json" : ""} }}`;
}

/**
 * The variables a template may use (lib/campaigns/templates/template-variables.ts),
 * each with what it holds. "Insert" puts it at the cursor of the template
 * field last written in.
 */
export function VariableCatalog({ onInsert, json }: { onInsert: (snippet: string) => void; json: boolean }) {
  const groups = new Map<string, TemplateVariable[]>();
  for (const v of TEMPLATE_VARIABLES) {
    const group = v.path.split(".")[0]!;
    groups.set(group, [...(groups.get(group) ?? []), v]);
  }
  return (
    <details className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <summary className="cursor-pointer text-sm font-medium text-slate-800">Variables you can use</summary>
      <p className="mt-2 text-xs text-slate-600">
        Liquid syntax: <code>{"{{ customer.first_name }}"}</code>. A value some customers lack renders empty; give a fallback with{" "}
        <code>{'| default: "there"'}</code>.{json ? " In a JSON payload, insert values with | json." : ""}
      </p>
      {[...groups.entries()].map(([group, variables]) => (
        <div key={group} className="mt-3">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{group}</h4>
          <ul className="mt-1 divide-y divide-slate-200">
            {variables.map((v) => (
              <li key={v.path} className="flex items-start justify-between gap-2 py-1.5">
                <div className="min-w-0">
                  <code className="text-xs text-slate-900">{v.kind === "attributes" ? `${v.path}.<key>` : v.path}</code>
                  <p className="text-xs text-slate-600">{v.description}</p>
                </div>
                <button type="button" className="shrink-0 text-xs font-medium text-brand-700 hover:underline" onClick={() => onInsert(variableSnippet(v, json))} aria-label={`Insert ${v.path}`}>
                  Insert
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </details>
  );
}
