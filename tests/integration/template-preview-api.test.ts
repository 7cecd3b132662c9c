import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import type { TemplatePreview } from "../../lib/campaigns/templates/preview-template.ts";
import { createCustomer, createUser, createWorkspace } from "../support/factories.ts";
import * as previewRoute from "../../app/api/w/[workspace]/templates/preview/route.ts";
import { call } from "./segment-api-support.ts";

// The browser routes read the signed-in user from the session cookie; here the test decides who is signed in.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

afterAll(async () => {
  await pool.end();
});

interface Team {
  slug: string;
  workspaceId: number;
  admin: string;
  marketer: string;
  analyst: string;
  stranger: string;
}

let team: Team;
let ada: { id: string; externalId: string };
let bob: { id: string; externalId: string };

beforeAll(async () => {
  const ws = await createWorkspace({ name: "Acme Store" });
  const [admin, marketer, analyst] = await Promise.all([createUser(ws.id, "ADMIN"), createUser(ws.id, "MARKETER"), createUser(ws.id, "ANALYST")]);
  const stranger = await createUser((await createWorkspace()).id, "ADMIN");
  team = { slug: ws.slug, workspaceId: ws.id, admin: admin.id, marketer: marketer.id, analyst: analyst.id, stranger: stranger.id };
  const first = await createCustomer(ws.id, { externalId: "ada-1", firstName: "Ada", email: "ada@example.com" });
  await pool.query(`UPDATE customer SET attributes = '{"tier": "gold"}' WHERE id = $1`, [first.id]);
  const second = await createCustomer(ws.id, { externalId: "bob-2", firstName: "Bob" });
  ada = { id: String(first.id), externalId: "ada-1" };
  bob = { id: String(second.id), externalId: "bob-2" };
});

function preview(body: unknown, slug = team.slug) {
  return call(previewRoute.POST, `/api/w/${slug}/templates/preview`, { workspace: slug }, { method: "POST", body: JSON.stringify(body) });
}

const EMAIL = {
  channel: "email",
  subject: "{{ customer.first_name }}, your {{ customer.attributes.tier | default: 'new' }} perks",
  preheader: "From {{ workspace.name }}",
  html: '<body><p>Hi {{ customer.first_name }}</p><a href="{{ links.unsubscribe }}">Unsubscribe</a></body>',
};

describe("POST /api/w/{workspace}/templates/preview", () => {
  it("renders for the chosen customer, by id or by external id, with placeholder links", async () => {
    session.userId = team.marketer;
    const byId = await preview({ content: EMAIL, customerId: bob.id, campaignName: "Spring" });
    expect(byId.status).toBe(200);
    expect(byId.headers.get("cache-control")).toBe("no-store");
    const body = byId.json as Extract<TemplatePreview, { status: "rendered" }>;
    expect(body.status).toBe("rendered");
    expect(body.customer).toEqual(bob);
    expect(body.rendered).toMatchObject({ channel: "email", subject: "Bob, your new perks", preheader: "From Acme Store" });
    expect(body.rendered.channel === "email" && body.rendered.html).toContain('<a href="http://valueloop.test/preview/unsubscribe">Unsubscribe</a>');
    expect(body.rendered.channel === "email" && body.rendered.text).toBe("Hi Bob\n\nUnsubscribe [http://valueloop.test/preview/unsubscribe]");

    const byExternal = await preview({ content: { channel: "sms", text: "{{ customer.first_name }} ({{ customer.attributes.tier }}) – {{ campaign.name }}" }, customerExternalId: "ada-1" });
    expect(byExternal.json).toEqual({
      status: "rendered",
      customer: ada,
      rendered: { channel: "sms", text: "Ada (gold) – Campaign name (preview)", segments: 1, encoding: "UCS-2" },
    });
  });

  it("renders for the workspace's first customer when none is chosen", async () => {
    session.userId = team.admin;
    const res = await preview({ content: { channel: "webhook", payload: '{ "who": {{ customer.external_id | json }} }' } });
    expect(res.json).toEqual({ status: "rendered", customer: ada, rendered: { channel: "webhook", payload: { who: "ada-1" } } });
  });

  it("answers the issues, with line and column, for a template a save would refuse", async () => {
    session.userId = team.marketer;
    const res = await preview({ content: { ...EMAIL, html: "<p>\n  {{ customer.frist_name }}</p>" }, customerId: ada.id });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: "invalid",
      issues: [{ field: "html", line: 2, column: 6, message: "Unknown variable customer.frist_name on line 2, column 6. Did you mean customer.first_name?" }],
    });
  });

  it("says when a valid template does not render for the chosen customer, as a send would record it", async () => {
    session.userId = team.marketer;
    const res = await preview({ content: { channel: "sms", text: "Your tier: {{ customer.attributes.tier }}" }, customerId: bob.id });
    expect(res.json).toEqual({
      status: "failed",
      customer: bob,
      issues: [
        {
          field: "text",
          line: 1,
          column: 15,
          message:
            'customer.attributes.tier is not set for this customer on line 1, column 15. To send to customers without it, start the output with a fallback: {{ customer.attributes.tier | default: "…" }}.',
        },
      ],
    });
  });

  it("is for roles that write campaigns: an analyst is refused, a non-member finds nothing", async () => {
    session.userId = team.analyst;
    const analyst = await preview({ content: EMAIL });
    expect(analyst.status).toBe(403);
    session.userId = team.stranger;
    const stranger = await preview({ content: EMAIL });
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(stranger.json)).not.toContain("Ada");
    session.userId = null;
    expect((await preview({ content: EMAIL })).status).toBe(401);
  });

  it("does not render another workspace's customer", async () => {
    const other = await createWorkspace();
    const theirs = await createCustomer(other.id, { externalId: "theirs", firstName: "Eve" });
    session.userId = team.marketer;
    const res = await preview({ content: EMAIL, customerId: String(theirs.id) });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: "NOT_FOUND", message: `No customer with id ${theirs.id} in this workspace.` } });
    expect((await preview({ content: EMAIL, customerExternalId: "theirs" })).status).toBe(404);
  });

  it("tells the user what to do in a workspace without customers", async () => {
    const empty = await createWorkspace();
    const marketer = await createUser(empty.id, "MARKETER");
    session.userId = marketer.id;
    const res = await preview({ content: EMAIL }, empty.slug);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: { code: "NOT_FOUND", message: "This workspace has no customers yet, so there is no one to preview for. Import customers (Data import) first." },
    });
  });

  it("refuses a malformed body with a 422 naming each field", async () => {
    session.userId = team.marketer;
    const cases: [unknown, string, string][] = [
      [{ content: { channel: "fax", text: "x" } }, "content.channel", ""],
      [{ content: { channel: "email", subject: " ", html: "<p>x</p>" } }, "content.subject", "The subject is required."],
      [{ content: { channel: "email", subject: "x", html: "x".repeat(256 * 1024 + 1) } }, "content.html", "The HTML body is 257 KiB; the limit is 256 KiB."],
      [{ content: { channel: "sms", text: "x".repeat(1_601) } }, "content.text", "An SMS is limited to 1,600 characters."],
      [{ content: EMAIL, customerId: "12abc" }, "customerId", "customerId must be a customer id (digits)"],
      [{ content: EMAIL, customerId: ada.id, customerExternalId: "ada-1" }, "customerExternalId", "Give customerId or customerExternalId, not both."],
      [{ content: EMAIL, extra: true }, "", ""],
    ];
    for (const [body, path, message] of cases) {
      const res = await preview(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      const details = (res.json as { error: { details: { path: string; message: string }[] } }).error.details;
      expect(details.some((d) => d.path === path && (message === "" || d.message === message)), `${path}: ${JSON.stringify(details)}`).toBe(true);
    }
  });
});
