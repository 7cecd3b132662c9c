import { TEMPLATE_VARIABLES } from "./template-variables.ts";

/**
 * The made-up customers a template is rendered for when it is saved, so a
 * payload that only works for tidy data is refused before it reaches a real
 * one:
 * - sample: the catalog's examples;
 * - quoted-text: every text value holds a double quote, a backslash and a
 *   line break (a name such as `Ann "Annie" O'Neil` does), which breaks a
 *   payload that inserts text without `| json`;
 * - empty-values: every value some customers lack is null, which breaks
 *   `"orders": {{ metrics.order_count }}` for a customer without metrics.
 * Attributes are free-form, so each attribute the template names is given a
 * value (text in the same spirit) along the path it uses.
 */
export type CheckContextKind = "sample" | "quoted-text" | "empty-values";

const AWKWARD_SUFFIX = ' "quoted" \\ and\na line break';

function setPath(root: Record<string, unknown>, path: readonly string[], leaf: unknown): void {
  let node = root;
  for (const [i, part] of path.entries()) {
    const isLast = i === path.length - 1;
    const existing = node[part];
    if (isLast) {
      if (existing === undefined || typeof existing !== "object") node[part] = leaf;
      return;
    }
    if (typeof existing !== "object" || existing === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
}

/** `attributePaths`: the paths below customer.attributes the template names (["address", "city"] for customer.attributes.address.city). */
export function checkContext(kind: CheckContextKind, attributePaths: readonly (readonly string[])[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const variable of TEMPLATE_VARIABLES) {
    let value = variable.example;
    if (variable.kind === "attributes") value = {};
    else if (variable.kind === "list" && kind === "empty-values") value = [];
    else if (variable.kind === "list" && kind === "quoted-text" && Array.isArray(value))
      value = value.map((item) => Object.fromEntries(Object.entries(item).map(([k, x]) => [k, typeof x === "string" ? `${x}${AWKWARD_SUFFIX}` : x])));
    else if (kind === "empty-values" && variable.nullable) value = null;
    else if (kind === "quoted-text" && variable.kind === "text" && typeof value === "string") value = `${value}${AWKWARD_SUFFIX}`;
    setPath(root, variable.path.split("."), value);
  }
  const attributes = (root.customer as Record<string, unknown>).attributes as Record<string, unknown>;
  for (const path of attributePaths) {
    if (path.length > 0) setPath(attributes, path, kind === "quoted-text" ? `sample${AWKWARD_SUFFIX}` : "sample");
  }
  return root;
}
