import { randomBytes } from "node:crypto";

/**
 * 256 random bits, prefixed so an admin can tell it apart from other secrets
 * in their receiver's configuration: `whsec_` signs webhooks, `rcsec_`
 * signs delivery receipts coming back.
 */
export function generateSigningSecret(prefix: "whsec_" | "rcsec_" = "whsec_"): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}
