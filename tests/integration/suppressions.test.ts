import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}:suppressions`;
});

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("../../lib/next/session.ts", () => ({ getSessionUserId: async () => session.userId }));

import * as suppressionActions from "../../app/w/[workspace]/settings/suppressions/actions.ts";
import * as exportRoute from "../../app/api/w/[workspace]/suppressions/export/route.ts";
import * as importRoute from "../../app/api/w/[workspace]/suppressions/import/route.ts";
import { createCampaign } from "../../lib/campaigns/create-campaign.ts";
import { previewLaunch } from "../../lib/campaigns/launch-campaign.ts";
import { addSuppression } from "../../lib/campaigns/suppressions/add-suppression.ts";
import { countSuppressions } from "../../lib/campaigns/suppressions/count-suppressions.ts";
import { exportSuppressionsCsv } from "../../lib/campaigns/suppressions/export-suppressions.ts";
import { importSuppressions, MAX_SUPPRESSION_IMPORT_ROWS, type ImportSuppressionsInput } from "../../lib/campaigns/suppressions/import-suppressions.ts";
import { listSuppressions, type SuppressionRow } from "../../lib/campaigns/suppressions/list-suppressions.ts";
import { removeSuppression } from "../../lib/campaigns/suppressions/remove-suppression.ts";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { closeQueues } from "../../lib/queue/queues.ts";
import { createAudience, emailContent, NO_HOLDOUT } from "../support/campaign-fixtures.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

afterAll(async () => {
  await closeQueues();
});

async function adminWorkspace() {
  const ws = await createWorkspace();
  const admin = await createUser(ws.id, "ADMIN");
  return { ws, admin };
}

async function stored(workspaceId: number) {
  const { rows } = await pool.query<{ channel: string; address: string; reason: string; note: string | null }>(
    `SELECT channel::text, address, reason::text, note FROM suppression WHERE workspace_id = $1 ORDER BY channel::text, address`,
    [workspaceId],
  );
  return rows;
}

async function auditActions(workspaceId: number) {
  return db.auditLog.findMany({ where: { workspaceId, action: { startsWith: "suppression." } }, orderBy: { id: "asc" }, select: { action: true, actorUserId: true, metadata: true } });
}

function csv(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function importInput(workspaceId: number, actorUserId: string, text: string, extra: Partial<ImportSuppressionsInput> = {}): ImportSuppressionsInput {
  return { workspaceId, actorUserId, fileName: "list.csv", bytes: csv(text), channel: null, note: null, ...extra };
}

async function insertSuppression(workspaceId: number, channel: string, address: string, reason: string) {
  await pool.query(`INSERT INTO suppression (workspace_id, channel, address, reason) VALUES ($1, $2::"ChannelKind", $3, $4::"SuppressionReason")`, [workspaceId, channel, address, reason]);
}

describe("adding and removing by hand", () => {
  it("stores each address the way campaigns match it, refuses what is not an address on its field, and audits", async () => {
    const { ws, admin } = await adminWorkspace();
    session.userId = admin.id;
    expect(await addSuppression(ws.id, admin.id, { channel: "email", address: "  Ada.Lovelace@Example.COM ", note: "asked by phone" })).toEqual({ channel: "email", address: "ada.lovelace@example.com" });
    expect(await addSuppression(ws.id, admin.id, { channel: "sms", address: "+49 (151) 234-5678" })).toEqual({ channel: "sms", address: "+491512345678" });
    expect(await addSuppression(ws.id, admin.id, { channel: "push", address: " CUST-42 " })).toEqual({ channel: "push", address: "CUST-42" });
    expect(await stored(ws.id)).toEqual([
      { channel: "email", address: "ada.lovelace@example.com", reason: "manual", note: "asked by phone" },
      { channel: "push", address: "CUST-42", reason: "manual", note: null },
      { channel: "sms", address: "+491512345678", reason: "manual", note: null },
    ]);

    const notEmail = await suppressionActions.addSuppressionAction(ws.slug, { channel: "email", address: "ada at example", note: "" });
    expect(notEmail).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { address: "“ada at example” is not an email address (it should look like name@example.com)." } });
    const notPhone = await suppressionActions.addSuppressionAction(ws.slug, { channel: "sms", address: "call me", note: "" });
    expect(notPhone).toMatchObject({ ok: false, fieldErrors: { address: expect.stringContaining("is not a phone number") } });
    const badChannel = await suppressionActions.addSuppressionAction(ws.slug, { channel: "fax", address: "1", note: "" });
    expect(badChannel).toMatchObject({ ok: false, fieldErrors: { channel: "Choose a channel: email, sms, push or webhook." } });
    const twice = await suppressionActions.addSuppressionAction(ws.slug, { channel: "email", address: "ADA.LOVELACE@example.com", note: "" });
    expect(twice).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { address: expect.stringMatching(/^ada\.lovelace@example\.com is already on the Email suppression list \(added by hand, since \d{4}-\d\d-\d\d\)\.$/) } });
    expect(await stored(ws.id)).toHaveLength(3);
    const entries = await auditActions(ws.id);
    expect(entries.map((e) => e.action)).toEqual(["suppression.add", "suppression.add", "suppression.add"]);
    expect(entries[0]).toMatchObject({ actorUserId: admin.id, metadata: { channel: "email", address: "ada.lovelace@example.com", note: "asked by phone" } });
  });

  it("removes an entry; a hard bounce or complaint only after the warning was confirmed", async () => {
    const { ws, admin } = await adminWorkspace();
    session.userId = admin.id;
    await insertSuppression(ws.id, "email", "bounced@example.com", "hard_bounce");
    await insertSuppression(ws.id, "email", "angry@example.com", "complaint");
    await insertSuppression(ws.id, "email", "manual@example.com", "manual");

    expect(await removeSuppression(ws.id, admin.id, { channel: "email", address: "manual@example.com" })).toMatchObject({ reason: "manual" });
    for (const address of ["bounced@example.com", "angry@example.com"]) {
      const unconfirmed = await suppressionActions.removeSuppressionAction(ws.slug, { channel: "email", address });
      expect(unconfirmed).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { confirmed: expect.stringMatching(/bounced as undeliverable|reported your messages as spam/) } });
    }
    expect((await stored(ws.id)).map((r) => r.address)).toEqual(["angry@example.com", "bounced@example.com"]);
    expect(await removeSuppression(ws.id, admin.id, { channel: "email", address: "bounced@example.com", confirmed: true })).toMatchObject({ reason: "hard_bounce" });
    await expect(removeSuppression(ws.id, admin.id, { channel: "email", address: "bounced@example.com", confirmed: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await stored(ws.id)).map((r) => r.address)).toEqual(["angry@example.com"]);
    const removals = (await auditActions(ws.id)).filter((e) => e.action === "suppression.remove");
    expect(removals.map((e) => e.metadata)).toEqual([
      expect.objectContaining({ address: "manual@example.com", reason: "manual" }),
      expect.objectContaining({ address: "bounced@example.com", reason: "hard_bounce" }),
    ]);
  });

  it("marketers and analysts may look but not change; another workspace's admin finds nothing", async () => {
    const { ws, admin } = await adminWorkspace();
    await addSuppression(ws.id, admin.id, { channel: "email", address: "kept@example.com" });
    for (const role of ["MARKETER", "ANALYST"] as const) {
      const user = await createUser(ws.id, role);
      session.userId = user.id;
      expect(await suppressionActions.addSuppressionAction(ws.slug, { channel: "email", address: "new@example.com" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await suppressionActions.removeSuppressionAction(ws.slug, { channel: "email", address: "kept@example.com", confirmed: true })).toMatchObject({ ok: false, code: "FORBIDDEN" });
      await expect(addSuppression(ws.id, user.id, { channel: "email", address: "new@example.com" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(removeSuppression(ws.id, user.id, { channel: "email", address: "kept@example.com", confirmed: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(importSuppressions(importInput(ws.id, user.id, "address\nnew@example.com\n", { channel: "email" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const other = await adminWorkspace();
    session.userId = other.admin.id;
    expect(await suppressionActions.removeSuppressionAction(ws.slug, { channel: "email", address: "kept@example.com", confirmed: true })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await expect(removeSuppression(other.ws.id, other.admin.id, { channel: "email", address: "kept@example.com", confirmed: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await stored(ws.id)).map((r) => r.address)).toEqual(["kept@example.com"]);
  });
});

describe("importing a CSV", () => {
  it("adds every row, keeps what was on the list already, and reports repeats and columns it left alone", async () => {
    const { ws, admin } = await adminWorkspace();
    await insertSuppression(ws.id, "email", "bounced@example.com", "hard_bounce");
    const result = await importSuppressions(
      importInput(
        ws.id,
        admin.id,
        "Address;Channel;Note;source\n" +
          "Bounced@Example.com;email;;crm\n" +
          "new@example.com;;from the shop;crm\n" +
          "NEW@example.com;email;;crm\n" +
          "+44 20 7946 0958;sms;;crm\n" +
          "cust-9;push;;crm\n",
        { channel: "email", note: "spring clean-up" },
      ),
    );
    expect(result).toEqual({ rows: 5, added: 3, alreadySuppressed: 1, repeatedInFile: 1, ignoredColumns: ["source"] });
    expect(await stored(ws.id)).toEqual([
      // Already there as a hard bounce: the import does not weaken it to "imported".
      { channel: "email", address: "bounced@example.com", reason: "hard_bounce", note: null },
      { channel: "email", address: "new@example.com", reason: "imported", note: "from the shop" },
      { channel: "push", address: "cust-9", reason: "imported", note: "spring clean-up" },
      { channel: "sms", address: "+442079460958", reason: "imported", note: "spring clean-up" },
    ]);
    expect((await auditActions(ws.id)).map((e) => e.metadata)).toEqual([
      { fileName: "list.csv", channel: "email", rows: 5, added: 3, alreadySuppressed: 1, repeatedInFile: 1 },
    ]);
  });

  it("one bad row and nothing is stored: the refusal names every bad line", async () => {
    const { ws, admin } = await adminWorkspace();
    const lines = ["address,channel"];
    for (let i = 0; i < 500; i++) lines.push(`good-${i}@example.com,email`);
    lines[120] = "not an email,email";
    lines[301] = "+49 151 2345678,fax";
    lines[402] = "letters,sms";
    lines.push("last@example.com,");
    const error = await importSuppressions(importInput(ws.id, admin.id, `${lines.join("\r\n")}\r\n`)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/^4 rows have problems, so nothing was imported\. .*Line 121: “not an email” is not an email address/),
      details: {
        problemCount: 4,
        lines: [121, 302, 403, 502],
        problems: [
          "Line 121: “not an email” is not an email address (it should look like name@example.com).",
          "Line 302: channel “fax” is not one of email, sms, push, webhook.",
          "Line 403: “letters” is not a phone number in international form: the country code and the number, 6 to 15 digits in all (e.g. +49 151 2345678).",
          "Line 502: no channel: fill in the channel column, or choose a channel for rows without one.",
        ],
      },
    });
    expect(await stored(ws.id)).toEqual([]);
    expect(await auditActions(ws.id)).toEqual([]);
  });

  it("refuses a file without an address column, a quoted value left open, and one over the row limit, storing nothing", async () => {
    const { ws, admin } = await adminWorkspace();
    await expect(importSuppressions(importInput(ws.id, admin.id, "ada@example.com\nbob@example.com\n", { channel: "email" }))).rejects.toMatchObject({
      code: "VALIDATION",
      message: "The first line must name the columns: address (required), channel and note (optional). This file's first line is “ada@example.com”. If it is already an address, add a first line reading “address”.",
    });
    await expect(importSuppressions(importInput(ws.id, admin.id, 'address,note\nada@example.com,"open\nbob@example.com,x\n', { channel: "email" }))).rejects.toMatchObject({
      message: expect.stringContaining("A quoted value opened on line 2 is never closed"),
    });
    const big = `address\n${Array.from({ length: MAX_SUPPRESSION_IMPORT_ROWS + 1 }, (_, i) => `u${i}@example.com`).join("\n")}\n`;
    await expect(importSuppressions(importInput(ws.id, admin.id, big, { channel: "email" }))).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "The file has 100,001 rows; one import takes up to 100,000. Split it into files of at most 100,000 rows and import each.",
    });
    expect(await stored(ws.id)).toEqual([]);
  });

  it("through the upload route: the form's channel, a refusal as JSON with the lines, and 403 for a marketer", async () => {
    const { ws, admin } = await adminWorkspace();
    const post = (text: string, fields: Record<string, string>) => {
      const form = new FormData();
      form.set("file", new File([text], "list.csv", { type: "text/csv" }));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      const req = new NextRequest(`http://valueloop.test/api/w/${ws.slug}/suppressions/import`, { method: "POST", body: form, headers: { origin: "http://valueloop.test" } });
      return importRoute.POST(req, { params: Promise.resolve({ workspace: ws.slug }) });
    };
    session.userId = admin.id;
    const ok = await post("address\n+49 151 1234567\n", { channel: "sms", note: "" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ rows: 1, added: 1 });
    expect(await stored(ws.id)).toEqual([{ channel: "sms", address: "+491511234567", reason: "imported", note: null }]);

    const refused = await post("address\nfine@example.com\nnope\n", { channel: "email", note: "" });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: { code: "VALIDATION", details: { lines: [3], problems: ["Line 3: “nope” is not an email address (it should look like name@example.com)."] } } });
    const badChannel = await post("address\nfine@example.com\n", { channel: "carrier pigeon", note: "" });
    expect(badChannel.status).toBe(422);
    expect(await badChannel.json()).toMatchObject({ error: { details: [{ path: "channel", message: "Choose a channel: email, sms, push or webhook." }] } });

    session.userId = (await createUser(ws.id, "MARKETER")).id;
    expect((await post("address\nm@example.com\n", { channel: "email", note: "" })).status).toBe(403);
    expect(await stored(ws.id)).toHaveLength(1);
  });
});

describe("the list", () => {
  async function pages(range: Parameters<typeof listSuppressions>[0], size: number): Promise<SuppressionRow[][]> {
    const out: SuppressionRow[][] = [];
    let after = range.after ?? null;
    for (;;) {
      const page = await listSuppressions({ ...range, after }, size);
      out.push(page.rows);
      if (!page.nextCursor) return out;
      after = page.nextCursor;
    }
  }

  it("pages through every entry once, in channel and byte order, and never shows another workspace's", async () => {
    const { ws, admin } = await adminWorkspace();
    const other = await adminWorkspace();
    const emails = Array.from({ length: 120 }, (_, i) => `user-${String(i).padStart(3, "0")}@example.com`);
    // Characters whose order differs between collations: byte order puts "Z" before "a" and "-" before "."; the list must still be one clean sequence.
    emails.push("Zed@example.com".toLowerCase(), "a-b@example.com", "a.b@example.com", "ab@example.com", "ümlaut@example.com");
    await importSuppressions(importInput(ws.id, admin.id, `address\n${emails.join("\n")}\n`, { channel: "email" }));
    await importSuppressions(importInput(ws.id, admin.id, `address\n${Array.from({ length: 30 }, (_, i) => `+49 170 ${1000000 + i}`).join("\n")}\n`, { channel: "sms" }));
    await insertSuppression(ws.id, "webhook", "cust-1", "manual");
    await importSuppressions(importInput(other.ws.id, other.admin.id, "address\nuser-000@example.com\nsecret@other.example\n", { channel: "email" }));

    const all = await pages({ workspaceId: ws.id, channel: null }, 50);
    expect(all.map((p) => p.length)).toEqual([50, 50, 50, 6]);
    const flat = all.flat().map((r) => `${r.channel}:${r.address}`);
    const expected = [
      ...[...emails].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((a) => `email:${a}`),
      ...Array.from({ length: 30 }, (_, i) => `sms:+49170${1000000 + i}`),
      "webhook:cust-1",
    ];
    expect(flat).toEqual(expected);
    expect(flat).not.toContain("email:secret@other.example");

    const smsOnly = (await pages({ workspaceId: ws.id, channel: "sms" }, 7)).flat();
    expect(smsOnly).toHaveLength(30);
    expect(new Set(smsOnly.map((r) => r.channel))).toEqual(new Set(["sms"]));
    expect(await countSuppressions(ws.id, null)).toMatchObject({ total: 156, byChannel: { email: 125, sms: 30, push: 0, webhook: 1 }, byReason: { imported: 155, manual: 1 } });
    expect((await countSuppressions(ws.id, "webhook")).byReason).toMatchObject({ imported: 0, manual: 1 });
    expect((await countSuppressions(other.ws.id, null)).total).toBe(2);
  });

  it("finds addresses by their start: email ignoring case, phone numbers by their digits, across channels", async () => {
    const { ws, admin } = await adminWorkspace();
    await importSuppressions(
      importInput(ws.id, admin.id, "address,channel\nada@example.com,email\nadam@example.com,email\nbob@example.com,email\n+49 151 111,sms\n+49 170 222,sms\nAda-7,push\n"),
    );
    const find = async (query: string, channel: "email" | "sms" | "push" | null = null) =>
      (await listSuppressions({ workspaceId: ws.id, channel, query })).rows.map((r) => `${r.channel}:${r.address}`);
    expect(await find("Ada")).toEqual(["email:ada@example.com", "email:adam@example.com", "push:Ada-7"]);
    expect(await find("ADA", "email")).toEqual(["email:ada@example.com", "email:adam@example.com"]);
    // Customer ids keep their case.
    expect(await find("ADA")).toEqual(["email:ada@example.com", "email:adam@example.com"]);
    expect(await find("ada", "push")).toEqual([]);
    expect(await find("+49 (151)")).toEqual(["sms:+49151111"]);
    expect(await find("49")).toEqual(["sms:+49151111", "sms:+49170222"]);
    expect(await find("%")).toEqual([]);
    expect(await find("zzz")).toEqual([]);
    // The search continues from a cursor like the plain list.
    const first = await listSuppressions({ workspaceId: ws.id, channel: null, query: "Ad" }, 1);
    expect(first.rows.map((r) => r.address)).toEqual(["ada@example.com"]);
    const second = await listSuppressions({ workspaceId: ws.id, channel: null, query: "Ad", after: first.nextCursor }, 5);
    expect(second.rows.map((r) => r.address)).toEqual(["adam@example.com", "Ada-7"]);
    expect(second.nextCursor).toBeNull();
  });

  it("exports as CSV through the route (any role that reads campaigns), one channel or all, that imports back", async () => {
    const { ws, admin } = await adminWorkspace();
    await importSuppressions(importInput(ws.id, admin.id, 'address,channel,note\nada@example.com,email,"said ""stop"", twice"\n+49 151 2345678,sms,\n'));
    session.userId = (await createUser(ws.id, "ANALYST")).id;
    const get = async (query: string) => {
      const req = new NextRequest(`http://valueloop.test/api/w/${ws.slug}/suppressions/export${query}`);
      const res = await exportRoute.GET(req, { params: Promise.resolve({ workspace: ws.slug }) });
      return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
    };
    const all = await get("");
    expect(all.status).toBe(200);
    expect(all.type).toBe("text/csv; charset=utf-8");
    const lines = all.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("channel,address,reason,note,created_at,added_by");
    expect(lines[1]).toMatch(new RegExp(`^email,ada@example\\.com,imported,"said ""stop"", twice",\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,${admin.email.replace(/\./g, "\\.")}$`));
    expect(lines[2]).toMatch(/^sms,\+491512345678,imported,,/);
    expect(lines).toHaveLength(3);
    expect((await get("?channel=sms")).text.trimEnd().split("\r\n")).toHaveLength(2);
    expect((await get("?channel=fax")).status).toBe(422);

    const copy = await adminWorkspace();
    expect(await importSuppressions(importInput(copy.ws.id, copy.admin.id, all.text))).toMatchObject({ rows: 2, added: 2, ignoredColumns: ["reason", "created_at", "added_by"] });
    expect((await stored(copy.ws.id)).map((r) => `${r.channel}:${r.address}:${r.note}`)).toEqual(["email:ada@example.com:said \"stop\", twice", "sms:+491512345678:null"]);
  });

  it("an export read in small batches still yields every row once", async () => {
    const { ws, admin } = await adminWorkspace();
    await importSuppressions(importInput(ws.id, admin.id, `address\n${Array.from({ length: 23 }, (_, i) => `e${i}@example.com`).join("\n")}\n`, { channel: "email" }));
    const lines: string[] = [];
    for await (const line of exportSuppressionsCsv(ws.id, null, { batchRows: 5 })) lines.push(line);
    expect(lines).toHaveLength(24);
    expect(new Set(lines).size).toBe(24);
  });
});

describe("campaigns honour the list", () => {
  it("an address added on the page makes the next campaign skip that customer; removed, they are planned again", async () => {
    const { ws, admin } = await adminWorkspace();
    const { segmentId } = await createAudience(ws.id, [
      { email: "Ada@Example.com", phone: "+49 151 2345678", smsConsent: true },
      { email: "bob@example.com", phone: "+49 170 7654321", smsConsent: true },
    ]);
    const actor = { userId: admin.id, role: "ADMIN" as const };
    const email = await createCampaign(ws.id, actor, { name: "Mail", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    const sms = await createCampaign(ws.id, actor, { name: "Text", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: { channel: "sms", text: "Hi {{ customer.first_name }}" } });
    expect((await previewLaunch(ws.id, email.id)).counts).toMatchObject({ queued: 2, skipped: {} });

    await addSuppression(ws.id, admin.id, { channel: "email", address: " ADA@example.COM" });
    await addSuppression(ws.id, admin.id, { channel: "sms", address: "+49 (170) 765-4321" });
    expect((await previewLaunch(ws.id, email.id)).counts).toMatchObject({ queued: 1, skipped: { suppressed: 1 } });
    expect((await previewLaunch(ws.id, sms.id)).counts).toMatchObject({ queued: 1, skipped: { suppressed: 1 } });

    await removeSuppression(ws.id, admin.id, { channel: "email", address: "ada@example.com" });
    expect((await previewLaunch(ws.id, email.id)).counts).toMatchObject({ queued: 2, skipped: {} });
  });

  it("an imported list is honoured the same way", async () => {
    const { ws, admin } = await adminWorkspace();
    const { segmentId } = await createAudience(ws.id, [{ email: "one@example.com" }, { email: "two@example.com" }, { email: "three@example.com" }]);
    const campaign = await createCampaign(ws.id, { userId: admin.id, role: "ADMIN" }, { name: "Mail", experiment: NO_HOLDOUT, kind: "broadcast", segmentId, schedule: { mode: "now" }, content: emailContent() });
    await importSuppressions(importInput(ws.id, admin.id, "address\nONE@example.com\nThree@Example.com\n", { channel: "email" }));
    expect((await previewLaunch(ws.id, campaign.id)).counts).toMatchObject({ queued: 1, skipped: { suppressed: 2 } });
  });
});
