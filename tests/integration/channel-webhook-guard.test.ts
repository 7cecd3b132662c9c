import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { describe, expect, it } from "vitest";
import { channelSettingsInputSchema } from "../../lib/channels/channel-settings.schema.ts";
import { saveChannelSettings, type WebhookSettings } from "../../lib/channels/settings.ts";
import { classifyWebhookError } from "../../lib/channels/webhook/classify-webhook-error.ts";
import { sendWebhook } from "../../lib/channels/webhook/send-webhook.ts";
import { webhookNetworkPolicy, type HostLookup, type WebhookNetworkPolicy } from "../../lib/channels/webhook/webhook-target.ts";
import { SecretValue } from "../../lib/crypto/secret-value.ts";
import { db } from "../../lib/db/client.ts";
import { startHttpReceiver } from "../support/http-receiver.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

/**
 * The webhook network policy (SSRF guard). This run allows private networks
 * (tests/support/setup-env.ts), so each test passes the policy it checks;
 * host names are answered by the test's own lookup, as a DNS server would.
 */
const signingSecret = "whsec_guard-test-0123456789abcdefghijkl";

const DNS: Record<string, string[]> = {
  "loopback.hooks.test": ["127.0.0.1"],
  "loopback6.hooks.test": ["::1"],
  "private10.hooks.test": ["10.20.30.40"],
  "private172.hooks.test": ["172.20.0.5"],
  "private192.hooks.test": ["192.168.0.10"],
  "ula.hooks.test": ["fd00:ec2::254"],
  "metadata.hooks.test": ["169.254.169.254"],
  "linklocal6.hooks.test": ["fe80::1"],
  "unspecified.hooks.test": ["0.0.0.0"],
  "multicast.hooks.test": ["224.0.0.251"],
  "mapped.hooks.test": ["::ffff:10.0.0.1"],
  // One public and one private answer: the host is not a public receiver.
  "mixed.hooks.test": ["93.184.215.14", "10.0.0.7"],
  "public.hooks.test": ["93.184.215.14"],
};

const dnsLookup: HostLookup = async (hostname) => {
  const addresses = DNS[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

const guarded: WebhookNetworkPolicy = { allowPrivateNetworks: false, lookup: dnsLookup };

/** Each refused place, by name and by address, and the words the refusal must use. */
const REFUSED: [string, RegExp][] = [
  ["https://loopback.hooks.test/in", /resolves to 127\.0\.0\.1, which is a loopback address/],
  ["https://loopback6.hooks.test/in", /resolves to ::1, which is a loopback address/],
  ["https://private10.hooks.test/in", /10\.20\.30\.40, which is a private network address \(RFC 1918\)/],
  ["https://private172.hooks.test/in", /172\.20\.0\.5, which is a private network address/],
  ["https://private192.hooks.test/in", /192\.168\.0\.10, which is a private network address/],
  ["https://ula.hooks.test/in", /fd00:ec2::254, which is a private network address \(unique local/],
  ["https://metadata.hooks.test/latest/meta-data", /169\.254\.169\.254, which is a link-local address/],
  ["https://linklocal6.hooks.test/in", /fe80::1, which is a link-local address/],
  ["https://unspecified.hooks.test/in", /0\.0\.0\.0, which is an unspecified address/],
  ["https://multicast.hooks.test/in", /224\.0\.0\.251, which is a multicast address/],
  ["https://mapped.hooks.test/in", /10\.0\.0\.1, which is a private network address/],
  ["https://mixed.hooks.test/in", /10\.0\.0\.7, which is a private network address/],
  ["https://127.0.0.1:8443/in", /127\.0\.0\.1 is a loopback address/],
  ["https://[::1]/in", /::1 is a loopback address/],
  ["https://169.254.169.254/latest/meta-data/iam", /169\.254\.169\.254 is a link-local address/],
  ["https://0x7f.1/in", /127\.0\.0\.1 is a loopback address/],
  ["https://2130706433/in", /127\.0\.0\.1 is a loopback address/],
  ["https://[::ffff:169.254.169.254]/in", /::ffff:a9fe:a9fe \(169\.254\.169\.254\) is a link-local address/],
  ["http://public.hooks.test/in", /Use an https:\/\/ URL/],
];

function settingsFor(url: string, timeoutMs = 2000): WebhookSettings {
  return { channel: "webhook", workspaceId: 1, version: "v", config: { url, timeoutMs }, signingSecret: new SecretValue(signingSecret) };
}

const message = { idempotencyKey: "msg-guard-1", to: "cust-1", event: "campaign.message", data: { n: 1 } };

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, "the send should have failed").toBeDefined();
  return classifyWebhookError(error);
}

describe("webhook network policy", () => {
  it("refuses at save, on the url field, every URL that reaches a non-public address or is not https, and saves nothing", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "ADMIN");
    for (const [url, words] of REFUSED) {
      const input = channelSettingsInputSchema.parse({ channel: "webhook", url, signingSecret });
      const error = await saveChannelSettings(ws.id, admin.id, input, { webhookNetwork: guarded }).catch((err: unknown) => err);
      expect(error, url).toMatchObject({ code: "VALIDATION", details: [{ path: "url", message: expect.stringMatching(words) }] });
    }
    const unknownHost = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url: "https://nowhere.hooks.test/", signingSecret }), { webhookNetwork: guarded }).catch(
      (err: unknown) => err,
    );
    expect(unknownHost).toMatchObject({ code: "VALIDATION", details: [{ path: "url", message: "Could not look up nowhere.hooks.test (ENOTFOUND): check the host name." }] });
    expect(await db.channelSettings.count({ where: { workspaceId: ws.id } })).toBe(0);

    const saved = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url: "https://public.hooks.test/in", signingSecret }), { webhookNetwork: guarded });
    expect(saved).toMatchObject({ channel: "webhook", config: { url: "https://public.hooks.test/in" } });
  });

  it("refuses at send time, after resolving the host, as a permanent failure that names the address; nothing is connected to", async () => {
    for (const [url, words] of REFUSED) {
      expect(await failureOf(sendWebhook(message, settingsFor(url), { network: guarded })), url).toEqual({ outcome: "permanent", reason: expect.stringMatching(words) });
    }
    // A receiver really listening on loopback, reached by name and by address: no connection is made.
    const receiver = await startHttpReceiver((res) => res.writeHead(200).end());
    try {
      const byName: WebhookNetworkPolicy = { allowPrivateNetworks: false, lookup: async () => [{ address: "127.0.0.1", family: 4 }] };
      expect(await failureOf(sendWebhook(message, settingsFor(`https://rebound.hooks.test:${receiver.port}/in`), { network: byName }))).toMatchObject({ outcome: "permanent" });
      expect(await failureOf(sendWebhook(message, settingsFor(receiver.url()), { network: guarded }))).toMatchObject({ outcome: "permanent", reason: expect.stringMatching(/https:\/\//) });
      expect(receiver.connections).toBe(0);
    } finally {
      await receiver.stop();
    }
  });

  it("lets http:// and private addresses through when WEBHOOK_ALLOW_PRIVATE_NETWORKS is true", async () => {
    // tests/support/setup-env.ts sets the variable for this run; the default policy reads it.
    expect(webhookNetworkPolicy().allowPrivateNetworks).toBe(true);
    const receiver = await startHttpReceiver((res) => res.writeHead(204).end());
    try {
      const result = await sendWebhook(message, settingsFor(receiver.url()));
      expect(result.providerResponse).toBe("HTTP 204");
      expect(receiver.received).toHaveLength(1);

      const ws = await createWorkspace();
      const admin = await createUser(ws.id, "ADMIN");
      const saved = await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url: receiver.url(), signingSecret }));
      expect(saved).toMatchObject({ channel: "webhook", config: { url: receiver.url() } });
    } finally {
      await receiver.stop();
    }
  });

  it("connects to the address it checked: a lookup that answers differently the second time is never asked again", async () => {
    const first = await startHttpReceiver((res) => res.writeHead(200, { "x-request-id": "first" }).end());
    // The same port on another loopback address: where a second lookup would lead.
    const second = await startHttpReceiver((res) => res.writeHead(200, { "x-request-id": "second" }).end(), { host: "127.0.0.2", port: first.port });
    let calls = 0;
    const rebinding: HostLookup = async () => [{ address: calls++ === 0 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
    try {
      const result = await sendWebhook(message, settingsFor(`http://rebinding.hooks.test:${first.port}/in`), { network: { allowPrivateNetworks: true, lookup: rebinding } });
      expect(result.providerMessageId).toBe("first");
      expect(calls).toBe(1);
      expect(first.received).toHaveLength(1);
      // The receiver is addressed by the URL's name, not by the address connected to.
      expect(first.received[0]!.headers.host).toBe(`rebinding.hooks.test:${first.port}`);
      expect(second.connections).toBe(0);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it("with the guard on, a host that passes the check and then resolves to loopback is not reached", async () => {
    const receiver = await startHttpReceiver((res) => res.writeHead(200).end());
    let calls = 0;
    // Public first (passes the check), loopback after: a second lookup at connect time would reach the receiver.
    const rebinding: HostLookup = async () => [{ address: calls++ === 0 ? "198.51.100.7" : "127.0.0.1", family: 4 }];
    try {
      const failure = await failureOf(sendWebhook(message, settingsFor(`https://rebinding.hooks.test:${receiver.port}/in`, 1000), { network: { allowPrivateNetworks: false, lookup: rebinding } }));
      expect(failure.outcome).toBe("retryable");
      expect(calls).toBe(1);
      expect(receiver.connections).toBe(0);
    } finally {
      await receiver.stop();
    }
  });

  it("names the URL's host in the TLS handshake (SNI) while connecting to the checked address", async () => {
    const names: string[] = [];
    // No certificate: the handshake stops once the server has read the name the client asked for.
    const server = tls.createServer({
      SNICallback: (name, callback) => {
        names.push(name);
        callback(new Error("no certificate in this test"));
      },
    });
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const pinned: WebhookNetworkPolicy = { allowPrivateNetworks: true, lookup: async () => [{ address: "127.0.0.1", family: 4 }] };
      await failureOf(sendWebhook(message, settingsFor(`https://receiver.hooks.test:${port}/in`), { network: pinned }));
      expect(names).toEqual(["receiver.hooks.test"]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
