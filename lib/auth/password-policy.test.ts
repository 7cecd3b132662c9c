import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy.ts";

describe("passwordProblem", () => {
  it.each([
    "correct horse battery staple",
    "a long initial password",
    "valueloop-demo",
    "Tr0ub4dor&3-plus-more",
    "q8#Lm2!vZp4@",
    "mango tractor 1987",
    "abcdefg-mango-tractor",
  ])("accepts %j", (password) => {
    expect(passwordProblem(password, "nia.new@example.test")).toBeNull();
  });

  it("refuses passwords shorter than 12 characters, counting characters not bytes", () => {
    expect(passwordProblem("Xk9!mzpQ$2b")).toBe("Use at least 12 characters.");
    expect(passwordProblem("ééééééééééé")).toBe("Use at least 12 characters.");
  });

  it.each([
    ["aaaaaaaaaaaa", "One character repeated"],
    ["............", "One character repeated"],
    ["ZZZZZZZZZZZZZZZZ", "One character repeated"],
    ["abcabcabcabc", "A short pattern repeated"],
    ["Hunter2Hunter2", "A short pattern repeated"],
    ["xyz1xyz1xyz1x", "A short pattern repeated"],
    ["123456789012", "most common passwords"], // also a sequence; the common list answers first
    ["345678901234", "A simple sequence"],
    ["abcdefghijkl", "A simple sequence"],
    ["ABCDEFGHIJKLMNOP", "A simple sequence"],
    ["lkjihgfedcba", "A simple sequence"],
    ["987654321098", "A simple sequence"],
    ["abcdefgh1234", "A simple sequence"],
    ["aaaaaabbbbbb", "A simple sequence"],
    ["poiuytrewq98", "A simple sequence"],
    ["1qaz2wsx3edc", "most common passwords"],
    ["qwerty123456", "most common passwords"],
    ["QWERTY123456", "most common passwords"],
    ["administrator", "most common passwords"],
    ["Password2024!", "common password with digits or symbols added"],
    ["!!iloveyou2024", "common password with digits or symbols added"],
    ["Football123456", "common password with digits or symbols added"],
  ])("refuses %j (%s)", (password, reason) => {
    expect(passwordProblem(password)).toContain(reason);
  });

  it("refuses the account's email or its local part, in any case", () => {
    const reason = "Do not use your email address";
    expect(passwordProblem("nia.new@example.test", "nia.new@example.test")).toContain(reason);
    expect(passwordProblem("NIA.NEW@EXAMPLE.TEST", "nia.new@example.test")).toContain(reason);
    expect(passwordProblem("nia.new-rocks-2026", "nia.new@example.test")).toContain(reason);
    expect(passwordProblem("my-password-is-al", "al@example.test")).toBeNull();
    expect(passwordProblem("nia.new-rocks-2026", "someone@example.test")).toBeNull();
  });
});
