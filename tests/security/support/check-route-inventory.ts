import ts from "typescript";
import type { Access, RouteEntry } from "../route-inventory.ts";

/**
 * Reads the sources of app/ and compares every door with the route inventory.
 * Pure: it takes the files (path relative to the repository root, and text)
 * so a test can also feed it files that do not exist on disk.
 */
export interface SourceFile {
  path: string;
  text: string;
}

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** How an export is built, as far as a guard is concerned. */
type Guard =
  | { kind: "call"; callee: string; literal: string | null; args: number; optionsLiteral: boolean }
  | { kind: "function" }
  | { kind: "other" };

/** Files that are doors: route handlers, pages, layouts and any module of server actions. */
export function isDoorFile(file: SourceFile): boolean {
  if (!file.path.startsWith("app/")) return false;
  const base = file.path.split("/").pop() ?? "";
  return /^(route|page|layout)\.(ts|tsx|js|jsx)$/.test(base) || /^(actions)\.(ts|tsx)$/.test(base) || hasUseServerDirective(file.text);
}

function hasUseServerDirective(text: string): boolean {
  const source = parse("x.ts", text);
  const first = source.statements[0];
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server";
}

function parse(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function guardOf(node: ts.Expression | undefined): Guard {
  if (!node) return { kind: "other" };
  let expr = node;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) {
    const first = expr.arguments[0];
    const literal = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : null;
    // A wrapper's options (withApiKey's body spec) come third, written out as an object literal.
    const third = expr.arguments[2];
    const optionsLiteral = !!third && ts.isObjectLiteralExpression(third);
    return { kind: "call", callee: expr.expression.text, literal, args: expr.arguments.length, optionsLiteral };
  }
  if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return { kind: "function" };
  return { kind: "other" };
}

/** Every exported value of a module with how it is built (re-exports of local names are followed). */
export function exportedGuards(path: string, text: string): Map<string, Guard> {
  const source = parse(path, text);
  const locals = new Map<string, Guard>();
  const exported = new Map<string, Guard>();
  for (const stmt of source.statements) {
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        const guard = guardOf(decl.initializer);
        locals.set(decl.name.text, guard);
        if (isExported(stmt)) exported.set(decl.name.text, guard);
      }
    } else if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      locals.set(stmt.name.text, { kind: "function" });
      const isDefault = (ts.getModifiers(stmt) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (isExported(stmt)) exported.set(isDefault ? "default" : stmt.name.text, { kind: "function" });
    } else if (ts.isExportDeclaration(stmt) && !stmt.isTypeOnly && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      for (const spec of stmt.exportClause.elements) {
        const local = (spec.propertyName ?? spec.name).text;
        // A re-export from another module cannot be read here: it counts as unguarded.
        exported.set(spec.name.text, stmt.moduleSpecifier ? { kind: "other" } : (locals.get(local) ?? { kind: "other" }));
      }
    } else if (ts.isExportAssignment(stmt)) {
      exported.set("default", guardOf(stmt.expression));
    }
  }
  return exported;
}

/** The actions named in `pageAccess(<slug>, "<action>")` calls anywhere in a page or layout. */
export function pageAccessActions(path: string, text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "pageAccess") {
      const arg = node.arguments[1];
      found.push(arg && ts.isStringLiteral(arg) ? arg.text : "<not a literal>");
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(path, text));
  return found;
}

function describeAccess(access: Access): string {
  switch (access.door) {
    case "withWorkspace":
    case "workspaceAction":
      return `${access.door}("${access.action}")`;
    case "withApiKey":
      return `withApiKey("${access.scope}")`;
    case "pageAccess":
      return `pageAccess("${access.action}") in the ${access.checkedIn}`;
    default:
      return access.door;
  }
}

function describeGuard(guard: Guard | undefined): string {
  if (!guard) return "nothing";
  if (guard.kind === "call") return `${guard.callee}(${guard.literal === null ? "…" : `"${guard.literal}"`}${guard.args > 1 ? ", …" : ""})`;
  return guard.kind === "function" ? "a plain function" : "an expression the checker cannot read";
}

/** The enclosing layouts of a page, nearest first. */
function enclosingLayouts(pagePath: string, files: Map<string, SourceFile>): SourceFile[] {
  const dirs = pagePath.split("/").slice(0, -1);
  const layouts: SourceFile[] = [];
  for (let n = dirs.length; n >= 1; n--) {
    const layout = files.get(`${dirs.slice(0, n).join("/")}/layout.tsx`);
    if (layout) layouts.push(layout);
  }
  return layouts;
}

/** Problems found, one sentence each naming the file and export; empty when every door matches the inventory. */
export function checkRouteInventory(allFiles: readonly SourceFile[], inventory: readonly RouteEntry[]): string[] {
  const problems: string[] = [];
  const files = new Map(allFiles.filter(isDoorFile).map((f) => [f.path, f]));
  const byFile = new Map<string, RouteEntry[]>();
  for (const entry of inventory) byFile.set(entry.file, [...(byFile.get(entry.file) ?? []), entry]);

  for (const [path, entries] of byFile) {
    if (!files.has(path)) problems.push(`${path}: listed in the inventory (${entries.map((e) => e.name).join(", ")}) but no such door exists`);
  }

  for (const file of files.values()) {
    const entries = byFile.get(file.path) ?? [];
    if (entries.length === 0) {
      problems.push(`${file.path}: not in the route inventory (tests/security/route-inventory.ts); list it with its wrapper and permission`);
      continue;
    }
    const base = file.path.split("/").pop() ?? "";
    if (base.startsWith("route.")) checkHandlers(file, entries, problems);
    else if (base.startsWith("page.") || base.startsWith("layout.")) checkPage(file, entries[0]!, files, inventory, problems);
    else checkActions(file, entries, problems);
  }
  return problems;
}

function checkHandlers(file: SourceFile, entries: RouteEntry[], problems: string[]) {
  const guards = exportedGuards(file.path, file.text);
  const methods = [...guards.keys()].filter((name) => HTTP_METHODS.has(name));
  for (const entry of entries) {
    if (!guards.has(entry.name)) problems.push(`${file.path}: the inventory lists ${entry.name} but the file exports no such handler`);
  }
  for (const method of methods) {
    const entry = entries.find((e) => e.name === method);
    const guard = guards.get(method);
    const where = `${file.path} ${method}`;
    if (!entry) {
      problems.push(`${where}: exported handler not in the route inventory (it uses ${describeGuard(guard)})`);
      continue;
    }
    const access = entry.access;
    const call = guard?.kind === "call" ? guard : null;
    if (access.door === "withWorkspace") {
      if (call?.callee !== "withWorkspace" || call.literal !== access.action) {
        problems.push(`${where}: the inventory says ${describeAccess(access)} but the source uses ${describeGuard(guard)}`);
      }
      if (!entry.path.includes("[workspace]")) problems.push(`${where}: withWorkspace on a path without [workspace]`);
    } else if (access.door === "withApiKey") {
      // The scope is the wrapper's first argument: withApiKey("read", handler), or withApiKey("write", handler, { body, maxBodyBytes }).
      const keyCall = call?.callee === "withApiKey" && (call.args === 2 || (call.args === 3 && call.optionsLiteral));
      if (!keyCall || call.literal !== access.scope) {
        problems.push(`${where}: the inventory says ${describeAccess(access)} but the source uses ${describeGuard(guard)}`);
      }
      if (!entry.path.startsWith("/api/v1/")) problems.push(`${where}: withApiKey outside /api/v1`);
    } else if (access.door === "next-auth") {
      if (call?.callee !== "NextAuth") problems.push(`${where}: the inventory says next-auth but the source uses ${describeGuard(guard)}`);
    } else if (access.door === "public" || access.door === "signed") {
      if (call && ["withWorkspace", "withApiKey"].includes(call.callee)) {
        problems.push(`${where}: listed as ${access.door} but the source uses ${describeGuard(guard)}; list its permission instead`);
      }
    } else {
      problems.push(`${where}: a route handler cannot be guarded by ${access.door}`);
    }
  }
}

function checkPage(file: SourceFile, entry: RouteEntry, files: Map<string, SourceFile>, inventory: readonly RouteEntry[], problems: string[]) {
  const own = pageAccessActions(file.path, file.text);
  const access = entry.access;
  const underWorkspace = file.path.startsWith("app/w/");
  if (own.length > 1) problems.push(`${file.path}: calls pageAccess ${own.length} times; one check per page keeps the permission readable`);
  if (access.door === "public") {
    if (underWorkspace) problems.push(`${file.path}: pages under app/w/ cannot be public`);
    if (own.length > 0) problems.push(`${file.path}: listed as public but calls pageAccess("${own[0]}")`);
    return;
  }
  if (access.door !== "pageAccess") {
    problems.push(`${file.path}: a page or layout is guarded by pageAccess, not ${access.door}`);
    return;
  }
  if (access.checkedIn === "page" || entry.kind === "layout") {
    if (own[0] !== access.action) {
      problems.push(`${file.path}: the inventory says ${describeAccess(access)} but the source calls ${own.length ? `pageAccess("${own[0]}")` : "no pageAccess"}`);
    }
    return;
  }
  // Covered by a layout: the nearest enclosing layout that checks access must be listed with the same action.
  if (own.length > 0) problems.push(`${file.path}: the inventory says the layout checks access but the page calls pageAccess("${own[0]}")`);
  const guarding = enclosingLayouts(file.path, files).find((l) => pageAccessActions(l.path, l.text).length > 0);
  const listed = guarding && inventory.find((e) => e.file === guarding.path && e.kind === "layout");
  if (!guarding || !listed || listed.access.door !== "pageAccess") {
    problems.push(`${file.path}: no pageAccess in the page and no listed layout above it that calls one`);
  } else if (listed.access.action !== access.action) {
    problems.push(`${file.path}: the inventory says ${access.action} but the guarding layout ${guarding.path} checks ${listed.access.action}`);
  }
}

function checkActions(file: SourceFile, entries: RouteEntry[], problems: string[]) {
  const guards = exportedGuards(file.path, file.text);
  for (const entry of entries) {
    if (!guards.has(entry.name)) problems.push(`${file.path}: the inventory lists ${entry.name} but the file exports no such action`);
  }
  for (const [name, guard] of guards) {
    const entry = entries.find((e) => e.name === name);
    const where = `${file.path} ${name}`;
    if (!entry) {
      problems.push(`${where}: server action not in the route inventory (it uses ${describeGuard(guard)})`);
    } else if (entry.access.door !== "workspaceAction") {
      problems.push(`${where}: a server action is guarded by workspaceAction, not ${entry.access.door}`);
    } else if (guard.kind !== "call" || guard.callee !== "workspaceAction" || guard.literal !== entry.access.action) {
      problems.push(`${where}: the inventory says ${describeAccess(entry.access)} but the source uses ${describeGuard(guard)}`);
    }
  }
}
