import { describe, expect, it } from "vitest";
import { actionBodyReference } from "./server-action-body.ts";

describe("actionBodyReference", () => {
  it("lets through what React encodes for plain values", () => {
    expect(actionBodyReference(JSON.stringify(["slug", { a: "text", b: "$$dollar", c: "$undefined", d: ["$NaN", "$-0", "$Infinity", "$-Infinity"], e: 1, f: null, g: true }]))).toBeNull();
    expect(actionBodyReference("not json")).toBeNull();
  });

  it("finds a reference to a part a text body cannot have, however deep", () => {
    expect(actionBodyReference(JSON.stringify(["slug", { a: { b: "$)=+" } }]))).toBe("$)=+");
    expect(actionBodyReference(JSON.stringify(["slug", "$@1"]))).toBe("$@1");
    expect(actionBodyReference(JSON.stringify(["slug", ["$Z"]]))).toBe("$Z");
    expect(actionBodyReference(`${"[".repeat(5000)}"$1"${"]".repeat(5000)}`)).toBe("$1");
  });
});
