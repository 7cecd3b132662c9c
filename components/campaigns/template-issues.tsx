import type { TemplateIssue } from "@/lib/campaigns/templates/template-issue";

/**
 * A field's template issues, each with the line it is on and a caret under
 * its column, and a button that puts the cursor there in the editor.
 */
export function TemplateIssues({ source, issues, onLocate }: { source: string; issues: TemplateIssue[]; onLocate?: (issue: TemplateIssue) => void }) {
  if (issues.length === 0) return null;
  const lines = source.split("\n");
  return (
    <ul className="mt-2 space-y-2" aria-label="Template problems">
      {issues.map((issue, i) => {
        const text = lines[issue.line - 1] ?? "";
        const gutter = `${issue.line} | `;
        return (
          <li key={`${issue.line}:${issue.column}:${i}`} className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800">
            <p>
              <span className="font-semibold">
                Line {issue.line}, column {issue.column}:
              </span>{" "}
              {issue.message}
            </p>
            {text ? (
              <pre className="mt-1 overflow-x-auto font-mono text-[11px] leading-4 text-slate-800" aria-hidden="true">
                {`${gutter}${text}\n${" ".repeat(gutter.length + Math.max(0, issue.column - 1))}^`}
              </pre>
            ) : null}
            {onLocate ? (
              <button type="button" className="mt-1 text-brand-700 underline" onClick={() => onLocate(issue)}>
                Show line {issue.line} in the editor
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The character offset of a 1-based line and column in `source`. */
export function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf("\n", offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  return Math.min(source.length, offset + Math.max(0, column - 1));
}
