/**
 * React sends a server action's arguments as JSON in which a string value
 * that starts with "$" is a tag or a reference to another part of the reply.
 * Our pages only ever pass plain values, which React encodes as plain JSON
 * plus: a string that starts with "$" escaped as "$$…", and undefined, -0,
 * NaN and ±Infinity as tags. Any other "$" string names a part that a text
 * body cannot have; React's decoder then waits for it until the body ends,
 * and Next.js answers 500 before the action (and its checks) ever runs.
 * Such a body can only be hand-made, so it is refused up front.
 */
const PLAIN_TAGS = new Set(["$undefined", "$-0", "$NaN", "$Infinity", "$-Infinity"]);

/** How many values the check looks at; a bigger body is left to the action's own limits (workspaceAction refuses it). */
const MAX_VALUES = 100_000;

function isPlainString(value: string): boolean {
  return !value.startsWith("$") || value.startsWith("$$") || PLAIN_TAGS.has(value);
}

/** The first string in a server action's JSON body that React would read as a reference, or null (also for a body that is not JSON: Next.js refuses that itself). */
export function actionBodyReference(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  // Iterative, so a body nested thousands deep cannot overflow the stack here.
  const stack: unknown[] = [parsed];
  for (let seen = 0; stack.length > 0 && seen < MAX_VALUES; seen++) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (!isPlainString(value)) return value;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === "object") {
      for (const item of Object.values(value)) stack.push(item);
    }
  }
  return null;
}
