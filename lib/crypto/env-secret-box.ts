import { env } from "../env.ts";
import { openWith, sealedWithOlderKey, sealWith, type SecretKeys } from "./secret-box.ts";
import { secretKeysFrom } from "./secret-keys.ts";

let keys: SecretKeys | undefined;

// Read on first use, not at import: installs that store no secret need no key.
function configuredKeys(): SecretKeys {
  keys ??= secretKeysFrom(env);
  return keys;
}

/** Seals with SECRETS_KEY; `context` names where the value belongs (it must be given again to open it). */
export function sealSecret(plaintext: string, context: string): string {
  return sealWith(configuredKeys(), plaintext, context);
}

/** Opens a value sealed with SECRETS_KEY or any key in SECRETS_KEY_PREVIOUS. */
export function openSecret(sealed: string, context: string): string {
  return openWith(configuredKeys(), sealed, context);
}

export function needsResealing(sealed: string): boolean {
  return sealedWithOlderKey(configuredKeys(), sealed);
}
