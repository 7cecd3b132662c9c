import { lookup as dnsLookup } from "node:dns/promises";
import net from "node:net";
import { env } from "../../env.ts";
import { parseIp } from "../../auth/ip-address.ts";
import { blockedAddressKind } from "./blocked-addresses.ts";

/** Every address a host name resolves to (node:dns `lookup` with `all`; tests answer with their own). */
export type HostLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

/**
 * Where webhooks may go. By default only https:// receivers on public
 * addresses: a webhook URL is typed by a workspace admin, and the server must
 * not become their way into its own private network (SSRF).
 * `allowPrivateNetworks` (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true) lifts both
 * rules, for development, the tests and the demo, whose receivers listen on
 * 127.0.0.1.
 */
export interface WebhookNetworkPolicy {
  allowPrivateNetworks: boolean;
  lookup: HostLookup;
}

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export function webhookNetworkPolicy(overrides: Partial<WebhookNetworkPolicy> = {}): WebhookNetworkPolicy {
  return { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS, lookup: systemLookup, ...overrides };
}

/** The URL may not be used as it stands: sending again will not help. The message is safe to show to the admin. */
export class WebhookTargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookTargetRefusedError";
  }
}

/** A checked receiver: connect to `address` (never look the host up again), with `url`'s host name in Host and SNI. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

const ALLOW_HINT = "the server's operator can set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true for receivers on their own network";

/**
 * How refusals name the URL and what is sent to it. The same policy guards
 * every URL an admin types for requests the server makes: the webhook's
 * receiver and the SMS and push providers' APIs.
 */
export interface TargetWording {
  /** "webhook URL": "The webhook URL must start with https://." */
  url: string;
  /** "webhooks": "webhooks may only reach public addresses" */
  requests: string;
}

export const WEBHOOK_WORDING: TargetWording = { url: "webhook URL", requests: "webhooks" };

/** Refuses what no lookup can make acceptable: a URL that does not parse, another scheme, http:// when only https:// is allowed. */
export function checkWebhookScheme(rawUrl: string, policy: Pick<WebhookNetworkPolicy, "allowPrivateNetworks">, wording: TargetWording = WEBHOOK_WORDING): URL {
  if (!URL.canParse(rawUrl)) throw new WebhookTargetRefusedError(`The ${wording.url} is not a valid URL.`);
  const url = new URL(rawUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookTargetRefusedError(`The ${wording.url} must start with https://.`);
  if (url.protocol === "http:" && !policy.allowPrivateNetworks) {
    throw new WebhookTargetRefusedError(`Use an https:// URL: ${wording.requests} carry customer data and are sent only over HTTPS (${ALLOW_HINT}).`);
  }
  return url;
}

/**
 * Resolves the webhook URL's host once and checks every address it gave;
 * the caller connects to the returned address, so a DNS answer that changes
 * between this check and the connection (DNS rebinding) is never used. One
 * refused address refuses the URL: a host that also resolves into a private
 * network is not a public receiver.
 */
export async function resolveWebhookTarget(rawUrl: string, policy: WebhookNetworkPolicy, wording: TargetWording = WEBHOOK_WORDING): Promise<WebhookTarget> {
  const url = checkWebhookScheme(rawUrl, policy, wording);
  // URL keeps an IPv6 literal in brackets; its IPv4 forms (0x7f.1, 2130706433) are already dotted quads.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = net.isIP(host) !== 0;
  const answers = literal ? [{ address: host, family: net.isIP(host) }] : await policy.lookup(host);
  if (answers.length === 0) throw new Error(`No address found for ${host}.`);
  const addresses = answers.map((answer) => parseIp(answer.address)?.text ?? answer.address);
  if (!policy.allowPrivateNetworks) {
    for (const address of addresses) {
      const kind = blockedAddressKind(address);
      if (kind) {
        const where = !literal ? `${host} resolves to ${address}, which` : address === host ? host : `${host} (${address})`;
        throw new WebhookTargetRefusedError(`${where} is ${kind}; ${wording.requests} may only reach public addresses (${ALLOW_HINT}).`);
      }
    }
  }
  const address = addresses[0]!;
  return { url, address, family: net.isIP(address) === 6 ? 6 : 4 };
}
