import { describe, expect, it } from "vitest";
import { channelSettingsFormSchema, channelSettingsInputSchema } from "../../lib/channels/channel-settings.schema.ts";
import { saveChannelSettingsForm } from "../../lib/channels/save-channel-settings-form.ts";
import { getChannelSettingsView, loadChannelSettings, saveChannelSettings } from "../../lib/channels/settings.ts";
import { db } from "../../lib/db/client.ts";
import { AppError } from "../../lib/errors.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

const password = "smtp-Pa55word-that-must-not-leak";
const signingSecret = "whsec_do-not-leak-0123456789abcdefghijkl";

const emailInput = {
  channel: "email",
  host: "smtp.mail.example",
  port: 587,
  security: "starttls",
  username: "relay@shop.example",
  password,
  fromName: "Acme Shop",
  fromAddress: "news@shop.example",
  replyTo: null,
} as const;

async function rawRow(workspaceId: number, channel: "email" | "webhook") {
  const rows = await db.$queryRaw<{ row: string }[]>`SELECT row_to_json(c)::text AS row FROM channel_settings c WHERE workspace_id = ${workspaceId} AND channel = ${channel}::"ChannelKind"`;
  return rows[0]?.row ?? "";
}

async function auditText(workspaceId: number) {
  const rows = await db.auditLog.findMany({ where: { workspaceId, action: "settings.channel.update" }, select: { metadata: true, targetId: true } });
  return JSON.stringify(rows);
}

describe("channel settings", () => {
  it("saves SMTP settings, loads the password back, and never stores, shows or audits it in the clear", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const view = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse(emailInput));
    expect(view).toMatchObject({ channel: "email", hasPassword: true, config: { host: "smtp.mail.example", username: "relay@shop.example" } });
    expect(JSON.stringify(view)).not.toContain(password);

    const loaded = await loadChannelSettings(ws.id, "email");
    expect(loaded?.password?.reveal()).toBe(password);
    expect(loaded?.config.fromAddress).toBe("news@shop.example");
    // Printing or serialising the loaded settings does not reveal the password either.
    expect(JSON.stringify(loaded)).not.toContain(password);

    const row = await rawRow(ws.id, "email");
    expect(row).toContain("smtp.mail.example");
    expect(row).not.toContain(password);
    expect(row).toMatch(/"secret":"v1\./);

    expect(JSON.stringify(await getChannelSettingsView(ws.id, "email"))).not.toContain(password);
    const audits = await auditText(ws.id);
    expect(audits).toContain('"password":"set"');
    expect(audits).toContain("smtp.mail.example");
    expect(audits).not.toContain(password);
  });

  it("keeps 5 connections per worker unless told otherwise, also for settings saved before there was a choice", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse(emailInput));
    expect((await loadChannelSettings(ws.id, "email"))?.config.connections).toBe(5);
    await db.$executeRaw`UPDATE channel_settings SET config = config - 'connections' WHERE workspace_id = ${ws.id}`;
    expect((await loadChannelSettings(ws.id, "email"))?.config.connections).toBe(5);
    await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...emailInput, connections: "12" }));
    expect((await loadChannelSettings(ws.id, "email"))?.config.connections).toBe(12);
  });

  it("keeps the stored password when a save leaves it out, and removes it when asked", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse(emailInput));
    const { password: _omitted, ...withoutPassword } = emailInput;
    await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...withoutPassword, fromName: "Acme" }));
    const kept = await loadChannelSettings(ws.id, "email");
    expect(kept?.password?.reveal()).toBe(password);
    expect(kept?.config.fromName).toBe("Acme");

    const cleared = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...emailInput, username: null, password: null }));
    expect(cleared).toMatchObject({ hasPassword: false });
    expect((await loadChannelSettings(ws.id, "email"))?.password).toBeNull();
    expect(await auditText(ws.id)).toContain('"password":"removed"');
  });

  it("saves a webhook URL and signing secret the same way", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const input = channelSettingsInputSchema.parse({ channel: "webhook", url: "https://hooks.shop.example/valueloop", signingSecret });
    const view = await saveChannelSettings(ws.id, admin.id, input);
    expect(view).toMatchObject({ channel: "webhook", hasSigningSecret: true, config: { url: "https://hooks.shop.example/valueloop", timeoutMs: 10_000 } });
    expect(JSON.stringify(view)).not.toContain(signingSecret);
    expect((await loadChannelSettings(ws.id, "webhook"))?.signingSecret.reveal()).toBe(signingSecret);
    expect(await rawRow(ws.id, "webhook")).not.toContain(signingSecret);
    expect(await auditText(ws.id)).not.toContain(signingSecret);
  });

  it("generates a signing secret on the server when the page asks, returns it once, and stores it only sealed", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const form = channelSettingsFormSchema.parse({ channel: "webhook", url: "https://hooks.shop.example/valueloop", generateSigningSecret: true });
    const first = await saveChannelSettingsForm(ws.id, admin.id, form);
    expect(first.newSigningSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(first.settings).toMatchObject({ channel: "webhook", hasSigningSecret: true });
    expect(JSON.stringify(first.settings)).not.toContain(first.newSigningSecret);
    expect((await loadChannelSettings(ws.id, "webhook"))?.signingSecret.reveal()).toBe(first.newSigningSecret);
    expect(await rawRow(ws.id, "webhook")).not.toContain(first.newSigningSecret);
    expect(await auditText(ws.id)).not.toContain(first.newSigningSecret!);

    // Saving again without asking keeps it and shows nothing; asking again replaces it.
    const kept = await saveChannelSettingsForm(ws.id, admin.id, channelSettingsFormSchema.parse({ channel: "webhook", url: "https://hooks.shop.example/v2" }));
    expect(kept.newSigningSecret).toBeNull();
    expect((await loadChannelSettings(ws.id, "webhook"))?.signingSecret.reveal()).toBe(first.newSigningSecret);
    const rotated = await saveChannelSettingsForm(ws.id, admin.id, form);
    expect(rotated.newSigningSecret).not.toBe(first.newSigningSecret);
    expect((await loadChannelSettings(ws.id, "webhook"))?.signingSecret.reveal()).toBe(rotated.newSigningSecret);

    const both = channelSettingsFormSchema.safeParse({ ...form, signingSecret });
    expect(both.error?.issues[0]).toMatchObject({ path: ["signingSecret"], message: "Either generate a new secret or enter one, not both." });
  });

  it("refuses bad input naming the field", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const badPort = channelSettingsInputSchema.safeParse({ ...emailInput, port: 70000 });
    expect(badPort.error?.issues[0]?.path.join(".")).toBe("port");
    for (const connections of [0, 51, 2.5]) {
      expect(channelSettingsInputSchema.safeParse({ ...emailInput, connections }).error?.issues[0]?.path.join(".")).toBe("connections");
    }
    const badUrl = channelSettingsInputSchema.safeParse({ channel: "webhook", url: "ftp://x.example/", signingSecret });
    expect(badUrl.error?.issues[0]?.path.join(".")).toBe("url");
    const shortSecret = channelSettingsInputSchema.safeParse({ channel: "webhook", url: "https://x.example/", signingSecret: "short" });
    expect(shortSecret.error?.issues[0]?.path.join(".")).toBe("signingSecret");

    const { password: _omitted, ...userWithoutPassword } = emailInput;
    const missingPassword = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse(userWithoutPassword)).catch((err: unknown) => err);
    expect(missingPassword).toBeInstanceOf(AppError);
    expect(missingPassword).toMatchObject({ code: "VALIDATION", details: [{ path: "password" }] });
    const missingSecret = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url: "https://x.example/" })).catch((err: unknown) => err);
    expect(missingSecret).toMatchObject({ code: "VALIDATION", details: [{ path: "signingSecret" }] });
    expect(await db.channelSettings.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("lets only admins of the workspace change channel settings", async () => {
    const ws = await createWorkspace();
    const marketer = await createUser(ws.id, "MARKETER");
    const other = await createWorkspace();
    const outsider = await createUser(other.id, "ADMIN");
    const input = channelSettingsInputSchema.parse(emailInput);
    await expect(saveChannelSettings(ws.id, marketer.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(saveChannelSettings(ws.id, outsider.id, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.channelSettings.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("does not open a sealed secret copied onto another workspace's row", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const adminA = await createUser(a.id, "ADMIN");
    const adminB = await createUser(b.id, "ADMIN");
    await saveChannelSettings(a.id, adminA.id, channelSettingsInputSchema.parse(emailInput));
    await saveChannelSettings(b.id, adminB.id, channelSettingsInputSchema.parse({ ...emailInput, password: "the other one's password" }));
    const sealedA = await db.channelSettings.findUniqueOrThrow({ where: { workspaceId_channel: { workspaceId: a.id, channel: "email" } }, select: { secret: true } });
    await db.channelSettings.update({ where: { workspaceId_channel: { workspaceId: b.id, channel: "email" } }, data: { secret: sealedA.secret } });
    await expect(loadChannelSettings(b.id, "email")).rejects.toThrow(/authentication failed/);
  });
});
