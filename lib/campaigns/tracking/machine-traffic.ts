import { parseIp, parseIpRange, rangeContains } from "../../auth/ip-address.ts";

/**
 * Which opens and clicks were made by a machine rather than the reader:
 * privacy proxies that fetch every image as mail arrives, mailbox prefetches,
 * security gateways that follow every link before delivering a message, and
 * plain HTTP clients. Such events are still recorded (with `machine: true`
 * and the rule that caught them), but reports do not count them as
 * engagement. Every rule below says what it catches and why it is safe;
 * machine-traffic.test.ts holds one test per rule.
 *
 * Proxies that fetch on the reader's behalf when the message is opened
 * (Gmail's and Yahoo's image proxies) are not machines: the open is real,
 * only its address and user agent are the proxy's. They are noted in `via`.
 */

/** What a tracking request tells about who sent it. */
export interface TrackingRequest {
  method: string;
  userAgent: string | null;
  acceptLanguage: string | null;
  /** The client's address as lib/auth/client-address.ts reads it; null when unknown. */
  clientAddress: string | null;
  at: Date;
}

export type TrackedAction = "open" | "click";

export type MachineRule =
  | "head_request"
  | "no_user_agent"
  | "apple_privacy_proxy"
  | "gmail_prefetch"
  | "security_scanner"
  | "automated_client"
  | "too_soon_after_send";

export type ImageProxy = "google_image_proxy" | "yahoo_mail_proxy";

/** No person opens a message this soon after it left, nor clicks in it: a gateway scanning it on the way in does. */
export const TOO_SOON_AFTER_SEND_MS: Record<TrackedAction, number> = { open: 2_000, click: 1_000 };

// Apple's own network; Mail Privacy Protection's fetches come from it (and from relays that send no Accept-Language).
const APPLE_NETWORK = parseIpRange("17.0.0.0/8")!;

// Mail security gateways that fetch images and follow links to inspect them before the reader sees the message.
const SECURITY_SCANNERS = /Barracuda|Mimecast|Proofpoint|Forcepoint|Zscaler|MessageLabs|Symantec|Trend ?Micro|FireEye|IronPort|Sophos|BingPreview|SafeLinks/i;

// HTTP libraries, headless browsers and crawlers: nothing a reader opens mail with.
const AUTOMATED_CLIENTS = /\w*(?:bot|crawler|spider)\b|curl\/|wget\/|python-requests|python-urllib|aiohttp|Go-http-client|Java\/|okhttp|libwww-perl|axios\/|node-fetch|undici|HeadlessChrome|PhantomJS/i;

interface Rule {
  name: MachineRule;
  applies(action: TrackedAction, request: TrackingRequest, sentAt: Date | null): boolean;
}

const RULES: readonly Rule[] = [
  {
    // Link checkers and scanners ask whether a URL answers without fetching it; a mail client or browser never sends HEAD.
    name: "head_request",
    applies: (_action, request) => request.method.toUpperCase() === "HEAD",
  },
  {
    // Every mail client and browser names itself; a request without a User-Agent is a script.
    name: "no_user_agent",
    applies: (_action, request) => (request.userAgent ?? "").trim() === "",
  },
  {
    // Apple Mail Privacy Protection fetches every image of every message as it arrives, opened or not, with the bare
    // user agent "Mozilla/5.0" (Apple Mail itself sends a full one), from Apple's network and without a language.
    name: "apple_privacy_proxy",
    applies: (_action, request) => {
      if (request.userAgent?.trim() === "Mozilla/5.0") return true;
      const ip = request.clientAddress ? parseIp(request.clientAddress) : null;
      return !!ip && rangeContains(APPLE_NETWORK, ip) && !request.acceptLanguage;
    },
  },
  {
    // Gmail prefetches the images of a message arriving while the reader has Gmail open, before showing it, with this
    // odd user agent (a Chrome/Edge string followed by a second "Mozilla/5.0"); its proxy's on-open fetch looks different.
    name: "gmail_prefetch",
    applies: (_action, request) => /Edge\/12\.246 Mozilla\/5\.0$/.test(request.userAgent ?? ""),
  },
  {
    name: "security_scanner",
    applies: (_action, request) => SECURITY_SCANNERS.test(request.userAgent ?? ""),
  },
  {
    name: "automated_client",
    applies: (_action, request) => AUTOMATED_CLIENTS.test(request.userAgent ?? ""),
  },
  {
    // Scanners on the receiving side (Microsoft Safe Links among them, which sends an ordinary browser user agent)
    // fetch within a second or two of delivery; so do gateways that act before our "sent" is even recorded.
    name: "too_soon_after_send",
    applies: (action, request, sentAt) => sentAt === null || request.at.getTime() - sentAt.getTime() < TOO_SOON_AFTER_SEND_MS[action],
  },
];

/** The first rule that marks this open or click as a machine's, or null for a person's. */
export function machineRule(action: TrackedAction, request: TrackingRequest, sentAt: Date | null): MachineRule | null {
  return RULES.find((rule) => rule.applies(action, request, sentAt))?.name ?? null;
}

/** The mailbox's image proxy that fetched on the reader's behalf, if any (reports can tell such opens apart). */
export function imageProxy(request: TrackingRequest): ImageProxy | null {
  const agent = request.userAgent ?? "";
  if (agent.includes("GoogleImageProxy")) return "google_image_proxy";
  if (agent.includes("YahooMailProxy")) return "yahoo_mail_proxy";
  return null;
}

/** The signals of a request, read from its method and headers; `clientAddress` comes from lib/auth/client-address.ts. */
export function trackingRequest(method: string, headers: Headers, clientAddress: string | null, at = new Date()): TrackingRequest {
  // Bounded: a header is the client's to make as long as it likes, and these end up in regexes and (the proxy) in an event.
  const header = (name: string) => headers.get(name)?.slice(0, 512) ?? null;
  return { method, userAgent: header("user-agent"), acceptLanguage: header("accept-language"), clientAddress, at };
}
