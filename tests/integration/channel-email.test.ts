import { afterAll, describe, expect, it } from "vitest";
import { SecretValue } from "../../lib/crypto/secret-value.ts";
import { emailChannel } from "../../lib/channels/email/email-channel.ts";
import { closeEmailTransports } from "../../lib/channels/email/send-email.ts";
import type { EmailSettings } from "../../lib/channels/settings.ts";
import { headerBlock, startSmtpReceiver } from "../support/smtp-receiver.ts";

let nextWorkspace = 1_000_000 + Math.floor(Math.random() * 1_000_000);

function settingsFor(port: number, overrides: Partial<EmailSettings["config"]> = {}, password: string | null = null): EmailSettings {
  return {
    channel: "email",
    workspaceId: nextWorkspace++,
    version: new Date().toISOString(),
    config: { host: "127.0.0.1", port, security: "none", username: null, fromName: "Acme Shop", fromAddress: "news@shop.example", replyTo: "help@shop.example", connections: 5, ...overrides },
    password: password === null ? null : new SecretValue(password),
  };
}

const message = {
  idempotencyKey: "msg-42.a1",
  to: "ada@customer.example",
  subject: "Your spring picks",
  html: "<p>Hello <b>Ada</b></p>",
  text: "Hello Ada",
  unsubscribeUrl: "https://app.valueloop.example/u/tok123",
};

async function sendFailure(settings: EmailSettings) {
  const error = await emailChannel.send(message, settings).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, "the send should have failed").toBeDefined();
  return emailChannel.classify(error);
}

afterAll(() => closeEmailTransports());

describe("email channel over SMTP", () => {
  it("delivers HTML and plain text with a Message-ID from the idempotency key and one-click unsubscribe headers", async () => {
    const receiver = await startSmtpReceiver();
    try {
      const result = await emailChannel.send(message, settingsFor(receiver.port));
      expect(result.providerMessageId).toBe("<msg-42.a1@shop.example>");
      expect(receiver.messages).toHaveLength(1);
      const raw = receiver.messages[0]!;
      const headers = headerBlock(raw);
      expect(headers).toMatch(/^Message-ID: <msg-42\.a1@shop\.example>$/im);
      expect(headers).toMatch(/^List-Unsubscribe: <https:\/\/app\.valueloop\.example\/u\/tok123>$/im);
      expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/im);
      expect(headers).toMatch(/^From: Acme Shop <news@shop\.example>$/im);
      expect(headers).toMatch(/^Reply-To: help@shop\.example$/im);
      expect(headers).toMatch(/^Content-Type: multipart\/alternative;/im);
      expect(raw).toMatch(/Content-Type: text\/plain[\s\S]*Hello Ada[\s\S]*Content-Type: text\/html[\s\S]*<b>Ada<\/b>/);
    } finally {
      await receiver.stop();
    }
  });

  it("logs in with the stored user name and password", async () => {
    const logins: string[] = [];
    const receiver = await startSmtpReceiver({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password}`);
        if (auth.password === "s3cret-pw") callback(null, { user: auth.username });
        else callback(new Error("Invalid credentials"));
      },
    });
    try {
      await emailChannel.send(message, settingsFor(receiver.port, { username: "relay-user" }, "s3cret-pw"));
      expect(logins).toEqual(["relay-user:s3cret-pw"]);
      expect(receiver.messages).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });

  it("calls a 451 answer retryable and a 550 answer permanent", async () => {
    const refusing = (responseCode: number) =>
      startSmtpReceiver({
        onRcptTo(_address, _session, callback) {
          callback(Object.assign(new Error(responseCode === 451 ? "Try again later" : "No such user"), { responseCode }));
        },
      });
    const deferring = await refusing(451);
    const rejecting = await refusing(550);
    try {
      expect(await sendFailure(settingsFor(deferring.port))).toMatchObject({ outcome: "retryable" });
      expect(await sendFailure(settingsFor(rejecting.port))).toMatchObject({ outcome: "permanent", reason: expect.stringContaining("550") });
    } finally {
      await deferring.stop();
      await rejecting.stop();
    }
  });

  it("calls an unreachable server retryable", async () => {
    const receiver = await startSmtpReceiver();
    const port = receiver.port;
    await receiver.stop();
    expect(await sendFailure(settingsFor(port))).toMatchObject({ outcome: "retryable" });
  });

  it("refuses, as permanent, a recipient that is a list and an unsubscribe link that is not https", async () => {
    const receiver = await startSmtpReceiver();
    try {
      const settings = settingsFor(receiver.port);
      for (const bad of [{ ...message, to: "a@x.example, b@y.example" }, { ...message, unsubscribeUrl: "http://app.example/u/1" }, { ...message, idempotencyKey: "bad key\r\nBcc: x" }]) {
        const error = await emailChannel.send(bad, settings).then(() => undefined, (err: unknown) => err);
        expect(emailChannel.classify(error)).toMatchObject({ outcome: "permanent" });
      }
      expect(receiver.messages).toHaveLength(0);
    } finally {
      await receiver.stop();
    }
  });

  it("closes the workspace's pooled connection when its settings change", async () => {
    const first = await startSmtpReceiver();
    const second = await startSmtpReceiver();
    try {
      const before = settingsFor(first.port);
      await emailChannel.send(message, before);
      await emailChannel.send({ ...message, idempotencyKey: "msg-43" }, before);
      // Both messages went over one pooled connection, still open.
      expect(first.messages).toHaveLength(2);
      expect(first.closedConnections).toBe(0);
      const after: EmailSettings = { ...before, version: `${before.version}-next`, config: { ...before.config, port: second.port } };
      await emailChannel.send({ ...message, idempotencyKey: "msg-44" }, after);
      expect(second.messages).toHaveLength(1);
      await expect.poll(() => first.closedConnections).toBe(1);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it("addresses customers with a usable email, and needs email consent", () => {
    const customer = { externalId: "c1", email: " ada@customer.example ", phone: null, emailConsent: true, smsConsent: false, pushConsent: false };
    expect(emailChannel.consentField).toBe("emailConsent");
    expect(emailChannel.address(customer)).toBe("ada@customer.example");
    expect(emailChannel.address({ ...customer, email: "not an address" })).toBeNull();
    expect(emailChannel.address({ ...customer, email: null })).toBeNull();
  });
});
