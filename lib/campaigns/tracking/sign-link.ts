import { timingSafeEqual } from "node:crypto";
import { env } from "../../env.ts";
import { secretKeysFrom } from "../../crypto/secret-keys.ts";
import { linkKey, linkMac as mac, type LinkKind } from "./link-mac.ts";

export type { LinkKind };

/**
 * Tracking links (open pixel, click redirect, unsubscribe) carry the message
 * id and an HMAC over what they act on, so nobody can forge an unsubscribe for
 * another customer or turn the click redirect into an open redirect. The
 * HMAC key is derived from SECRETS_KEY (links keep working after a rotation
 * while the old key is in SECRETS_KEY_PREVIOUS).
 */
let keys: Buffer[] | undefined;

function linkKeys(): Buffer[] {
  if (!keys) {
    const configured = secretKeysFrom(env);
    keys = [configured.current, ...configured.previous].map(linkKey);
  }
  return keys;
}

export function signLink(kind: LinkKind, messageId: string, url = ""): string {
  return mac(linkKeys()[0]!, kind, messageId, url).toString("base64url");
}

export function verifyLink(kind: LinkKind, messageId: string, signature: string, url = ""): boolean {
  if (!/^[A-Za-z0-9_-]{22}$/.test(signature) || !/^[1-9][0-9]{0,18}$/.test(messageId)) return false;
  const given = Buffer.from(signature, "base64url");
  // The last character carries 2 bits of the MAC and 4 spare ones: only the canonical spelling counts, so one link has one URL.
  if (given.toString("base64url") !== signature) return false;
  return linkKeys().some((key) => timingSafeEqual(given, mac(key, kind, messageId, url)));
}

/** Where the tracking routes are served; links in messages must reach the web server from a customer's device. */
export function publicBaseUrl(): string {
  const base = env.PUBLIC_URL ?? env.NEXTAUTH_URL;
  if (!base) throw new Error("PUBLIC_URL is not set: messages need it for their unsubscribe, open and click links.");
  return base.replace(/\/+$/, "");
}

export interface MessageLinks {
  unsubscribe: string;
  preferences: string;
  viewInBrowser: string;
  openPixel: string;
  click(url: string): string;
}

export function messageLinks(messageId: string): MessageLinks {
  const base = publicBaseUrl();
  return {
    unsubscribe: `${base}/t/u/${messageId}/${signLink("unsubscribe", messageId)}`,
    preferences: `${base}/t/u/${messageId}/${signLink("unsubscribe", messageId)}`,
    viewInBrowser: `${base}/t/v/${messageId}/${signLink("view", messageId)}`,
    openPixel: `${base}/t/o/${messageId}/${signLink("open", messageId)}.gif`,
    click: (url) => `${base}/t/c/${messageId}/${signLink("click", messageId, url)}?u=${encodeURIComponent(url)}`,
  };
}
