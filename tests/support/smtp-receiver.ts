import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/** One mail as the receiving server got it. */
export interface ReceivedMail {
  raw: string;
  /** The Message-ID header's value, angle brackets included. */
  messageId: string | null;
  /** Envelope recipients. */
  to: string[];
}

/** A real SMTP server on an ephemeral port, run by the test; the product's nodemailer pool talks to it. */
export interface SmtpReceiver {
  port: number;
  /** Each accepted message, raw (headers and body). */
  messages: string[];
  /** Envelope recipients of each accepted message. */
  recipients: string[][];
  /** The same messages with their Message-ID and recipients read out. */
  mails: ReceivedMail[];
  closedConnections: number;
  stop(): Promise<void>;
}

export interface SmtpReceiverOptions extends Partial<SMTPServerOptions> {
  /** An SMTP reply code to refuse this recipient with (e.g. 550 for good, 451 for now), or null to accept. */
  refuseRecipient?: (address: string) => number | null;
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const { refuseRecipient, ...serverOptions } = options;
  const receiver = { messages: [] as string[], recipients: [] as string[][], mails: [] as ReceivedMail[], closedConnections: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // The product's pool keeps connections open; stopping the receiver should not wait for them.
    closeTimeout: 100,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const code = refuseRecipient?.(address.address) ?? null;
      if (code === null) return callback();
      callback(Object.assign(new Error(code >= 500 ? "No such user here" : "Try again later"), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const to = session.envelope.rcptTo.map((r) => r.address);
        receiver.messages.push(raw);
        receiver.recipients.push(to);
        receiver.mails.push({ raw, messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? null, to });
        callback();
      });
    },
    onClose() {
      receiver.closedConnections++;
    },
    ...serverOptions,
  });
  // A sender that dies mid-conversation resets its connection; that is the sender's failure to report, not the receiver's.
  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "ECONNRESET") console.error("smtp receiver:", err.message);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(receiver, { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** The header block of a raw message, folded lines unfolded, for matching one header per line. */
export function headerBlock(raw: string): string {
  return raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
}
