import { describe, expect, it } from "vitest";
import { channelSettingsInputSchema } from "../../lib/channels/channel-settings.schema.ts";
import { sendTestMessage } from "../../lib/channels/send-test-message.ts";
import { testMessageInputSchema } from "../../lib/channels/send-test-message.schema.ts";
import { saveChannelSettings } from "../../lib/channels/settings.ts";
import { db } from "../../lib/db/client.ts";
import { startHttpReceiver } from "../support/http-receiver.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

/** "Send a test message" for SMS and push: the saved settings, a real local provider, the answer in words, audited, never a secret. */
const authToken = "twilio-auth-token-test-message-never-shown";
const restKey = "onesignal-key-test-message-never-shown";

async function adminWorkspace() {
  const ws = await createWorkspace({ name: "Acme Shop" });
  const admin = await createUser(ws.id, "ADMIN");
  return { ws, admin };
}

async function testAudits(workspaceId: number) {
  return db.auditLog.findMany({ where: { workspaceId, action: "settings.channel.test" }, select: { targetId: true, metadata: true }, orderBy: { id: "asc" } });
}

describe("send a test message over SMS and push", () => {
  it("SMS: Twilio's API receives it for the typed number in E.164, from the saved sender; the answer names the sid, and it is audited", async () => {
    const { ws, admin } = await adminWorkspace();
    const provider = await startHttpReceiver((res) => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ sid: "SMtest0001" })));
    try {
      await saveChannelSettings(
        ws.id,
        admin.id,
        channelSettingsInputSchema.parse({ channel: "sms", provider: "twilio", url: provider.url("/2010-04-01"), accountSid: "ACtest", from: "AcmeShop", apiToken: authToken, callbackSecret: "rcsec_test-message-0123456789abcdefghij" }),
      );
      const input = testMessageInputSchema.parse({ channel: "sms", to: "+44 (0)7700 900-123" });
      const result = await sendTestMessage(ws.id, admin.id, input);
      expect(result).toEqual({ outcome: "sent", channel: "sms", to: "+447700900123", providerMessageId: "SMtest0001", providerResponse: "HTTP 201 (SMtest0001)" });
      expect(provider.received).toHaveLength(1);
      expect(provider.received[0]!.url).toBe("/2010-04-01/Accounts/ACtest/Messages.json");
      const form = Object.fromEntries(new URLSearchParams(provider.received[0]!.body));
      expect(form).toMatchObject({ To: "+447700900123", From: "AcmeShop", Body: expect.stringContaining("ValueLoop test message for Acme Shop") });
      expect(provider.received[0]!.headers["idempotency-key"]).toMatch(/^test-[0-9a-f-]{36}$/);
      expect(await testAudits(ws.id)).toEqual([{ targetId: "sms", metadata: expect.objectContaining({ channel: "sms", to: "+447700900123", outcome: "sent", detail: "HTTP 201 (SMtest0001)" }) }]);
    } finally {
      await provider.stop();
    }
  });

  it("SMS: a provider that repeats the token in its refusal gets it redacted in the answer and the audit", async () => {
    const { ws, admin } = await adminWorkspace();
    const provider = await startHttpReceiver((res) => res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ code: 20003, message: `Authenticate failed for token ${authToken}` })));
    try {
      await saveChannelSettings(
        ws.id,
        admin.id,
        channelSettingsInputSchema.parse({ channel: "sms", provider: "twilio", url: provider.url("/2010-04-01"), accountSid: "ACtest", from: "AcmeShop", apiToken: authToken, callbackSecret: "rcsec_test-message-0123456789abcdefghij" }),
      );
      const result = await sendTestMessage(ws.id, admin.id, { channel: "sms", to: "+447700900123" });
      expect(result).toEqual({ outcome: "permanent", channel: "sms", to: "+447700900123", reason: "Twilio answered HTTP 401: Authenticate failed for token [redacted] (Twilio error 20003)" });
      expect(JSON.stringify(await testAudits(ws.id))).not.toContain(authToken);
    } finally {
      await provider.stop();
    }
  });

  it("push: OneSignal receives a notification for the typed external id; a 429 is reported as a temporary failure", async () => {
    const { ws, admin } = await adminWorkspace();
    let busy = false;
    const provider = await startHttpReceiver((res) => {
      if (busy) res.writeHead(429, { "content-type": "application/json", "retry-after": "30" }).end(JSON.stringify({ errors: ["API rate limit exceeded"] }));
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "notif-1" }));
    });
    try {
      await saveChannelSettings(
        ws.id,
        admin.id,
        channelSettingsInputSchema.parse({ channel: "push", provider: "onesignal", url: provider.url(""), appId: "app-1", apiToken: restKey, callbackSecret: "rcsec_test-message-0123456789abcdefghij" }),
      );
      const sent = await sendTestMessage(ws.id, admin.id, testMessageInputSchema.parse({ channel: "push", to: " cust-9 " }));
      expect(sent).toMatchObject({ outcome: "sent", channel: "push", to: "cust-9", providerMessageId: "notif-1" });
      const body = JSON.parse(provider.received[0]!.body) as Record<string, unknown>;
      expect(body).toMatchObject({ app_id: "app-1", include_aliases: { external_id: ["cust-9"] }, target_channel: "push", headings: { en: "ValueLoop test message" }, data: { valueloop: "test" } });
      expect(provider.received[0]!.headers.authorization).toBe(`Key ${restKey}`);

      busy = true;
      expect(await sendTestMessage(ws.id, admin.id, { channel: "push", to: "cust-9" })).toEqual({ outcome: "retryable", channel: "push", to: "cust-9", reason: "OneSignal answered HTTP 429: API rate limit exceeded" });
    } finally {
      await provider.stop();
    }
  });

  it("asks for a number with its country code and an external id; refuses a channel not saved yet, and anyone but an admin", async () => {
    for (const to of ["07700 900123", "call me", ""]) {
      expect(testMessageInputSchema.safeParse({ channel: "sms", to }).error?.issues[0], to).toMatchObject({ path: ["to"], message: expect.stringContaining("country code") });
    }
    expect(testMessageInputSchema.safeParse({ channel: "push", to: "  " }).error?.issues[0]).toMatchObject({ path: ["to"] });

    const { ws, admin } = await adminWorkspace();
    expect(await sendTestMessage(ws.id, admin.id, { channel: "sms", to: "+447700900123" }).catch((err: unknown) => err)).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Save the SMS settings first") });
    const marketer = await createUser(ws.id, "MARKETER");
    expect(await sendTestMessage(ws.id, marketer.id, { channel: "push", to: "cust-9" }).catch((err: unknown) => err)).toMatchObject({ code: "FORBIDDEN" });
  });
});
