import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretValue } from "../../lib/crypto/secret-value.ts";
import type { WebhookSettings } from "../../lib/channels/settings.ts";
import { webhookChannel } from "../../lib/channels/webhook/webhook-channel.ts";
import { withHttpReceiver } from "../support/http-receiver.ts";

const signingSecret = "whsec_0123456789abcdef0123456789abcdef";

function settingsFor(url: string, timeoutMs = 5000): WebhookSettings {
  return { channel: "webhook", workspaceId: 1, version: "v", config: { url, timeoutMs }, signingSecret: new SecretValue(signingSecret) };
}

const message = { idempotencyKey: "msg-7001", to: "cust-88", event: "campaign.message", data: { campaignId: 12, subject: "Spring picks" } };

/** What a receiver does, written independently of the product's code. */
function signatureIsValid(header: string | string[] | undefined, body: string): boolean {
  const match = typeof header === "string" ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match) return false;
  const expected = createHmac("sha256", signingSecret).update(`${match[1]}.${body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(match[1])) < 300;
  return fresh && timingSafeEqual(expected, Buffer.from(match[2]!, "hex"));
}

async function failureOf(settings: WebhookSettings) {
  const error = await webhookChannel.send(message, settings).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, "the send should have failed").toBeDefined();
  return webhookChannel.classify(error);
}

describe("webhook channel", () => {
  it("posts signed JSON with an Idempotency-Key, and the receiver can verify the signature", async () => {
    await withHttpReceiver(
      (res) => res.writeHead(202, { "x-request-id": "rcv-1" }).end("ok"),
      async (url, received) => {
        const result = await webhookChannel.send(message, settingsFor(url));
        expect(result.providerMessageId).toBe("rcv-1");
        expect(received).toHaveLength(1);
        const { headers, body } = received[0]!;
        expect(headers["content-type"]).toBe("application/json");
        expect(headers["idempotency-key"]).toBe("msg-7001");
        expect(signatureIsValid(headers["x-valueloop-signature"], body)).toBe(true);
        expect(signatureIsValid(headers["x-valueloop-signature"], body.replace("Spring", "Autumn"))).toBe(false);
        expect(JSON.parse(body)).toEqual({ id: "msg-7001", event: "campaign.message", recipient: { externalId: "cust-88" }, data: { campaignId: 12, subject: "Spring picks" } });
      },
    );
  });

  it("calls 429 retryable, waiting as long as Retry-After says", async () => {
    await withHttpReceiver(
      (res) => res.writeHead(429, { "retry-after": "2" }).end(),
      async (url) => {
        expect(await failureOf(settingsFor(url))).toEqual({ outcome: "retryable", retryAfterMs: 2000, reason: expect.stringContaining("429") });
      },
    );
  });

  it("calls 503 with a Retry-After date retryable, with the delay until that date", async () => {
    await withHttpReceiver(
      (res) => res.writeHead(503, { "retry-after": new Date(Date.now() + 60_000).toUTCString() }).end(),
      async (url) => {
        const failure = await failureOf(settingsFor(url));
        expect(failure.outcome).toBe("retryable");
        const retryAfterMs = failure.outcome === "retryable" ? failure.retryAfterMs : undefined;
        expect(retryAfterMs).toBeGreaterThan(55_000);
        expect(retryAfterMs).toBeLessThanOrEqual(60_000);
      },
    );
  });

  it("calls 400 permanent, and a redirect permanent without following it", async () => {
    await withHttpReceiver(
      (res) => res.writeHead(400).end("bad payload"),
      async (url) => {
        expect(await failureOf(settingsFor(url))).toMatchObject({ outcome: "permanent", reason: expect.stringContaining("400") });
      },
    );
    await withHttpReceiver(
      (res) => res.writeHead(307, { location: "http://127.0.0.1:9/elsewhere" }).end(),
      async (url, received) => {
        expect(await failureOf(settingsFor(url))).toMatchObject({ outcome: "permanent" });
        expect(received).toHaveLength(1);
      },
    );
  });

  it("gives up on a receiver that never answers after the timeout, and calls it retryable", async () => {
    await withHttpReceiver(
      () => {
        // Never answers.
      },
      async (url, received) => {
        expect(await failureOf(settingsFor(url, 1000))).toEqual({ outcome: "retryable", reason: expect.stringMatching(/did not answer in time/) });
        expect(received).toHaveLength(1);
      },
    );
  });

  it("addresses every customer by external id and needs no customer consent", () => {
    expect(webhookChannel.consentField).toBeNull();
    expect(webhookChannel.address({ externalId: "cust-88", email: null, phone: null, emailConsent: false, smsConsent: false, pushConsent: false })).toBe("cust-88");
  });
});
