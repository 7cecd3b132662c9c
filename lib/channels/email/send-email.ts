import nodemailer, { type Transporter } from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";
import { z } from "zod";
import { assertIdempotencyKey, UndeliverableMessageError, type MessageEnvelope, type SendResult } from "../channel.ts";
import type { EmailSettings } from "../settings.ts";
import { openSmtpSocket } from "./smtp-socket.ts";

export interface EmailMessage extends MessageEnvelope {
  subject: string;
  html: string;
  text: string;
  /**
   * HTTPS endpoint that unsubscribes this recipient on a POST without further
   * steps (RFC 8058). Every message to a customer has one; null only for a
   * message to the workspace's own people (a channel test), which nobody
   * subscribed to.
   */
  unsubscribeUrl: string | null;
}

interface PooledTransport {
  version: string;
  transporter: Transporter;
}

// One pool per workspace, for the settings version it was opened with. A save
// changes the version; the next send closes the old pool (connections busy
// with a message finish it first) and opens one with the new settings.
const transports = new Map<number, PooledTransport>();

function transportFor(settings: EmailSettings): Transporter {
  const open = transports.get(settings.workspaceId);
  if (open?.version === settings.version) return open.transporter;
  open?.transporter.close();
  const { config, password } = settings;
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: config.connections,
    maxMessages: 100,
    getSocket: openSmtpSocket(config.host, config.port, 10_000),
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    auth: config.username && password ? { user: config.username, pass: password.reveal() } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Message content comes from templates: it must never make the sender read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  transports.set(settings.workspaceId, { version: settings.version, transporter });
  return transporter;
}

/** Closes every pool (worker shutdown, tests). */
export function closeEmailTransports(): void {
  for (const { transporter } of transports.values()) transporter.close();
  transports.clear();
}

const emailAddress = z.email();

export async function sendEmail(message: EmailMessage, settings: EmailSettings): Promise<SendResult> {
  assertIdempotencyKey(message.idempotencyKey);
  // One address only: a string with a comma would otherwise be read as a list of recipients.
  if (!emailAddress.safeParse(message.to).success) throw new UndeliverableMessageError("The recipient is not a single email address.");
  let unsubscribe: URL | null = null;
  if (message.unsubscribeUrl !== null) {
    unsubscribe = URL.canParse(message.unsubscribeUrl) ? new URL(message.unsubscribeUrl) : null;
    // RFC 8058 asks for https; plain http is accepted only for this machine's own address (a server run locally for development).
    const loopback = unsubscribe?.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(unsubscribe.hostname);
    if (!unsubscribe || (unsubscribe.protocol !== "https:" && !loopback)) throw new UndeliverableMessageError("unsubscribeUrl must be an https:// URL (RFC 8058 one-click unsubscribe).");
  }

  const { config } = settings;
  const senderDomain = config.fromAddress.slice(config.fromAddress.lastIndexOf("@") + 1);
  const mail: Mail.Options = {
    from: { name: config.fromName, address: config.fromAddress },
    to: { name: "", address: message.to },
    replyTo: config.replyTo ?? undefined,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.idempotencyKey}@${senderDomain}>`,
    headers: unsubscribe
      ? {
          "List-Unsubscribe": `<${unsubscribe.href}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
      : {},
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  // Built whole before it is handed to the connection: streamed part by part,
  // each header and encoded line became a socket write of its own, and those
  // writes were the largest cost of sending (BENCHMARKS.md, campaign sending).
  const raw = await new MailComposer(mail).compile().build();
  const info = await transportFor(settings).sendMail({ envelope: { from: config.fromAddress, to: [message.to] }, raw, messageId: mail.messageId });
  return {
    providerMessageId: typeof info.messageId === "string" ? info.messageId : null,
    // The server's reply to the message ("250 2.0.0 Ok: queued as …").
    providerResponse: typeof info.response === "string" ? info.response.slice(0, 200) : undefined,
  };
}
