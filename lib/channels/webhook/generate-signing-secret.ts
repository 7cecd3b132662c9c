import { randomBytes } from "node:crypto";

/** 256 random bits, prefixed so an admin can tell it apart from other secrets in their receiver's configuration. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
