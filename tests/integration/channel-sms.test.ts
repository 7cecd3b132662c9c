import { describe, expect, it } from "vitest";
import type { SmsConfig } from "../../lib/channels/channel-settings.schema.ts";
import type { SmsSettings } from "../../lib/channels/settings.ts";
import { sendSms } from "../../lib/channels/sms/send-sms.ts";
import { smsChannel } from "../../lib/channels/sms/sms-channel.ts";
import type { WebhookNetworkPolicy } from "../../lib/channels/webhook/webhook-target.ts";
import { SecretValue } from "../../lib/crypto/secret-value.ts";
import { startHttpReceiver, withHttpReceiver, type Received } from "../support/http-receiver.ts";

/**
 * The SMS channel against real local HTTP servers playing the provider:
 * Twilio's Messages API and the JSON form. Each test asserts the request
 * exactly as the provider would read it, and how each answer is classified.
 */
const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN = "twilio-auth-token-never-shown";
const API_TOKEN = "json-api-token-never-shown";

function settingsFor(url: string, config: Partial<SmsConfig> = {}): SmsSettings {
  const twilio = (config.provider ?? "twilio") === "twilio";
  return {
    channel: "sms",
    workspaceId: 1,
    version: "v",
    config: { provider: "twilio", url, accountSid: twilio ? ACCOUNT_SID : null, from: "+447700900001", timeoutMs: 5000, ...config },
    apiToken: new SecretValue(twilio ? AUTH_TOKEN : API_TOKEN),
    callbackSecret: new SecretValue("rcsec_sms-channel-test-0123456789abcdef"),
  };
}

const message = { idempotencyKey: "msg-sms-42", to: "+447700900123", text: "Hi Ada & co: 20% off + free delivery 🎉 today" };

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return (res: import("node:http").ServerResponse) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, "the send should have failed").toBeDefined();
  return smsChannel.classify(error);
}

describe("SMS channel: Twilio's form", () => {
  it("posts To, From and Body form-encoded to /Accounts/<sid>/Messages.json with basic auth, and takes the sid as the message's id", async () => {
    await withHttpReceiver(json(201, { sid: "SM9f2c0a1b", status: "queued" }), async (url, received) => {
      const result = await smsChannel.send(message, settingsFor(url.replace("/hooks/valueloop", "/2010-04-01")));
      expect(result).toEqual({ providerMessageId: "SM9f2c0a1b", providerResponse: "HTTP 201 (SM9f2c0a1b)" });
      expect(received).toHaveLength(1);
      const request = received[0]!;
      expect(request.method).toBe("POST");
      expect(request.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
      expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`);
      expect(request.headers["idempotency-key"]).toBe("msg-sms-42");
      // Form encoding as a server reads it back, and as it travels: & and + escaped, spaces as +.
      expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ To: "+447700900123", From: "+447700900001", Body: message.text });
      expect(request.body).toContain("To=%2B447700900123");
      expect(request.body).toContain("Body=Hi+Ada+%26+co%3A+20%25+off+%2B+free+delivery+%F0%9F%8E%89+today");
    });
  });

  it("calls 429 and 5xx retryable, honouring Retry-After", async () => {
    await withHttpReceiver(json(429, { code: 20429, message: "Too Many Requests" }, { "retry-after": "3" }), async (url) => {
      expect(await failureOf(sendSms(message, settingsFor(url)))).toEqual({ outcome: "retryable", retryAfterMs: 3000, reason: "Twilio answered HTTP 429: Too Many Requests (Twilio error 20429)" });
    });
    await withHttpReceiver(json(503, { message: "Service Unavailable" }), async (url) => {
      expect(await failureOf(sendSms(message, settingsFor(url)))).toEqual({ outcome: "retryable", reason: "Twilio answered HTTP 503: Service Unavailable" });
    });
    // An HTML error page from a proxy: the status is the reason.
    await withHttpReceiver((res) => res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>"), async (url) => {
      expect(await failureOf(sendSms(message, settingsFor(url)))).toEqual({ outcome: "retryable", reason: "Twilio answered HTTP 502." });
    });
  });

  it("calls an invalid number a permanent refusal that rejects the address; other 4xx are permanent with Twilio's words, and do not", async () => {
    const invalid = { code: 21211, message: "The 'To' number +447700900123 is not a valid phone number.", more_info: "https://www.twilio.com/docs/errors/21211", status: 400 };
    await withHttpReceiver(json(400, invalid), async (url) => {
      expect(await failureOf(sendSms(message, settingsFor(url)))).toEqual({
        outcome: "permanent",
        addressRejected: true,
        reason: "Twilio answered HTTP 400: The 'To' number +447700900123 is not a valid phone number. (Twilio error 21211)",
      });
    });
    await withHttpReceiver(json(400, { code: 21408, message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number" }), async (url) => {
      expect(await failureOf(sendSms(message, settingsFor(url)))).toEqual({ outcome: "permanent", reason: expect.stringContaining("(Twilio error 21408)") });
    });
    await withHttpReceiver(json(401, { code: 20003, message: "Authenticate" }), async (url) => {
      const failure = await failureOf(sendSms(message, settingsFor(url)));
      expect(failure).toEqual({ outcome: "permanent", reason: "Twilio answered HTTP 401: Authenticate (Twilio error 20003)" });
      expect(JSON.stringify(failure)).not.toContain(AUTH_TOKEN);
    });
  });

  it("gives up on a provider that never answers within the timeout, and calls it retryable", async () => {
    const silent = await startHttpReceiver(() => undefined);
    try {
      expect(await failureOf(sendSms(message, settingsFor(silent.url(), { timeoutMs: 1000 })))).toEqual({ outcome: "retryable", reason: "The SMS provider did not answer in time." });
      expect(silent.received).toHaveLength(1);
    } finally {
      await silent.stop();
    }
  });

  it("refuses, without sending, a recipient that is not one E.164 number and a text longer than providers take", async () => {
    await withHttpReceiver(json(201, { sid: "SM1" }), async (url, received) => {
      for (const to of ["+44 7700 900123", "+447700900123,+447700900124", "07700900123"]) {
        expect(await failureOf(sendSms({ ...message, to }, settingsFor(url))), to).toMatchObject({ outcome: "permanent", reason: expect.stringContaining("E.164") });
      }
      expect(await failureOf(sendSms({ ...message, text: "x".repeat(1601) }, settingsFor(url)))).toMatchObject({ outcome: "permanent", reason: expect.stringContaining("1600") });
      expect(received).toHaveLength(0);
    });
  });

  it("goes only where the webhook network policy allows: a provider URL on a private address is refused as permanent, and nothing connects", async () => {
    const receiver = await startHttpReceiver(json(201, { sid: "SM1" }));
    const guarded: WebhookNetworkPolicy = { allowPrivateNetworks: false, lookup: async () => [{ address: "127.0.0.1", family: 4 }] };
    try {
      const viaName = await failureOf(sendSms(message, settingsFor(`https://sms.provider.test:${receiver.port}/2010-04-01`), { network: guarded }));
      expect(viaName).toEqual({ outcome: "permanent", reason: expect.stringMatching(/resolves to 127\.0\.0\.1, which is a loopback address; SMS provider requests may only reach public addresses/) });
      const plainHttp = await failureOf(sendSms(message, settingsFor(receiver.url()), { network: guarded }));
      expect(plainHttp).toEqual({ outcome: "permanent", reason: expect.stringMatching(/^Use an https:\/\/ URL: SMS provider requests carry customer data/) });
      expect(receiver.connections).toBe(0);
    } finally {
      await receiver.stop();
    }
  });
});

describe("SMS channel: the JSON form", () => {
  const jsonSettings = (url: string) => settingsFor(url, { provider: "json", from: "AcmeShop" });

  it("posts { to, from, text, reference } with a bearer token, and takes the answer's id", async () => {
    await withHttpReceiver(json(202, { id: "msg_77" }), async (url, received) => {
      const result = await smsChannel.send(message, jsonSettings(url));
      expect(result.providerMessageId).toBe("msg_77");
      const request = received[0]!;
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/hooks/valueloop");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
      expect(request.headers["idempotency-key"]).toBe("msg-sms-42");
      expect(JSON.parse(request.body)).toEqual({ to: "+447700900123", from: "AcmeShop", text: message.text, reference: "msg-sms-42" });
    });
  });

  it("sends the same reference and Idempotency-Key when the message is sent again, so the provider can drop the copy", async () => {
    const seen: string[] = [];
    await withHttpReceiver(
      (res, req: Received) => {
        const { reference } = JSON.parse(req.body) as { reference: string };
        // A provider that honours the reference: a repeat is answered with the first message's id.
        const first = !seen.includes(reference);
        seen.push(reference);
        json(first ? 202 : 200, { id: `id-for-${reference}` })(res);
      },
      async (url, received) => {
        const once = await smsChannel.send(message, jsonSettings(url));
        const again = await smsChannel.send(message, jsonSettings(url));
        expect(again.providerMessageId).toBe(once.providerMessageId);
        expect(received.map((r) => r.headers["idempotency-key"])).toEqual(["msg-sms-42", "msg-sms-42"]);
      },
    );
  });

  it("reads invalid_number as a rejected address, and other refusals in the provider's words", async () => {
    await withHttpReceiver(json(422, { error: { code: "invalid_number", message: "+447700900123 is not a mobile number" } }), async (url) => {
      expect(await failureOf(sendSms(message, jsonSettings(url)))).toEqual({
        outcome: "permanent",
        addressRejected: true,
        reason: "The SMS provider answered HTTP 422: +447700900123 is not a mobile number (invalid_number)",
      });
    });
    await withHttpReceiver((res) => res.writeHead(403, { "content-type": "text/plain" }).end("sender AcmeShop is not registered"), async (url) => {
      expect(await failureOf(sendSms(message, jsonSettings(url)))).toEqual({ outcome: "permanent", reason: "The SMS provider answered HTTP 403: sender AcmeShop is not registered" });
    });
    await withHttpReceiver(json(500, { error: "database unavailable" }), async (url) => {
      expect(await failureOf(sendSms(message, jsonSettings(url)))).toEqual({ outcome: "retryable", reason: "The SMS provider answered HTTP 500: database unavailable" });
    });
  });

  it("takes no id as null: receipts then name the message by its reference", async () => {
    await withHttpReceiver((res) => res.writeHead(204).end(), async (url) => {
      expect(await smsChannel.send(message, jsonSettings(url))).toEqual({ providerMessageId: null, providerResponse: "HTTP 204" });
    });
  });
});

describe("SMS channel: who is reached", () => {
  it("needs SMS consent and addresses the customer's phone in E.164", () => {
    expect(smsChannel.consentField).toBe("smsConsent");
    const customer = { externalId: "c-1", email: null, emailConsent: false, smsConsent: true, pushConsent: false };
    expect(smsChannel.address({ ...customer, phone: "+44 (0)7700 900-123" })).toBe("+447700900123");
    expect(smsChannel.address({ ...customer, phone: "+44 7700 900123" })).toBe("+447700900123");
    expect(smsChannel.address({ ...customer, phone: "07700 900123" })).toBeNull();
    expect(smsChannel.address({ ...customer, phone: null })).toBeNull();
  });
});
