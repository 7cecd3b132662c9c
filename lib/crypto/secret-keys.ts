import { SECRET_KEY_BYTES, SecretBoxError, type SecretKeys } from "./secret-box.ts";

/** Reads one base64 key, naming the variable it came from when it is not 32 bytes. */
export function parseSecretKey(value: string, variable: string): Buffer {
  const trimmed = value.trim();
  const key = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== SECRET_KEY_BYTES) {
    throw new SecretBoxError(`${variable} must be ${SECRET_KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`).`);
  }
  return key;
}

/** Problem with the key settings, or null when they are usable (or absent). For lib/env.ts to refuse a bad value at start-up. */
export function secretKeyProblem(value: string | undefined, variable: string): string | null {
  if (value === undefined || value.trim() === "") return null;
  for (const part of variable === "SECRETS_KEY_PREVIOUS" ? value.split(",") : [value]) {
    try {
      parseSecretKey(part, variable);
    } catch (err) {
      return (err as Error).message;
    }
  }
  return null;
}

/**
 * The keys from SECRETS_KEY and SECRETS_KEY_PREVIOUS (comma-separated). Fails
 * naming SECRETS_KEY when it is unset: only sealing or opening a secret needs
 * it, so installs that never store one can run without it.
 */
export function secretKeysFrom(source: { SECRETS_KEY?: string; SECRETS_KEY_PREVIOUS?: string }): SecretKeys {
  if (!source.SECRETS_KEY?.trim()) {
    throw new SecretBoxError(
      "SECRETS_KEY is not set: it is needed to store or read channel passwords and signing secrets. Set it to 32 random bytes in base64 (`openssl rand -base64 32`).",
    );
  }
  const previous = (source.SECRETS_KEY_PREVIOUS ?? "")
    .split(",")
    .filter((part) => part.trim() !== "")
    .map((part) => parseSecretKey(part, "SECRETS_KEY_PREVIOUS"));
  return { current: parseSecretKey(source.SECRETS_KEY, "SECRETS_KEY"), previous };
}
