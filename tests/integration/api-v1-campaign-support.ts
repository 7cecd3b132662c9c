import { NextRequest } from "next/server";
import * as campaignArchiveRoute from "../../app/api/v1/campaigns/[campaignId]/archive/route.ts";
import * as campaignLaunchRoute from "../../app/api/v1/campaigns/[campaignId]/launch/route.ts";
import * as campaignMessageRoute from "../../app/api/v1/campaigns/[campaignId]/messages/[messageId]/route.ts";
import * as campaignMessagesRoute from "../../app/api/v1/campaigns/[campaignId]/messages/route.ts";
import * as campaignPauseRoute from "../../app/api/v1/campaigns/[campaignId]/pause/route.ts";
import * as campaignPreviewRoute from "../../app/api/v1/campaigns/[campaignId]/preview/route.ts";
import * as campaignResultsRoute from "../../app/api/v1/campaigns/[campaignId]/results/route.ts";
import * as campaignResumeRoute from "../../app/api/v1/campaigns/[campaignId]/resume/route.ts";
import * as campaignRoute from "../../app/api/v1/campaigns/[campaignId]/route.ts";
import * as campaignsRoute from "../../app/api/v1/campaigns/route.ts";
import { emailContent, NO_HOLDOUT } from "../support/campaign-fixtures.ts";

/** Calls the /api/v1 campaign route handlers as Next.js would, with an API key. */
export type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown }; data?: unknown; next?: string | null };
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

export async function call(
  handler: unknown,
  path: string,
  init: { key?: string | null; method?: string; body?: unknown; rawBody?: string; params?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const req = new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const res = await (handler as Handler)(req, { params: Promise.resolve((init.params ?? {}) as never) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
}

export interface Ids {
  campaignId?: number | string;
  messageId?: string;
}

interface Route {
  handler: unknown;
  method: "GET" | "POST" | "PATCH";
  scope: "read" | "write" | "send";
  path: (ids: Ids) => string;
}

const one = (ids: Ids) => `/api/v1/campaigns/${ids.campaignId}`;

/** Every campaign route, with the scope it needs. */
export const CAMPAIGN_ROUTES = {
  list: { handler: campaignsRoute.GET, method: "GET", scope: "read", path: () => "/api/v1/campaigns" },
  create: { handler: campaignsRoute.POST, method: "POST", scope: "write", path: () => "/api/v1/campaigns" },
  get: { handler: campaignRoute.GET, method: "GET", scope: "read", path: one },
  patch: { handler: campaignRoute.PATCH, method: "PATCH", scope: "write", path: one },
  preview: { handler: campaignPreviewRoute.GET, method: "GET", scope: "read", path: (ids) => `${one(ids)}/preview` },
  launch: { handler: campaignLaunchRoute.POST, method: "POST", scope: "send", path: (ids) => `${one(ids)}/launch` },
  pause: { handler: campaignPauseRoute.POST, method: "POST", scope: "send", path: (ids) => `${one(ids)}/pause` },
  resume: { handler: campaignResumeRoute.POST, method: "POST", scope: "send", path: (ids) => `${one(ids)}/resume` },
  archive: { handler: campaignArchiveRoute.POST, method: "POST", scope: "send", path: (ids) => `${one(ids)}/archive` },
  messages: { handler: campaignMessagesRoute.GET, method: "GET", scope: "read", path: (ids) => `${one(ids)}/messages` },
  results: { handler: campaignResultsRoute.GET, method: "GET", scope: "read", path: (ids) => `${one(ids)}/results` },
  message: { handler: campaignMessageRoute.GET, method: "GET", scope: "read", path: (ids) => `${one(ids)}/messages/${ids.messageId}` },
} satisfies Record<string, Route>;

export type RouteName = keyof typeof CAMPAIGN_ROUTES;

/** A broadcast email to a segment, as a client would post it. */
export function broadcastBody(segmentId: number, overrides: Record<string, unknown> = {}) {
  return { name: "Spring sale", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent(), ...overrides };
}

/** Calls one campaign route with a key; `query` is appended to the path, `body` goes to the routes that take one. */
export function callRoute(name: RouteName, key: string | null, ids: Ids = {}, extra: { query?: string; body?: unknown; rawBody?: string } = {}): Promise<Answer> {
  const route: Route = CAMPAIGN_ROUTES[name];
  const params: Record<string, string> = {};
  if (ids.campaignId !== undefined) params.campaignId = String(ids.campaignId);
  if (ids.messageId !== undefined) params.messageId = ids.messageId;
  return call(route.handler, `${route.path(ids)}${extra.query ?? ""}`, { key, method: route.method, params, body: extra.body, rawBody: extra.rawBody });
}
