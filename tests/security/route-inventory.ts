import type { Action } from "../../lib/auth/permissions.ts";

/**
 * Every door into the app: each route handler method, page, layout and server
 * action under app/, with the wrapper that guards it and the permission (or
 * API-key scope) it demands. tests/integration/route-inventory.test.ts reads
 * the sources and fails when a file or export is missing here or guarded
 * differently; the security specs probe every entry over HTTP.
 */

/** What an API key may do (lib/auth/api-key-scopes.ts). */
export type ApiKeyScope = "read" | "write" | "send";

export type Access =
  | { door: "withWorkspace"; action: Action }
  | { door: "withApiKey"; scope: ApiKeyScope }
  | { door: "workspaceAction"; action: Action }
  // checkedIn: "page" when the page itself calls pageAccess, "layout" when only an enclosing layout does.
  | { door: "pageAccess"; action: Action; checkedIn: "page" | "layout" }
  | { door: "next-auth" }
  | { door: "public"; why: string }
  // Open to anyone, but acts only on a request signed with a workspace's secret (an HMAC over the body): without one, 401.
  | { door: "signed"; secret: string };

/** How a path parameter is filled for a probe. */
export const PARAM_TARGETS = {
  workspace: "workspace",
  segmentId: "segment",
  importId: "import",
  keyId: "apiKey",
  customerId: "customer",
  externalId: "customerExternalId",
  productExternalId: "productExternalId",
  campaignId: "campaign",
  // A campaign's message; in the links of a sent message (/t/...), the sent email the probes follow (see urlFor).
  messageId: "message",
  nextauth: "nextAuth",
  // The signature in a link: made for the message id, link kind and (clicks) URL.
  signature: "linkSignature",
} as const;

export type ParamName = keyof typeof PARAM_TARGETS;
export type TargetKind = (typeof PARAM_TARGETS)[ParamName];

/** How a query parameter is filled: an id of one of the workspace's records, or a fixed valid value. */
export type QueryValue = { target: "segment" | "customer" | "rfmRun" } | { value: string };

export type BodyKind =
  | "segmentCreate"
  | "segmentUpdate"
  | "segmentCount"
  | "cohortCellSegment"
  | "clusterRename"
  | "clusterSegment"
  | "clustersRerun"
  | "ltvSliceSegment"
  | "apiKeyCreate"
  | "importMapping"
  | "csvUpload"
  | "customer"
  | "customerBatch"
  | "order"
  | "orderBatch"
  | "event"
  | "eventBatch"
  | "product"
  | "productBatch"
  | "orderLineBatch"
  | "apiCampaignCreate"
  | "apiCampaignPatch"
  | "analyticsSettings"
  | "addMember"
  | "changeRole"
  | "removeMember"
  | "changePassword"
  | "templatePreview"
  | "channelSettings"
  | "channelTestMessage"
  | "retryJob"
  | "contactPolicy"
  | "globalControl"
  | "addSuppression"
  | "removeSuppression"
  | "suppressionCsv"
  | "campaignCreate"
  | "campaignUpdate"
  | "campaignRef"
  | "oneClickUnsubscribe";

export interface RouteEntry {
  /** Source file, relative to the repository root. */
  file: string;
  kind: "handler" | "page" | "layout" | "action";
  /** HTTP method for handlers, "default" for pages and layouts, the exported name for server actions. */
  name: string;
  /** URL pattern; a server action is called on the page that uses it. */
  path: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  access: Access;
  body?: BodyKind;
  query?: Record<string, QueryValue>;
  /** Changes or removes its target: probes give it a throwaway one. */
  mutates?: boolean;
}

/** The destination of the click link the probes follow (the redirect answers 302 to it; nothing fetches it). */
export const TRACKED_CLICK_URL = "https://shop.example/spring?utm_source=email";

const WS = "/api/w/[workspace]";
const PAGE = "/w/[workspace]";

const ws = (action: Action): Access => ({ door: "withWorkspace", action });
const key = (scope: ApiKeyScope): Access => ({ door: "withApiKey", scope });
const page = (action: Action): Access => ({ door: "pageAccess", action, checkedIn: "page" });
const act = (action: Action): Access => ({ door: "workspaceAction", action });

function handler(dir: string, method: RouteEntry["method"], path: string, access: Access, extra: Partial<RouteEntry> = {}): RouteEntry {
  return { file: `app/${dir}/route.ts`, kind: "handler", name: method, path, method, access, ...extra };
}

function pageEntry(dir: string, access: Access, extra: Partial<RouteEntry> = {}): RouteEntry {
  const path = `/${dir}`.replace(/\/$/, "") || "/";
  return { file: `app/${dir ? `${dir}/` : ""}page.tsx`, kind: "page", name: "default", path, method: "GET", access, ...extra };
}

function action(dir: string, name: string, access: Access, body: BodyKind, mutates = false): RouteEntry {
  return { file: `app/${dir}/actions.ts`, kind: "action", name, path: `/${dir}`, method: "POST", access, body, mutates };
}

export const ROUTE_INVENTORY: readonly RouteEntry[] = [
  // next-auth's own endpoints (sign-in, sign-out, session, CSRF token).
  handler("api/auth/[...nextauth]", "GET", "/api/auth/[...nextauth]", { door: "next-auth" }),
  handler("api/auth/[...nextauth]", "POST", "/api/auth/[...nextauth]", { door: "next-auth" }),

  // Public REST API: workspace API keys.
  handler("api/v1/openapi.json", "GET", "/api/v1/openapi.json", { door: "public", why: "the API description holds no data" }),
  handler("api/v1/customers", "GET", "/api/v1/customers", key("read"), { query: { after: { value: "0" }, limit: { value: "10" } } }),
  handler("api/v1/customers", "POST", "/api/v1/customers", key("write"), { body: "customer" }),
  handler("api/v1/customers/[externalId]", "GET", "/api/v1/customers/[externalId]", key("read")),
  handler("api/v1/customers/batch", "POST", "/api/v1/customers/batch", key("write"), { body: "customerBatch" }),
  handler("api/v1/orders", "POST", "/api/v1/orders", key("write"), { body: "order" }),
  handler("api/v1/orders/batch", "POST", "/api/v1/orders/batch", key("write"), { body: "orderBatch" }),
  handler("api/v1/events", "POST", "/api/v1/events", key("write"), { body: "event" }),
  handler("api/v1/events/batch", "POST", "/api/v1/events/batch", key("write"), { body: "eventBatch" }),
  // The segment filter is the id the cross-workspace probes swap; the other parameters are fuzzed on the export below.
  handler("api/v1/analytics/cohorts", "GET", "/api/v1/analytics/cohorts", key("read"), { query: { segment: { target: "segment" } } }),
  handler("api/v1/segments", "GET", "/api/v1/segments", key("read")),
  handler("api/v1/segments/count", "POST", "/api/v1/segments/count", key("read"), { body: "segmentCount" }),
  handler("api/v1/segments/[segmentId]", "GET", "/api/v1/segments/[segmentId]", key("read")),
  handler("api/v1/segments/[segmentId]/members", "GET", "/api/v1/segments/[segmentId]/members", key("read"), {
    query: { after: { value: "0" }, limit: { value: "10" } },
  }),
  // Campaigns: reads "read", drafts and edits "write", what changes sending "send". The world's campaign has finished sending,
  // so launch, pause, resume and edits are refused for its state (409) and nothing is ever sent by a probe.
  handler("api/v1/campaigns", "GET", "/api/v1/campaigns", key("read"), { query: { status: { value: "completed" }, after: { value: "" }, limit: { value: "10" } } }),
  handler("api/v1/campaigns", "POST", "/api/v1/campaigns", key("write"), { body: "apiCampaignCreate" }),
  handler("api/v1/campaigns/[campaignId]", "GET", "/api/v1/campaigns/[campaignId]", key("read")),
  handler("api/v1/campaigns/[campaignId]", "PATCH", "/api/v1/campaigns/[campaignId]", key("write"), { body: "apiCampaignPatch" }),
  handler("api/v1/campaigns/[campaignId]/preview", "GET", "/api/v1/campaigns/[campaignId]/preview", key("read")),
  handler("api/v1/campaigns/[campaignId]/launch", "POST", "/api/v1/campaigns/[campaignId]/launch", key("send")),
  handler("api/v1/campaigns/[campaignId]/pause", "POST", "/api/v1/campaigns/[campaignId]/pause", key("send")),
  handler("api/v1/campaigns/[campaignId]/resume", "POST", "/api/v1/campaigns/[campaignId]/resume", key("send")),
  handler("api/v1/campaigns/[campaignId]/messages", "GET", "/api/v1/campaigns/[campaignId]/messages", key("read"), {
    query: { status: { value: "sent" }, customer: { value: "" }, after: { value: "" }, limit: { value: "10" } },
  }),
  handler("api/v1/campaigns/[campaignId]/messages/[messageId]", "GET", "/api/v1/campaigns/[campaignId]/messages/[messageId]", key("read")),
  handler("api/v1/campaigns/[campaignId]/results", "GET", "/api/v1/campaigns/[campaignId]/results", key("read")),
  handler("api/v1/programme/results", "GET", "/api/v1/programme/results", key("read"), { query: { from: { value: "2026-01-01" }, to: { value: "2026-01-31" } } }),
  handler("api/v1/campaigns/[campaignId]/archive", "POST", "/api/v1/campaigns/[campaignId]/archive", key("send"), { mutates: true }),

  // Delivery receipts from email, SMS and push providers: no session or key, the HMAC signature is the credential.
  handler("api/callbacks/email/[workspace]", "POST", "/api/callbacks/email/[workspace]", { door: "signed", secret: "the workspace's email callback secret" }),
  handler("api/callbacks/sms/[workspace]", "POST", "/api/callbacks/sms/[workspace]", { door: "signed", secret: "the workspace's SMS callback secret" }),
  handler("api/callbacks/push/[workspace]", "POST", "/api/callbacks/push/[workspace]", { door: "signed", secret: "the workspace's push callback secret" }),

  // Browser API: signed-in session, membership and role.
  handler("api/w/[workspace]/analytics", "GET", `${WS}/analytics`, ws("analytics.read")),
  handler("api/w/[workspace]/analytics/recompute", "POST", `${WS}/analytics/recompute`, ws("analytics.run")),
  handler("api/w/[workspace]/analytics/rfm-migration", "GET", `${WS}/analytics/rfm-migration`, ws("analytics.read"), {
    query: { from: { target: "rfmRun" }, to: { target: "rfmRun" } },
  }),
  handler("api/w/[workspace]/api-keys", "GET", `${WS}/api-keys`, ws("apikeys.manage")),
  handler("api/w/[workspace]/api-keys", "POST", `${WS}/api-keys`, ws("apikeys.manage"), { body: "apiKeyCreate" }),
  handler("api/w/[workspace]/api-keys/[keyId]", "DELETE", `${WS}/api-keys/[keyId]`, ws("apikeys.manage"), { mutates: true }),
  handler("api/w/[workspace]/imports", "GET", `${WS}/imports`, ws("data.import")),
  handler("api/w/[workspace]/imports", "POST", `${WS}/imports`, ws("data.import"), { body: "csvUpload" }),
  handler("api/w/[workspace]/imports/[importId]", "GET", `${WS}/imports/[importId]`, ws("data.import")),
  handler("api/w/[workspace]/imports/[importId]", "DELETE", `${WS}/imports/[importId]`, ws("data.import"), { mutates: true }),
  handler("api/w/[workspace]/imports/[importId]/errors", "GET", `${WS}/imports/[importId]/errors`, ws("data.import")),
  handler("api/w/[workspace]/imports/[importId]/preview", "POST", `${WS}/imports/[importId]/preview`, ws("data.import"), { body: "importMapping" }),
  handler("api/w/[workspace]/imports/[importId]/retry", "POST", `${WS}/imports/[importId]/retry`, ws("data.import"), { mutates: true }),
  handler("api/w/[workspace]/imports/[importId]/start", "POST", `${WS}/imports/[importId]/start`, ws("data.import"), { body: "importMapping", mutates: true }),
  handler("api/w/[workspace]/segments", "GET", `${WS}/segments`, ws("segments.read")),
  handler("api/w/[workspace]/segments", "POST", `${WS}/segments`, ws("segments.write"), { body: "segmentCreate" }),
  handler("api/w/[workspace]/segments/count", "POST", `${WS}/segments/count`, ws("segments.read"), { body: "segmentCount" }),
  handler("api/w/[workspace]/segments/field-values", "GET", `${WS}/segments/field-values`, ws("segments.read"), { query: { source: { value: "country" } } }),
  handler("api/w/[workspace]/segments/[segmentId]", "GET", `${WS}/segments/[segmentId]`, ws("segments.read")),
  handler("api/w/[workspace]/segments/[segmentId]", "PATCH", `${WS}/segments/[segmentId]`, ws("segments.write"), { body: "segmentUpdate", mutates: true }),
  handler("api/w/[workspace]/segments/[segmentId]", "DELETE", `${WS}/segments/[segmentId]`, ws("segments.write"), { mutates: true }),
  handler("api/w/[workspace]/segments/[segmentId]/explain", "GET", `${WS}/segments/[segmentId]/explain`, ws("segments.read"), {
    query: { customerId: { target: "customer" } },
  }),
  handler("api/w/[workspace]/customers/export", "GET", `${WS}/customers/export`, ws("customers.read"), {
    query: { q: { value: "Ada" }, segment: { target: "segment" }, rfm: { value: "Champions" }, churn: { value: "high" }, country: { value: "DE" }, sort: { value: "revenue" }, dir: { value: "asc" } },
  }),
  handler("api/w/[workspace]/segments/[segmentId]/export", "GET", `${WS}/segments/[segmentId]/export`, ws("segments.read")),
  handler("api/w/[workspace]/segments/[segmentId]/members", "GET", `${WS}/segments/[segmentId]/members`, ws("segments.read"), {
    query: { after: { value: "0" }, limit: { value: "10" } },
  }),
  handler("api/w/[workspace]/segments/[segmentId]/overlap", "GET", `${WS}/segments/[segmentId]/overlap`, ws("segments.read"), {
    query: { with: { target: "segment" } },
  }),
  handler("api/w/[workspace]/segments/[segmentId]/refresh", "GET", `${WS}/segments/[segmentId]/refresh`, ws("segments.read")),
  handler("api/w/[workspace]/segments/[segmentId]/refresh", "POST", `${WS}/segments/[segmentId]/refresh`, ws("segments.write"), { mutates: true }),
  handler("api/w/[workspace]/segments/[segmentId]/restore", "POST", `${WS}/segments/[segmentId]/restore`, ws("segments.write"), { mutates: true }),
  handler("api/w/[workspace]/analytics/cohorts/export", "GET", `${WS}/analytics/cohorts/export`, ws("analytics.read"), {
    query: { period: { value: "month" }, metric: { value: "cumulative_revenue_per_customer" }, breakdown: { value: "country" } },
  }),
  handler("api/w/[workspace]/programme/export", "GET", `${WS}/programme/export`, ws("campaigns.read"), { query: { from: { value: "2026-01-01" }, to: { value: "2026-01-31" } } }),
  handler("api/w/[workspace]/campaigns/[campaignId]/results/export", "GET", `${WS}/campaigns/[campaignId]/results/export`, ws("campaigns.read"), { query: { table: { value: "arms" } } }),
  handler("api/w/[workspace]/suppressions/export", "GET", `${WS}/suppressions/export`, ws("campaigns.read"), { query: { channel: { value: "email" } } }),
  handler("api/w/[workspace]/suppressions/import", "POST", `${WS}/suppressions/import`, ws("settings.manage"), { body: "suppressionCsv" }),
  handler("api/w/[workspace]/templates/preview", "POST", `${WS}/templates/preview`, ws("campaigns.write"), { body: "templatePreview" }),

  // Pages and layouts.
  { file: "app/layout.tsx", kind: "layout", name: "default", path: "/", method: "GET", access: { door: "public", why: "the HTML shell around every page" } },
  pageEntry("", { door: "public", why: "sends a signed-in user to their first workspace, anyone else to sign-in" }),
  pageEntry("signin", { door: "public", why: "the sign-in form" }, { query: { callbackUrl: { value: "/" } } }),
  { file: "app/w/[workspace]/layout.tsx", kind: "layout", name: "default", path: PAGE, method: "GET", access: page("workspace.read") },
  pageEntry("w/[workspace]", page("workspace.read"), { query: { period: { value: "custom" }, from: { value: "2026-01-01" }, to: { value: "2026-01-31" } } }),
  pageEntry("w/[workspace]/account", page("workspace.read")),
  pageEntry("w/[workspace]/campaigns", page("campaigns.read"), { query: { status: { value: "draft" }, after: { value: "0" } } }),
  pageEntry("w/[workspace]/campaigns/new", page("campaigns.write")),
  pageEntry("w/[workspace]/campaigns/[campaignId]", page("campaigns.read"), {
    query: { status: { value: "sent" }, customer: { value: "someone@example.com" }, after: { value: "0" } },
  }),
  pageEntry("w/[workspace]/campaigns/[campaignId]/edit", page("campaigns.write")),
  pageEntry("w/[workspace]/campaigns/[campaignId]/results", page("campaigns.read")),
  pageEntry("w/[workspace]/campaigns/programme", page("campaigns.read"), { query: { period: { value: "custom" }, from: { value: "2026-01-01" }, to: { value: "2026-01-31" } } }),
  pageEntry("w/[workspace]/campaigns/[campaignId]/messages/[messageId]", page("campaigns.read")),
  pageEntry("w/[workspace]/cohorts", page("analytics.read")),
  pageEntry("w/[workspace]/value-drivers", page("analytics.read")),
  pageEntry("w/[workspace]/customers", page("customers.read"), {
    query: { q: { value: "Ada" }, after: { value: "0" }, segment: { target: "segment" }, rfm: { value: "Champions" }, churn: { value: "high" }, country: { value: "DE" }, sort: { value: "clv" }, dir: { value: "asc" } },
  }),
  pageEntry("w/[workspace]/customers/[customerId]", page("customers.read"), { query: { messages: { value: "0" } } }),
  pageEntry("w/[workspace]/import", page("data.import")),
  pageEntry("w/[workspace]/import/[importId]", page("data.import")),
  pageEntry("w/[workspace]/jobs", page("jobs.read")),
  pageEntry("w/[workspace]/ltv", page("analytics.read")),
  pageEntry("w/[workspace]/rfm", page("analytics.read")),
  pageEntry("w/[workspace]/segments", page("segments.read")),
  pageEntry("w/[workspace]/segments/new", page("segments.write"), { query: { template: { value: "win-back" } } }),
  pageEntry("w/[workspace]/segments/[segmentId]", page("segments.read"), { query: { after: { value: "0" } } }),
  pageEntry("w/[workspace]/segments/[segmentId]/edit", page("segments.write")),
  pageEntry("w/[workspace]/segments/[segmentId]/why/[customerId]", page("segments.read")),
  pageEntry("w/[workspace]/settings", page("workspace.read")),
  pageEntry("w/[workspace]/settings/analytics", page("settings.manage")),
  pageEntry("w/[workspace]/settings/api-keys", page("apikeys.manage")),
  pageEntry("w/[workspace]/settings/channels", page("settings.manage")),
  pageEntry("w/[workspace]/settings/contact-policy", page("campaigns.read")),
  pageEntry("w/[workspace]/settings/experiments", page("campaigns.read")),
  pageEntry("w/[workspace]/settings/suppressions", page("campaigns.read"), { query: { channel: { value: "email" }, q: { value: "a" }, after: { value: "email:a@example.com" } } }),
  pageEntry("w/[workspace]/settings/users", page("users.manage")),

  // Server actions, called on the page whose form uses them.
  action("w/[workspace]/account", "changePasswordAction", act("workspace.read"), "changePassword"),
  // Campaign probes launch only broadcasts scheduled for 2099: nothing is ever sent.
  action("w/[workspace]/campaigns/new", "createCampaignAction", act("campaigns.write"), "campaignCreate"),
  action("w/[workspace]/campaigns/[campaignId]/edit", "updateCampaignAction", act("campaigns.write"), "campaignUpdate", true),
  action("w/[workspace]/campaigns/[campaignId]", "previewLaunchAction", act("campaigns.write"), "campaignRef"),
  action("w/[workspace]/campaigns/[campaignId]", "launchCampaignAction", act("campaigns.write"), "campaignRef", true),
  action("w/[workspace]/campaigns/[campaignId]", "approveCampaignAction", act("campaigns.approve"), "campaignRef", true),
  action("w/[workspace]/campaigns/[campaignId]", "pauseCampaignAction", act("campaigns.write"), "campaignRef", true),
  action("w/[workspace]/campaigns/[campaignId]", "resumeCampaignAction", act("campaigns.write"), "campaignRef", true),
  action("w/[workspace]/campaigns/[campaignId]", "archiveCampaignAction", act("campaigns.write"), "campaignRef", true),
  action("w/[workspace]/cohorts", "createCohortSegmentAction", act("segments.write"), "cohortCellSegment"),
  action("w/[workspace]/value-drivers", "renameClusterAction", act("clusters.rename"), "clusterRename"),
  action("w/[workspace]/value-drivers", "createClusterSegmentAction", act("segments.write"), "clusterSegment"),
  action("w/[workspace]/value-drivers", "rerunClustersAction", act("analytics.run"), "clustersRerun"),
  action("w/[workspace]/jobs", "retryFailedJobAction", act("jobs.manage"), "retryJob", true),
  action("w/[workspace]/settings/analytics", "saveAnalyticsSettings", act("settings.manage"), "analyticsSettings"),
  // The test comes first: probes then find only the world's own email settings (a port nothing listens on), and no
  // fuzzed setting is ever sent to.
  action("w/[workspace]/settings/channels", "sendTestMessageAction", act("settings.manage"), "channelTestMessage"),
  action("w/[workspace]/settings/channels", "saveChannelSettingsAction", act("settings.manage"), "channelSettings"),
  action("w/[workspace]/settings/contact-policy", "saveContactPolicyAction", act("settings.manage"), "contactPolicy"),
  action("w/[workspace]/settings/experiments", "saveGlobalControlAction", act("settings.manage"), "globalControl"),
  action("w/[workspace]/settings/suppressions", "addSuppressionAction", act("settings.manage"), "addSuppression"),
  action("w/[workspace]/settings/suppressions", "removeSuppressionAction", act("settings.manage"), "removeSuppression", true),
  action("w/[workspace]/settings/users", "addMemberAction", act("users.manage"), "addMember"),
  action("w/[workspace]/settings/users", "changeRoleAction", act("users.manage"), "changeRole", true),
  action("w/[workspace]/settings/users", "removeMemberAction", act("users.manage"), "removeMember", true),

  // Doors with fuzz targets (a body, a query parameter or a path id) added later go below: the fuzz spec seeds each
  // target by its position, so appending keeps every earlier target's cases (and any failure found with them) reproducible.
  // The links in sent messages (docs/campaigns.md, "Tracking"): anyone holding one, no session; the signature in the
  // path (over the message id, the link's kind and, for clicks, the URL) is the authority, and a changed one is a 404.
  handler("t/o/[messageId]/[signature]", "GET", "/t/o/[messageId]/[signature]", { door: "public", why: "open pixel of a sent message; signed link" }),
  handler("t/c/[messageId]/[signature]", "GET", "/t/c/[messageId]/[signature]", { door: "public", why: "click redirect of a sent message; signed over the URL" }, {
    query: { u: { value: TRACKED_CLICK_URL } },
  }),
  handler("t/u/[messageId]/[signature]", "GET", "/t/u/[messageId]/[signature]", { door: "public", why: "unsubscribe page of a sent message; signed link" }),
  handler("t/u/[messageId]/[signature]", "POST", "/t/u/[messageId]/[signature]", { door: "public", why: "one-click unsubscribe (RFC 8058) and the page's forms; signed link" }, {
    body: "oneClickUnsubscribe",
    mutates: true,
  }),
  handler("t/v/[messageId]/[signature]", "GET", "/t/v/[messageId]/[signature]", { door: "public", why: "a sent email viewed in the browser; signed link" }),
  // Products and order lines (lib/ingest/README.md, "Products and order lines").
  handler("api/v1/products", "POST", "/api/v1/products", key("write"), { body: "product" }),
  handler("api/v1/products/batch", "POST", "/api/v1/products/batch", key("write"), { body: "productBatch" }),
  handler("api/v1/products/[productExternalId]", "GET", "/api/v1/products/[productExternalId]", key("read")),
  handler("api/v1/order-lines/batch", "POST", "/api/v1/order-lines/batch", key("write"), { body: "orderLineBatch" }),
  // Recommendations (docs/recommendations.md).
  handler("api/v1/customers/[externalId]/recommendations", "GET", "/api/v1/customers/[externalId]/recommendations", key("read"), { query: { limit: { value: "5" } } }),
  pageEntry("w/[workspace]/products", page("customers.read")),
  pageEntry("w/[workspace]/products/[productExternalId]", page("customers.read")),
  // LTV & Churn: a slice of the page as a static segment (docs/dashboards.md).
  action("w/[workspace]/ltv", "createLtvSegmentAction", act("segments.write"), "ltvSliceSegment"),
  // Every dashboard table as CSV (docs/dashboards.md, "CSV of the dashboard tables").
  handler("api/w/[workspace]/analytics/ltv/export", "GET", `${WS}/analytics/ltv/export`, ws("analytics.read"), { query: { table: { value: "deciles" } } }),
  // table=migration with no runs named: the last two runs (from/to of another workspace are the 404 of rfmMigrationMatrix).
  handler("api/w/[workspace]/analytics/rfm/export", "GET", `${WS}/analytics/rfm/export`, ws("analytics.read"), { query: { table: { value: "migration" } } }),
  handler("api/w/[workspace]/analytics/overview/export", "GET", `${WS}/analytics/overview/export`, ws("workspace.read"), {
    query: { table: { value: "summary" }, period: { value: "custom" }, from: { value: "2026-01-01" }, to: { value: "2026-01-31" } },
  }),
];

/** The path parameters of a pattern, in order: "/w/[workspace]/segments/[segmentId]" → ["workspace", "segmentId"]. */
export function pathParams(pattern: string): string[] {
  return [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);
}

/** Entries a request can reach by URL (layouts are reached through their pages). */
export function probeableEntries(): RouteEntry[] {
  return ROUTE_INVENTORY.filter((e) => e.kind !== "layout" && e.access.door !== "next-auth");
}
