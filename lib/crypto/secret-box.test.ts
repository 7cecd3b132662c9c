import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { openWith, sealedWithOlderKey, sealWith } from "./secret-box.ts";
import { secretKeyProblem, secretKeysFrom } from "./secret-keys.ts";
import { SecretValue } from "./secret-value.ts";

const key = () => randomBytes(32);
const context = "channel_settings:7:email";

describe("secret box", () => {
  it("opens what it sealed, and never writes the plaintext or repeats a ciphertext", () => {
    const keys = { current: key(), previous: [] };
    const secret = "smtp pässword: hunter2 🔑";
    const a = sealWith(keys, secret, context);
    const b = sealWith(keys, secret, context);
    expect(a).not.toContain("hunter2");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9+/]+=*$/);
    expect(openWith(keys, a, context)).toBe(secret);
    expect(openWith(keys, sealWith(keys, "", context), context)).toBe("");
  });

  it("refuses a sealed value with any one character changed", () => {
    const keys = { current: key(), previous: [] };
    const sealed = sealWith(keys, "signing-secret-value", context);
    for (let i = 0; i < sealed.length; i++) {
      const replacement = sealed[i] === "A" ? "B" : "A";
      const tampered = sealed.slice(0, i) + replacement + sealed.slice(i + 1);
      expect(() => openWith(keys, tampered, context), `character ${i}`).toThrow();
    }
  });

  it("refuses a sealed value with any one byte of nonce, tag or ciphertext flipped", () => {
    const keys = { current: key(), previous: [] };
    const sealed = sealWith(keys, "signing-secret-value", context);
    const [version, id, encoded] = sealed.split(".");
    const payload = Buffer.from(encoded!, "base64");
    for (let i = 0; i < payload.length; i++) {
      const flipped = Buffer.from(payload);
      flipped[i] = flipped[i]! ^ 0x01;
      expect(() => openWith(keys, `${version}.${id}.${flipped.toString("base64")}`, context), `byte ${i}`).toThrow(/damaged/);
    }
  });

  it("refuses to open with the wrong key, or for another row than it was sealed for", () => {
    const keys = { current: key(), previous: [] };
    const sealed = sealWith(keys, "secret", context);
    expect(() => openWith({ current: key(), previous: [] }, sealed, context)).toThrow(/SECRETS_KEY/);
    expect(() => openWith(keys, sealed, "channel_settings:8:email")).toThrow(/authentication failed/);
  });

  it("after a rotation opens old values with the previous key, seals new ones with the current key", () => {
    const oldKey = key();
    const before = { current: oldKey, previous: [] };
    const sealedBefore = sealWith(before, "old secret", context);
    const after = { current: key(), previous: [oldKey] };
    expect(openWith(after, sealedBefore, context)).toBe("old secret");
    expect(sealedWithOlderKey(after, sealedBefore)).toBe(true);
    const sealedAfter = sealWith(after, "new secret", context);
    expect(sealedWithOlderKey(after, sealedAfter)).toBe(false);
    // The old key alone cannot read what the new key sealed.
    expect(() => openWith(before, sealedAfter, context)).toThrow(/SECRETS_KEY_PREVIOUS/);
  });
});

describe("secret keys from the environment", () => {
  it("names SECRETS_KEY when it is missing", () => {
    expect(() => secretKeysFrom({})).toThrow(/SECRETS_KEY is not set/);
    expect(() => secretKeysFrom({ SECRETS_KEY: "  " })).toThrow(/SECRETS_KEY is not set/);
  });

  it("names the variable holding a key that is not 32 bytes of base64", () => {
    const good = key().toString("base64");
    expect(() => secretKeysFrom({ SECRETS_KEY: randomBytes(16).toString("base64") })).toThrow(/^SECRETS_KEY must be 32 random bytes/);
    expect(() => secretKeysFrom({ SECRETS_KEY: good, SECRETS_KEY_PREVIOUS: `${good},not-base64!` })).toThrow(/^SECRETS_KEY_PREVIOUS must be 32/);
    expect(secretKeyProblem("short", "SECRETS_KEY")).toMatch(/^SECRETS_KEY must be/);
    expect(secretKeyProblem(undefined, "SECRETS_KEY")).toBeNull();
    const keys = secretKeysFrom({ SECRETS_KEY: good, SECRETS_KEY_PREVIOUS: ` ${key().toString("base64")} , ${key().toString("base64")}` });
    expect(keys.previous).toHaveLength(2);
  });
});

describe("secret value", () => {
  it("shows only [redacted] when serialised, printed or interpolated", () => {
    const holder = { password: new SecretValue("hunter2") };
    expect(JSON.stringify(holder)).not.toContain("hunter2");
    expect(inspect(holder, { depth: 5 })).not.toContain("hunter2");
    expect(`${holder.password}`).toBe("[redacted]");
    expect(holder.password.reveal()).toBe("hunter2");
  });
});
