import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets kept in the database (SMTP passwords, webhook
 * signing secrets). A sealed value reads
 *
 *   v1.<key id>.<base64(nonce ‖ tag ‖ ciphertext)>
 *
 * The key id (from the key itself, not secret) says which key sealed it, so
 * after a rotation values sealed under an old key still open while every new
 * seal uses the current one. The version, key id and the caller's context
 * (e.g. which workspace and channel) are authenticated with the ciphertext:
 * a sealed value copied onto another row, or under another key id, does not
 * open.
 */

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

export interface SecretKeys {
  /** Seals every new value. */
  current: Buffer;
  /** Still open values sealed before a rotation. */
  previous: readonly Buffer[];
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

function associatedData(id: string, context: string): Buffer {
  return Buffer.from(`${VERSION}.${id}.${context}`, "utf8");
}

export function sealWith(keys: SecretKeys, plaintext: string, context: string): string {
  const id = keyId(keys.current);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.current, nonce);
  cipher.setAAD(associatedData(id, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const payload = Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]);
  return `${VERSION}.${id}.${payload.toString("base64")}`;
}

export function openWith(keys: SecretKeys, sealed: string, context: string): string {
  const [version, id, encoded, ...rest] = sealed.split(".");
  if (version !== VERSION || !id || encoded === undefined || rest.length > 0) {
    throw new SecretBoxError("The stored secret is not in a format this version can read.");
  }
  const payload = Buffer.from(encoded, "base64");
  // Node decodes base64 leniently; only the canonical spelling is accepted, so no character of a sealed value can change unnoticed.
  if (payload.toString("base64") !== encoded || payload.length < NONCE_BYTES + TAG_BYTES) {
    throw new SecretBoxError("The stored secret is damaged.");
  }
  const key = [keys.current, ...keys.previous].find((candidate) => keyId(candidate) === id);
  if (!key) {
    throw new SecretBoxError(`The stored secret was sealed with a key (id ${id}) that is neither SECRETS_KEY nor listed in SECRETS_KEY_PREVIOUS.`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, payload.subarray(0, NONCE_BYTES));
  decipher.setAAD(associatedData(id, context));
  decipher.setAuthTag(payload.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(payload.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("The stored secret is damaged or belongs elsewhere (authentication failed).");
  }
}

/** True when the value was sealed with an older key and should be sealed again with the current one. */
export function sealedWithOlderKey(keys: SecretKeys, sealed: string): boolean {
  return sealed.split(".")[1] !== keyId(keys.current);
}
