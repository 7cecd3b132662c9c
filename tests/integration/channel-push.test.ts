import { describe, expect, it } from "vitest";
import type { PushConfig } from "../../lib/channels/channel-settings.schema.ts";
import { customerTopic } from "../../lib/channels/push/fcm-form.ts";
import { pushChannel } from "../../lib/channels/push/push-channel.ts";
import { pushContentFromPayload } from "../../lib/channels/push/push-message.ts";
import { sendPush } from "../../lib/channels/push/send-push.ts";
import type { PushSettings } from "../../lib/channels/settings.ts";
import { SecretValue } from "../../lib/crypto/secret-value.ts";
import { withHttpReceiver } from "../support/http-receiver.ts";

/**
 * The push channel against real local HTTP servers playing OneSignal and an
 * FCM HTTP v1 endpoint: the exact request each receives, and how each
 * answer is classified.
 */
const APP_ID = "5eb5a37e-b458-11e3-ac11-000c2940e62c";
const REST_KEY = "onesignal-rest-key-never-shown";
const ACCESS_TOKEN = "fcm-access-token-never-shown";

function settingsFor(url: string, config: Partial<PushConfig> = {}): PushSettings {
  const onesignal = (config.provider ?? "onesignal") === "onesignal";
  return {
    channel: "push",
    workspaceId: 1,
    version: "v",
    config: { provider: "onesignal", url, appId: onesignal ? APP_ID : null, topicPrefix: "user-", timeoutMs: 5000, ...config },
    apiToken: new SecretValue(onesignal ? REST_KEY : ACCESS_TOKEN),
    callbackSecret: new SecretValue("rcsec_push-channel-test-0123456789abcdef"),
  };
}

const message = { idempotencyKey: "msg-push-7", to: "cust-1001", title: "Your basket misses you", body: "Ada, the shoes are back in your size.", data: { deeplink: "shop://basket", discount: 15, tags: ["vip"] } };

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return (res: import("node:http").ServerResponse) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, "the send should have failed").toBeDefined();
  return pushChannel.classify(error);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("push channel: OneSignal's form", () => {
  it("posts a notification for the customer's external id to /notifications with the REST key, and takes its id", async () => {
    await withHttpReceiver(json(200, { id: "b98881cc-1e94-4366-bbd9-db8f3429292b", external_id: null }), async (url, received) => {
      const result = await pushChannel.send(message, settingsFor(url.replace("/hooks/valueloop", "/api")));
      expect(result.providerMessageId).toBe("b98881cc-1e94-4366-bbd9-db8f3429292b");
      const request = received[0]!;
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/api/notifications");
      expect(request.headers.authorization).toBe(`Key ${REST_KEY}`);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["idempotency-key"]).toBe("msg-push-7");
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(body).toEqual({
        app_id: APP_ID,
        include_aliases: { external_id: ["cust-1001"] },
        target_channel: "push",
        headings: { en: "Your basket misses you" },
        contents: { en: "Ada, the shoes are back in your size." },
        data: { deeplink: "shop://basket", discount: 15, tags: ["vip"] },
        idempotency_key: expect.stringMatching(UUID),
      });
    });
  });

  it("gives a message the same idempotency_key every time it is sent, and another message another", async () => {
    await withHttpReceiver(json(200, { id: "n-1" }), async (url, received) => {
      await pushChannel.send(message, settingsFor(url));
      await pushChannel.send(message, settingsFor(url));
      await pushChannel.send({ ...message, idempotencyKey: "msg-push-8" }, settingsFor(url));
      const keys = received.map((r) => (JSON.parse(r.body) as { idempotency_key: string }).idempotency_key);
      expect(keys[0]).toBe(keys[1]);
      expect(keys[2]).not.toBe(keys[0]);
    });
  });

  it("leaves out the heading when the payload has no title, and data when it has none", async () => {
    await withHttpReceiver(json(200, { id: "n-2" }), async (url, received) => {
      await pushChannel.send({ ...message, title: null, data: {} }, settingsFor(url));
      const body = JSON.parse(received[0]!.body) as Record<string, unknown>;
      expect(body).not.toHaveProperty("headings");
      expect(body).not.toHaveProperty("data");
      expect(body.contents).toEqual({ en: message.body });
    });
  });

  it("calls an answer without an id (no subscribed device) permanent, without rejecting the address", async () => {
    await withHttpReceiver(json(200, { id: "", errors: { invalid_aliases: { external_id: ["cust-1001"] } } }), async (url) => {
      expect(await failureOf(sendPush(message, settingsFor(url)))).toEqual({ outcome: "permanent", reason: "OneSignal answered HTTP 200: No subscribed device has this external id." });
    });
    await withHttpReceiver(json(200, { id: "", errors: ["All included players are not subscribed"] }), async (url) => {
      expect(await failureOf(sendPush(message, settingsFor(url)))).toEqual({ outcome: "permanent", reason: "OneSignal answered HTTP 200: All included players are not subscribed" });
    });
  });

  it("calls 429 (with Retry-After) and 5xx retryable, and 400 permanent in OneSignal's words", async () => {
    await withHttpReceiver(json(429, { errors: ["API rate limit exceeded"] }, { "retry-after": "7" }), async (url) => {
      expect(await failureOf(sendPush(message, settingsFor(url)))).toEqual({ outcome: "retryable", retryAfterMs: 7000, reason: "OneSignal answered HTTP 429: API rate limit exceeded" });
    });
    await withHttpReceiver(json(500, { errors: ["Internal Server Error"] }), async (url) => {
      expect(await failureOf(sendPush(message, settingsFor(url)))).toMatchObject({ outcome: "retryable" });
    });
    await withHttpReceiver(json(400, { errors: ["app_id not found. You may be missing a Content-Type: application/json header."] }), async (url) => {
      const failure = await failureOf(sendPush(message, settingsFor(url)));
      expect(failure).toEqual({ outcome: "permanent", reason: "OneSignal answered HTTP 400: app_id not found. You may be missing a Content-Type: application/json header." });
      expect(JSON.stringify(failure)).not.toContain(REST_KEY);
    });
  });
});

describe("push channel: the FCM HTTP v1 form", () => {
  const fcm = (url: string) => settingsFor(url, { provider: "fcm", topicPrefix: "shop-user-" });

  it("posts { message: { topic, notification, data } } with the bearer token; data values travel as strings; the name is the id", async () => {
    await withHttpReceiver(json(200, { name: "projects/acme/messages/0:1500415314455276%31bd1c9631bd1c96" }), async (url, received) => {
      const result = await pushChannel.send({ ...message, to: "Ada Lovelace/42" }, fcm(url));
      expect(result.providerMessageId).toBe("projects/acme/messages/0:1500415314455276%31bd1c9631bd1c96");
      const request = received[0]!;
      expect(request.url).toBe("/hooks/valueloop");
      expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(JSON.parse(request.body)).toEqual({
        message: {
          topic: "shop-user-Ada%20Lovelace%2F42",
          notification: { title: "Your basket misses you", body: "Ada, the shoes are back in your size." },
          data: { deeplink: "shop://basket", discount: "15", tags: '["vip"]' },
        },
      });
    });
  });

  it("encodes every character outside FCM's topic alphabet, so any external id makes a valid topic", () => {
    const topic = customerTopic("u-", "josé+ü@x.com~_-.");
    expect(topic).toBe("u-jos%C3%A9%2B%C3%BC%40x.com~_-.");
    expect(topic).toMatch(/^[a-zA-Z0-9\-_.~%]{1,900}$/);
    // Different ids never share a topic.
    expect(customerTopic("u-", "a b")).not.toBe(customerTopic("u-", "a%20b"));
  });

  it("reads FCM's error body: QUOTA_EXCEEDED retryable after Retry-After, INVALID_ARGUMENT permanent", async () => {
    const quota = { error: { code: 429, message: "Quota exceeded for quota metric", status: "RESOURCE_EXHAUSTED", details: [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "QUOTA_EXCEEDED" }] } };
    await withHttpReceiver(json(429, quota, { "retry-after": "60" }), async (url) => {
      expect(await failureOf(sendPush(message, fcm(url)))).toEqual({ outcome: "retryable", retryAfterMs: 60_000, reason: "FCM answered HTTP 429: Quota exceeded for quota metric (QUOTA_EXCEEDED)" });
    });
    const invalid = { error: { code: 400, message: "Invalid value at 'message.data[0].value'", status: "INVALID_ARGUMENT" } };
    await withHttpReceiver(json(400, invalid), async (url) => {
      expect(await failureOf(sendPush(message, fcm(url)))).toEqual({ outcome: "permanent", reason: "FCM answered HTTP 400: Invalid value at 'message.data[0].value' (INVALID_ARGUMENT)" });
    });
  });
});

describe("push content from a rendered payload", () => {
  it("takes title, body and data, and names what is missing or of the wrong kind", () => {
    expect(pushContentFromPayload({ title: "Hi", body: "Back in stock", data: { sku: "A1" }, ignored: 1 })).toEqual({ ok: true, content: { title: "Hi", body: "Back in stock", data: { sku: "A1" } } });
    expect(pushContentFromPayload({ body: "Only a body" })).toEqual({ ok: true, content: { title: null, body: "Only a body", data: {} } });
    expect(pushContentFromPayload({ title: "No body" })).toEqual({ ok: false, error: expect.stringContaining('no "body"') });
    expect(pushContentFromPayload({ body: "  " })).toEqual({ ok: false, error: expect.stringContaining("it is empty") });
    expect(pushContentFromPayload({ body: 42 })).toEqual({ ok: false, error: expect.stringContaining("must be text, not a number") });
    expect(pushContentFromPayload({ body: "x", data: ["a"] })).toEqual({ ok: false, error: expect.stringContaining('"data" must be an object') });
  });

  it("needs push consent and addresses the customer by external id", () => {
    expect(pushChannel.consentField).toBe("pushConsent");
    expect(pushChannel.address({ externalId: "cust-1001", email: null, phone: null, emailConsent: false, smsConsent: false, pushConsent: true })).toBe("cust-1001");
  });
});
