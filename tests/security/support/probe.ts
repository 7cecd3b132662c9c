import { randomUUID } from "node:crypto";
import { PARAM_TARGETS, pathParams, type BodyKind, type ParamName, type RouteEntry, type TargetKind } from "../route-inventory.ts";
import { withDb } from "./database.ts";
import { HttpSession, encodeSegment, type ProbeResponse } from "./http-session.ts";
import { actionId, actionResult, callAction, type ActionResult } from "./server-actions.ts";
import { createFailedImportJob } from "./failed-import-job.ts";
import { US_CUSTOMERS, createDraftImport, createSegment, csvUpload, insertApiKey, insertCampaign, insertFinishedCampaign, insertMember, insertSuppression, probeCampaignInput, suppressionCsvUpload, type Tenant } from "./security-world.ts";
import { linkSignature } from "./tracked-message.ts";

/**
 * Turns an inventory entry into a request: path parameters filled from a
 * workspace's records (or given raw values), query parameters, a valid body,
 * and the door's credentials. A server action's result code is mapped to the
 * HTTP status a route would answer, so every door is judged the same way.
 */
// A link's signature is made per request from the entry and the message (see urlFor), not stored.
export type Targets = Record<Exclude<TargetKind, "nextAuth" | "linkSignature">, string> & {
  rfmRun: string;
  /** The sent email whose links (/t/...) and reports are probed. */
  trackedMessage: string;
  /** An order of the workspace, for the order lines a probe sends. */
  orderExternalId: string;
  memberUserId?: string;
  failedImportJobId?: string;
  suppressedAddress?: string;
};

export function targetsOf(t: Tenant): Targets {
  return {
    workspace: t.slug,
    segment: String(t.staticSegmentId),
    import: String(t.importId),
    apiKey: String(t.apiKeyId),
    customer: t.customers[0]!.id,
    customerExternalId: t.customers[0]!.externalId,
    productExternalId: t.productExternalId,
    orderExternalId: t.orderExternalId,
    rfmRun: String(t.rfmRunIds[1]),
    campaign: String(t.campaignId),
    message: t.messageId,
    trackedMessage: t.message.id,
  };
}

/** Records a mutating probe may change or remove, made fresh in the tenant. */
export async function throwawayTargets(entry: RouteEntry, t: Tenant): Promise<Targets> {
  const targets = targetsOf(t);
  const params = pathParams(entry.path);
  if (params.includes("segmentId")) targets.segment = String(await createSegment(t, entry.path.endsWith("/refresh") ? "DYNAMIC" : "STATIC"));
  if (params.includes("importId")) targets.import = String(await createDraftImport(t));
  if (params.includes("campaignId")) {
    if (entry.body === "campaignUpdate" || entry.body === "campaignRef") {
      // The editor's actions act on a draft (version 1) of their own.
      targets.campaign = String(await withDb((c) => insertCampaign(c, t.id, t.staticSegmentId)));
    } else {
      const campaign = await withDb((c) => insertFinishedCampaign(c, t.id, t.staticSegmentId, t.customers[0]!.id));
      targets.campaign = String(campaign.campaignId);
      targets.message = campaign.messageId;
    }
  }
  if (params.includes("keyId")) targets.apiKey = String((await withDb((c) => insertApiKey(c, t.id, "throwaway"))).id);
  if (entry.body === "changeRole" || entry.body === "removeMember") targets.memberUserId = (await withDb((c) => insertMember(c, t.id, "ANALYST", t.tag))).id;
  if (entry.body === "retryJob") targets.failedImportJobId = (await createFailedImportJob(t)).jobId;
  if (entry.body === "removeSuppression") targets.suppressedAddress = await withDb((c) => insertSuppression(c, t.id, t.tag));
  return targets;
}

export function targetOfParam(name: string): TargetKind {
  const kind = PARAM_TARGETS[name as ParamName];
  if (!kind) throw new Error(`no target kind for path parameter [${name}]: add it to PARAM_TARGETS`);
  return kind;
}

/** The concrete URL of an entry; `raw` replaces parameter or query values verbatim (already chosen by the caller). */
export function urlFor(entry: RouteEntry, targets: Targets, raw: { params?: Record<string, string>; query?: Record<string, string> | null } = {}): string {
  let path = entry.path;
  for (const name of pathParams(entry.path)) {
    const kind = targetOfParam(name);
    // Signed for the target message and the entry's own click URL, so a probe that changes either gets a changed link.
    const signed = () => linkSignature(entry.path, targets.trackedMessage, defaultQuery(entry, targets).u);
    const own = kind === "linkSignature" ? signed() : kind === "message" && entry.path.startsWith("/t/") ? targets.trackedMessage : targets[kind as keyof Targets];
    const value = raw.params?.[name] ?? own ?? "";
    path = path.replace(new RegExp(`\\[(\\.\\.\\.)?${name}\\]`), encodeSegment(value));
  }
  const query = raw.query === null ? {} : (raw.query ?? defaultQuery(entry, targets));
  const search = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeSegment(v)}`);
  return search.length ? `${path}?${search.join("&")}` : path;
}

export function defaultQuery(entry: RouteEntry, targets: Targets): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.query ?? {})) {
    out[name] = "value" in value ? value.value : targets[value.target];
  }
  return out;
}

/** A body the door accepts (or refuses only for business reasons, never for access). */
export function validBody(kind: BodyKind, targets: Targets): unknown {
  const tag = randomUUID().slice(0, 8);
  const customer = { external_id: `probe-${tag}`, email: `probe-${tag}@example.com`, country: "US" };
  const order = { external_id: `order-${tag}`, customer_external_id: targets.customerExternalId, placed_at: "2026-01-15T10:00:00Z", total: 42 };
  const product = { external_id: `product-${tag}`, name: `Probe product ${tag}`, category_path: "Probe > Things", price: "9.50" };
  const event = { external_id: `event-${tag}`, customer_external_id: targets.customerExternalId, type: "login", occurred_at: "2026-01-15T10:00:00Z" };
  switch (kind) {
    case "segmentCreate":
      return { name: `Probe ${tag}`, kind: "STATIC", definition: US_CUSTOMERS };
    case "segmentUpdate":
      return { name: `Renamed ${tag}` };
    case "segmentCount":
      return { definition: US_CUSTOMERS };
    case "cohortCellSegment":
      return { name: `Cohort probe ${tag}`, period: "month", basis: "on", cohort: "2024-01-01", periodIndex: 1, breakdown: "none", value: null, segment: null };
    // The probe workspace has no clusters run: a run id no run has is refused as out of date (409), after the access check.
    case "clusterRename":
      return { runId: 2_147_483_647, cluster: 0, name: `Probe ${tag}` };
    case "clusterSegment":
      return { runId: 2_147_483_647, cluster: 0, name: `Cluster probe ${tag}` };
    case "clustersRerun":
      return { k: "auto" };
    case "ltvSliceSegment":
      return { name: `LTV probe ${tag}`, slice: { kind: "band", band: "high" } };
    case "apiKeyCreate":
      return { name: `probe ${tag}`, scopes: ["read"] };
    case "importMapping":
      return { mapping: { external_id: "external_id", email: "email", country: "country" } };
    case "csvUpload":
      return null;
    case "customer":
      return customer;
    case "customerBatch":
      return { customers: [customer] };
    case "order":
      return order;
    case "orderBatch":
      return { orders: [order] };
    case "event":
      return event;
    case "eventBatch":
      return { events: [event] };
    case "product":
      return product;
    case "productBatch":
      return { products: [product] };
    case "orderLineBatch":
      return { order_lines: [{ order_external_id: targets.orderExternalId, product_external_id: targets.productExternalId, quantity: 2, unit_price: "9.50" }] };
    case "apiCampaignCreate":
      return {
        name: `Probe ${tag}`,
        kind: "broadcast",
        segmentId: Number(targets.segment),
        schedule: { mode: "now" },
        content: { channel: "email", subject: "Hello {{ customer.first_name }}", html: '<p>Hi</p><a href="{{ links.unsubscribe }}">Unsubscribe</a>' },
      };
    case "apiCampaignPatch":
      return { name: `Renamed ${tag}` };
    case "analyticsSettings":
      return { analytics: {}, rfm: {} };
    case "addMember":
      return { email: `new-${tag}@security.test`, name: `New ${tag}`, role: "ANALYST", password: `Unguessable ${tag} horse staple` };
    case "changeRole":
      return { userId: targets.memberUserId ?? "u_missing", role: "MARKETER" };
    case "removeMember":
      return { userId: targets.memberUserId ?? "u_missing" };
    case "templatePreview":
      return { content: { channel: "email", subject: "Hello {{ customer.first_name | default: 'there' }}", html: "<p>Hi {{ customer.first_name }}</p>" }, customerId: targets.customer };
    case "channelSettings":
      // No login (nothing to seal) and a port nothing listens on.
      return { channel: "email", host: "127.0.0.1", port: 9, security: "none", username: null, fromName: `Probe ${tag}`, fromAddress: `probe-${tag}@example.com`, replyTo: null };
    case "channelTestMessage":
      return { channel: "email", to: `probe-${tag}@example.com` };
    case "changePassword":
      // A wrong current password: the door is reached, and nobody's password changes under the other probes.
      return { currentPassword: `not the password ${tag}`, newPassword: `Another long passphrase ${tag}`, confirmPassword: `Another long passphrase ${tag}` };
    case "contactPolicy":
      return { frequencyCap: { maxMessages: "3", perDays: "7" }, quietHours: { start: "21:00", end: "08:00" }, expiryHours: "72", requireApproval: false, ratePerSecond: { email: "", sms: "", push: "", webhook: "" } };
    case "globalControl":
      return { percent: "5" };
    case "addSuppression":
      return { channel: "email", address: `probe-${tag}@example.com`, note: "probe" };
    case "removeSuppression":
      // Without a throwaway entry, one nobody has: the door is reached and answers 404.
      return { channel: "email", address: targets.suppressedAddress ?? `missing-${tag}@example.com`, confirmed: true };
    case "suppressionCsv":
      return null;
    case "campaignCreate":
      return probeCampaignInput(Number(targets.segment));
    case "campaignUpdate":
      // Version 1: a throwaway campaign is saved; a campaign saved before answers 409, as a stale editor would get.
      return { ...probeCampaignInput(Number(targets.segment), `Renamed ${tag}`), campaignId: Number(targets.campaign), expectedVersion: 1 };
    case "campaignRef":
      return { campaignId: Number(targets.campaign) };
    case "oneClickUnsubscribe":
      return "List-Unsubscribe=One-Click";
    case "retryJob":
      // Without a throwaway failed job, one nobody has: the door is reached and answers 404.
      return { queue: "imports", jobId: targets.failedImportJobId ?? `import-run-2147483000-${tag}` };
  }
}

const ACTION_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VALIDATION: 422, CONFLICT: 409, RATE_LIMITED: 429, INTERNAL: 500 };

export interface Answer extends ProbeResponse {
  /** For server actions: the result the action returned. */
  action?: ActionResult | null;
}

export interface ProbeOptions {
  targets: Targets;
  /** Bearer key for /api/v1 (none: no Authorization header). */
  apiKey?: string;
  params?: Record<string, string>;
  query?: Record<string, string> | null;
  /** Raw body text (JSON routes) instead of a valid body. */
  rawBody?: string;
}

/**
 * A server action does not read its page's URL: the record it acts on is in
 * its arguments. A probe that puts another value in the page's path (another
 * workspace's campaign, a missing one) puts the same value in the arguments.
 */
function actionTargets(entry: RouteEntry, options: ProbeOptions): Targets {
  const targets = { ...options.targets };
  for (const name of pathParams(entry.path)) {
    const value = options.params?.[name];
    if (value !== undefined && name !== "workspace") (targets as Record<string, string>)[targetOfParam(name)] = value;
  }
  return targets;
}

export async function probe(session: HttpSession, entry: RouteEntry, options: ProbeOptions): Promise<Answer> {
  const url = urlFor(entry, options.targets, { params: options.params, query: options.query });
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  if (entry.kind === "action") {
    const input = options.rawBody ?? JSON.stringify([options.params?.workspace ?? options.targets.workspace, validBody(entry.body!, actionTargets(entry, options))]);
    const res = await callAction(session, url, actionId(entry.file, entry.name), input);
    const action = actionResult(res.body);
    const status = res.status !== 200 ? res.status : !action ? 500 : action.ok ? 200 : (ACTION_STATUS[action.code ?? ""] ?? 400);
    return { ...res, status, action };
  }
  if (entry.body === "csvUpload") return session.request(url, { method: entry.method, headers, body: csvUpload() });
  if (entry.body === "suppressionCsv") return session.request(url, { method: entry.method, headers, body: suppressionCsvUpload() });
  // What a mail client posts to the List-Unsubscribe URL (RFC 8058).
  if (entry.body === "oneClickUnsubscribe") {
    return session.request(url, { method: entry.method, headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: options.rawBody ?? "List-Unsubscribe=One-Click" });
  }
  if (entry.body) {
    const body = options.rawBody ?? JSON.stringify(validBody(entry.body, options.targets));
    return session.request(url, { method: entry.method, headers: { ...headers, "content-type": "application/json" }, body });
  }
  return session.request(url, { method: entry.method, headers });
}

export function anonymous(baseURL: string): HttpSession {
  return new HttpSession(baseURL);
}
