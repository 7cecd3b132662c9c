import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { channelSettingsInputSchema, type ChannelSettingsInput } from "../../lib/channels/channel-settings.schema.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import { sendTestMessage } from "../../lib/channels/send-test-message.ts";
import { saveChannelSettings } from "../../lib/channels/settings.ts";
import { TEST_MESSAGES_PER_MINUTE } from "../../lib/channels/test-message-rate-limit.ts";
import { db } from "../../lib/db/client.ts";
import { startHttpReceiver } from "../support/http-receiver.ts";
import { headerBlock, startSmtpReceiver } from "../support/smtp-receiver.ts";
import { createUser, createWorkspace } from "../support/factories.ts";

const smtpPassword = "relay-Pa55word-never-shown";
const signingSecret = "whsec_test-message-0123456789abcdefghij";

afterAll(() => closeEmailTransports());

async function adminWorkspace() {
  const ws = await createWorkspace({ name: "Acme <Shop>" });
  const admin = await createUser(ws.id, "ADMIN");
  return { ws, admin };
}

function emailSettings(port: number, overrides: Partial<Record<string, unknown>> = {}): ChannelSettingsInput {
  return channelSettingsInputSchema.parse({
    channel: "email",
    host: "127.0.0.1",
    port,
    security: "none",
    username: "relay-user",
    password: smtpPassword,
    fromName: "Acme Shop",
    fromAddress: "news@shop.example",
    replyTo: "help@shop.example",
    ...overrides,
  });
}

/** An SMTP server that takes only the stored user name and password. */
function loginReceiver(acceptedPassword: string) {
  return startSmtpReceiver({
    authOptional: false,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "relay-user" && auth.password === acceptedPassword) callback(null, { user: auth.username });
      // A server that repeats what it was sent: the password must still not reach the page.
      else callback(Object.assign(new Error(`Authentication failed for ${auth.username}/${auth.password}`), { responseCode: 535 }));
    },
  });
}

async function testAudits(workspaceId: number) {
  return db.auditLog.findMany({ where: { workspaceId, action: "settings.channel.test" }, select: { actorUserId: true, targetId: true, metadata: true }, orderBy: { id: "asc" } });
}

describe("send a test message", () => {
  it("email: the SMTP server receives it from the saved sender with the saved reply-to, addressed to the admin unless told otherwise, and it is audited", async () => {
    const { ws, admin } = await adminWorkspace();
    const receiver = await loginReceiver(smtpPassword);
    try {
      await saveChannelSettings(ws.id, admin.id, emailSettings(receiver.port));
      const result = await sendTestMessage(ws.id, admin.id, { channel: "email" });
      expect(result).toMatchObject({ outcome: "sent", channel: "email", to: admin.email, providerMessageId: expect.stringMatching(/^<test-[0-9a-f-]+@shop\.example>$/) });
      expect(result.outcome === "sent" && result.providerResponse).toMatch(/^250 /);
      expect(receiver.recipients).toEqual([[admin.email]]);
      const headers = headerBlock(receiver.messages[0]!);
      expect(headers).toMatch(/^From: Acme Shop <news@shop\.example>$/im);
      expect(headers).toMatch(/^Reply-To: help@shop\.example$/im);
      expect(headers).toMatch(/^Subject: ValueLoop test message$/im);
      // Nobody subscribed to a test message: it offers no unsubscribe.
      expect(headers).not.toMatch(/^List-Unsubscribe/im);
      // The workspace's name is the admin's text, escaped in the HTML part.
      expect(receiver.messages[0]).toContain("Acme &#60;Shop&#62;");

      const other = await sendTestMessage(ws.id, admin.id, { channel: "email", to: "ops@shop.example" });
      expect(other).toMatchObject({ outcome: "sent", to: "ops@shop.example" });
      expect(receiver.recipients[1]).toEqual(["ops@shop.example"]);
      // Each test has its own key, so no receiver mistakes the second for a repeat of the first.
      expect(other.outcome === "sent" && other.providerMessageId).not.toBe(result.outcome === "sent" && result.providerMessageId);

      const audits = await testAudits(ws.id);
      expect(audits).toEqual([
        { actorUserId: admin.id, targetId: "email", metadata: expect.objectContaining({ channel: "email", to: admin.email, outcome: "sent" }) },
        { actorUserId: admin.id, targetId: "email", metadata: expect.objectContaining({ to: "ops@shop.example", outcome: "sent" }) },
      ]);
      expect(JSON.stringify(audits)).not.toContain(smtpPassword);
    } finally {
      await receiver.stop();
    }
  });

  it("email with a wrong stored password: a permanent failure naming the login, with the password kept out of the answer and the audit", async () => {
    const { ws, admin } = await adminWorkspace();
    const receiver = await loginReceiver("the-password-the-server-wants");
    try {
      await saveChannelSettings(ws.id, admin.id, emailSettings(receiver.port));
      const result = await sendTestMessage(ws.id, admin.id, { channel: "email" });
      expect(result).toEqual({ outcome: "permanent", channel: "email", to: admin.email, reason: expect.stringMatching(/^The SMTP server refused the user name or password: 535/) });
      expect(JSON.stringify(result)).not.toContain(smtpPassword);
      expect(JSON.stringify(result)).toContain("[redacted]");
      expect(receiver.messages).toHaveLength(0);
      const audits = await testAudits(ws.id);
      expect(audits).toHaveLength(1);
      expect(audits[0]!.metadata).toMatchObject({ outcome: "permanent" });
      expect(JSON.stringify(audits)).not.toContain(smtpPassword);
    } finally {
      await receiver.stop();
    }
  });

  it("email to a server that is not there: a retryable failure saying it could not be reached", async () => {
    const { ws, admin } = await adminWorkspace();
    const gone = await startSmtpReceiver();
    await gone.stop();
    await saveChannelSettings(ws.id, admin.id, emailSettings(gone.port, { username: null, password: null }));
    expect(await sendTestMessage(ws.id, admin.id, { channel: "email" })).toEqual({
      outcome: "retryable",
      channel: "email",
      to: admin.email,
      reason: expect.stringMatching(/^Could not reach the SMTP server \(E[A-Z]+\)\.$/),
    });
  });

  it("email to a server that accepts the connection and never speaks: given up within the test's time limit, as retryable", async () => {
    const { ws, admin } = await adminWorkspace();
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      await saveChannelSettings(ws.id, admin.id, emailSettings((silent.address() as AddressInfo).port, { username: null, password: null }));
      const result = await sendTestMessage(ws.id, admin.id, { channel: "email" }, { emailTimeoutMs: 500 });
      expect(result).toMatchObject({ outcome: "retryable", reason: "Could not reach the SMTP server (ETIMEDOUT)." });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("webhook: the receiver gets a signed POST with event test, and the admin sees its HTTP status", async () => {
    const { ws, admin } = await adminWorkspace();
    const receiver = await startHttpReceiver((res) => res.writeHead(202, { "x-request-id": "rcv-test-1" }).end());
    try {
      await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url: receiver.url(), signingSecret, timeoutMs: 2000 }));
      const result = await sendTestMessage(ws.id, admin.id, { channel: "webhook" });
      expect(result).toEqual({ outcome: "sent", channel: "webhook", to: null, providerMessageId: "rcv-test-1", providerResponse: "HTTP 202" });
      expect(receiver.received).toHaveLength(1);
      const { headers, body } = receiver.received[0]!;
      const payload = JSON.parse(body) as { id: string; event: string; data: { workspace: string } };
      expect(payload).toMatchObject({ event: "test", data: { workspace: ws.slug } });
      expect(headers["idempotency-key"]).toBe(payload.id);
      // Verified the way a receiver would, with the secret the admin gave it.
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers["x-valueloop-signature"])) ?? [];
      expect(timingSafeEqual(createHmac("sha256", signingSecret).update(`${t}.${body}`).digest(), Buffer.from(v1 ?? "", "hex"))).toBe(true);
      expect((await testAudits(ws.id))[0]!.metadata).toMatchObject({ channel: "webhook", outcome: "sent", detail: "HTTP 202" });
    } finally {
      await receiver.stop();
    }
  });

  it("webhook: a refusal, a receiver that never answers, and a URL that now resolves into a private network, each classified", async () => {
    const { ws, admin } = await adminWorkspace();
    const refusing = await startHttpReceiver((res) => res.writeHead(410).end());
    const silent = await startHttpReceiver(() => undefined);
    const save = (url: string) => saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url, signingSecret, timeoutMs: 1000 }));
    try {
      await save(refusing.url());
      expect(await sendTestMessage(ws.id, admin.id, { channel: "webhook" })).toMatchObject({ outcome: "permanent", reason: "Webhook receiver answered HTTP 410." });
      await save(silent.url());
      expect(await sendTestMessage(ws.id, admin.id, { channel: "webhook" })).toMatchObject({ outcome: "retryable", reason: "Webhook receiver did not answer in time." });
      await save("https://hooks.shop.example/in");
      const rebound = { allowPrivateNetworks: false, lookup: async () => [{ address: "10.0.0.8", family: 4 }] };
      expect(await sendTestMessage(ws.id, admin.id, { channel: "webhook" }, { webhookNetwork: rebound })).toMatchObject({
        outcome: "permanent",
        reason: expect.stringContaining("hooks.shop.example resolves to 10.0.0.8, which is a private network address"),
      });
    } finally {
      await refusing.stop();
      await silent.stop();
    }
  });

  it("refuses a channel whose settings were never saved, and sends nothing", async () => {
    const { ws, admin } = await adminWorkspace();
    await expect(sendTestMessage(ws.id, admin.id, { channel: "webhook" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Save the webhook settings first") });
    expect(await testAudits(ws.id)).toEqual([]);
  });

  it("lets only the workspace's admins send; marketers and analysts are refused and an outsider finds no workspace", async () => {
    const { ws, admin } = await adminWorkspace();
    const receiver = await startHttpReceiver((res) => res.writeHead(200).end());
    try {
      await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url: receiver.url(), signingSecret }));
      for (const role of ["MARKETER", "ANALYST"] as const) {
        const member = await createUser(ws.id, role);
        await expect(sendTestMessage(ws.id, member.id, { channel: "webhook" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      const other = await createWorkspace();
      const outsider = await createUser(other.id, "ADMIN");
      await expect(sendTestMessage(ws.id, outsider.id, { channel: "webhook" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(receiver.received).toHaveLength(0);
      expect(await testAudits(ws.id)).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it(`allows ${TEST_MESSAGES_PER_MINUTE} test messages a minute per workspace; the next is refused before anything is sent, and other workspaces are unaffected`, async () => {
    const receiver = await startHttpReceiver((res) => res.writeHead(200).end());
    try {
      const a = await adminWorkspace();
      const b = await adminWorkspace();
      for (const { ws, admin } of [a, b]) await saveChannelSettings(ws.id, admin.id, channelSettingsInputSchema.parse({ channel: "webhook", url: receiver.url(), signingSecret }));
      for (let i = 0; i < TEST_MESSAGES_PER_MINUTE; i++) expect(await sendTestMessage(a.ws.id, a.admin.id, { channel: "webhook" })).toMatchObject({ outcome: "sent" });
      await expect(sendTestMessage(a.ws.id, a.admin.id, { channel: "webhook" })).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/10 test messages a minute; try again in \d+ s/) });
      expect(receiver.received).toHaveLength(TEST_MESSAGES_PER_MINUTE);
      expect(await testAudits(a.ws.id)).toHaveLength(TEST_MESSAGES_PER_MINUTE);
      expect(await sendTestMessage(b.ws.id, b.admin.id, { channel: "webhook" })).toMatchObject({ outcome: "sent" });
    } finally {
      await receiver.stop();
    }
  });
});
