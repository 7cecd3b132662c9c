import { describe, expect, it } from "vitest";
import { channelSettingsFormSchema, channelSettingsInputSchema } from "../../lib/channels/channel-settings.schema.ts";
import { listChannelSettings } from "../../lib/channels/list-channel-settings.ts";
import { saveChannelSettingsForm } from "../../lib/channels/save-channel-settings-form.ts";
import { getChannelSettingsView, loadChannelSettings, saveChannelSettings } from "../../lib/channels/settings.ts";
import type { HostLookup, WebhookNetworkPolicy } from "../../lib/channels/webhook/webhook-target.ts";
import { db } from "../../lib/db/client.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

/** SMS and push settings: provider forms, the token and callback secret sealed, the URL under the webhook network policy. */
const authToken = "twilio-auth-token-0123456789-never-leak";
const restKey = "onesignal-rest-key-0123456789-never-leak";
const callbackSecret = "rcsec_entered-by-admin-0123456789abcdefghij";

const twilio = {
  channel: "sms",
  provider: "twilio",
  url: "https://api.twilio.com/2010-04-01",
  accountSid: "AC0123456789abcdef0123456789abcdef",
  from: "+44 7700 900001",
  apiToken: authToken,
  callbackSecret,
} as const;

const oneSignal = { channel: "push", provider: "onesignal", url: "https://api.onesignal.com", appId: "5eb5a37e-b458-11e3-ac11-000c2940e62c", apiToken: restKey, callbackSecret } as const;

/** Public addresses for the hosts these tests name, one private host; nothing is connected to. */
const lookup: HostLookup = async (hostname) => {
  if (hostname === "sms.internal.test") return [{ address: "10.0.0.5", family: 4 }];
  return [{ address: "93.184.215.14", family: 4 }];
};
const guarded: WebhookNetworkPolicy = { allowPrivateNetworks: false, lookup };

async function rowText(workspaceId: number) {
  const rows = await db.$queryRaw<{ row: string }[]>`SELECT json_agg(c)::text AS row FROM channel_settings c WHERE workspace_id = ${workspaceId}`;
  return rows[0]?.row ?? "";
}

async function audits(workspaceId: number) {
  return db.auditLog.findMany({ where: { workspaceId, action: "settings.channel.update" }, select: { metadata: true }, orderBy: { id: "asc" } });
}

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (err: unknown) => err,
  );
}

describe("SMS and push settings", () => {
  it("saves Twilio settings with the sender in E.164; the token and callback secret are sealed, loaded back, and never shown or audited", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const view = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse(twilio), { webhookNetwork: guarded });
    expect(view).toMatchObject({ channel: "sms", hasApiToken: true, hasCallbackSecret: true, config: { provider: "twilio", accountSid: twilio.accountSid, from: "+447700900001", timeoutMs: 10_000 } });

    const loaded = await loadChannelSettings(ws.id, "sms");
    expect(loaded?.apiToken.reveal()).toBe(authToken);
    expect(loaded?.callbackSecret.reveal()).toBe(callbackSecret);
    const everything = JSON.stringify([view, loaded, await getChannelSettingsView(ws.id, "sms"), await rowText(ws.id), await audits(ws.id)]);
    expect(everything).not.toContain(authToken);
    expect(everything).not.toContain(callbackSecret);
    expect((await audits(ws.id))[0]!.metadata).toMatchObject({ channel: "sms", apiToken: "set", callbackSecret: "set", config: { provider: "twilio" } });
    // The page lists the channel from the registry, configured.
    expect((await listChannelSettings(ws.id)).map((s) => [s.channel, s.settings !== null])).toEqual([
      ["email", false],
      ["sms", true],
      ["push", false],
      ["webhook", false],
    ]);
  });

  it("keeps the token when a save leaves it out, but asks for it again when the provider or the URL's host changes", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse(twilio), { webhookNetwork: guarded });
    const { apiToken: _t, callbackSecret: _s, ...withoutSecrets } = twilio;

    await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...withoutSecrets, from: "AcmeShop", url: "https://api.twilio.com/2010-04-01/" }), { webhookNetwork: guarded });
    const kept = await loadChannelSettings(ws.id, "sms");
    expect(kept?.apiToken.reveal()).toBe(authToken);
    expect(kept?.callbackSecret.reveal()).toBe(callbackSecret);
    expect(kept?.config.from).toBe("AcmeShop");
    expect((await audits(ws.id))[1]!.metadata).toMatchObject({ apiToken: "kept", callbackSecret: "kept" });

    const elsewhere = await refusal(saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...withoutSecrets, url: "https://gateway.other.test/2010-04-01" }), { webhookNetwork: guarded }));
    expect(elsewhere).toMatchObject({ code: "VALIDATION", details: [{ path: "apiToken", message: expect.stringContaining("Enter the auth token again: the stored one was saved for twilio https://api.twilio.com") }] });
    const otherForm = await refusal(saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...withoutSecrets, provider: "json" }), { webhookNetwork: guarded }));
    expect(otherForm).toMatchObject({ code: "VALIDATION", details: [{ path: "apiToken" }] });
    // Nothing of the refused saves was stored.
    expect((await loadChannelSettings(ws.id, "sms"))?.config.url).toBe("https://api.twilio.com/2010-04-01/");
  });

  it("refuses, each on its field, a missing account SID, an unusable sender, a missing token, and a provider URL the network policy refuses", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const parsed = (input: object) => channelSettingsInputSchema.safeParse(input);
    expect(parsed({ ...twilio, accountSid: null }).error?.issues).toEqual([expect.objectContaining({ path: ["accountSid"], message: expect.stringContaining("account SID") })]);
    for (const from of ["07700 900123", "Acme Shop Limited", "+44 7700 9001 ext 2"]) {
      expect(parsed({ ...twilio, from }).error?.issues, from).toEqual([expect.objectContaining({ path: ["from"] })]);
    }
    expect(parsed({ ...oneSignal, appId: null }).error?.issues).toEqual([expect.objectContaining({ path: ["appId"], message: "Enter the OneSignal app id." })]);

    const { apiToken: _t, ...noToken } = twilio;
    expect(await refusal(saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse(noToken), { webhookNetwork: guarded }))).toMatchObject({
      code: "VALIDATION",
      details: [{ path: "apiToken", message: "Enter the auth token." }],
    });
    const privateUrl = await refusal(saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...twilio, url: "https://sms.internal.test/2010-04-01" }), { webhookNetwork: guarded }));
    expect(privateUrl).toMatchObject({ code: "VALIDATION", details: [{ path: "url", message: expect.stringMatching(/10\.0\.0\.5, which is a private network address.*SMS provider requests may only reach public addresses/) }] });
    const plainHttp = await refusal(saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ ...oneSignal, url: "http://api.onesignal.com" }), { webhookNetwork: guarded }));
    expect(plainHttp).toMatchObject({ details: [{ path: "url", message: expect.stringContaining("push provider requests carry customer data") }] });
    expect(await db.channelSettings.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("generates a callback secret when the form asks, returns it that once, and seals it; push settings keep only their own form's fields", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    const { callbackSecret: _s, ...form } = oneSignal;
    const saved = await saveChannelSettingsForm(ws.id, admin.id, channelSettingsFormSchema.parse({ ...form, topicPrefix: "ignored-", generateCallbackSecret: true }), { webhookNetwork: guarded });
    expect(saved.newSigningSecret).toMatch(/^rcsec_[A-Za-z0-9_-]{43}$/);
    expect(saved.settings).toMatchObject({ channel: "push", hasApiToken: true, hasCallbackSecret: true, config: { provider: "onesignal", appId: oneSignal.appId } });
    const loaded = await loadChannelSettings(ws.id, "push");
    expect(loaded?.callbackSecret.reveal()).toBe(saved.newSigningSecret);
    expect(await rowText(ws.id)).not.toContain(saved.newSigningSecret!);

    // A later save of the same form without asking keeps it, and shows nothing new.
    const again = await saveChannelSettingsForm(ws.id, admin.id, channelSettingsFormSchema.parse({ ...form, apiToken: undefined }), { webhookNetwork: guarded });
    expect(again.newSigningSecret).toBeNull();
    expect((await loadChannelSettings(ws.id, "push"))?.callbackSecret.reveal()).toBe(saved.newSigningSecret);

    // FCM's form: the app id belongs to OneSignal and is dropped.
    const fcm = await saveChannelSettings(
      ws.id,
      admin.id,
      channelSettingsInputSchema.parse({ channel: "push", provider: "fcm", url: "https://fcm.googleapis.com/v1/projects/acme/messages:send", appId: "left-over", topicPrefix: "u_", apiToken: "ya29.token" }),
      { webhookNetwork: guarded },
    );
    expect(fcm).toMatchObject({ config: { provider: "fcm", appId: null, topicPrefix: "u_" } });
  });

  it("is for admins only", async () => {
    const ws = await createWorkspace();
    const marketer = await createUser(ws.id, "MARKETER");
    expect(await refusal(saveChannelSettings(ws.id, marketer.id, channelSettingsInputSchema.parse(twilio), { webhookNetwork: guarded }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await db.channelSettings.count({ where: { workspaceId: ws.id } })).toBe(0);
  });
});
