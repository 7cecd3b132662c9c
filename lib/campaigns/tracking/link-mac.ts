import { createHmac, hkdfSync } from "node:crypto";

/**
 * The MAC behind every tracking link, apart from where its key comes from
 * (sign-link.ts reads SECRETS_KEY), so a test probing a running server can
 * sign links with that server's key.
 */
export type LinkKind = "open" | "click" | "unsubscribe" | "view";

/** The link key derived from one SECRETS_KEY value: never the sealing key itself. */
export function linkKey(secretsKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", secretsKey, Buffer.alloc(0), "valueloop tracking links v1", 32));
}

/** 16 bytes: forging one still needs 2^128 guesses, and links stay short. */
export function linkMac(key: Buffer, kind: LinkKind, messageId: string, url: string): Buffer {
  return createHmac("sha256", key).update(`${kind}\n${messageId}\n${url}`).digest().subarray(0, 16);
}
