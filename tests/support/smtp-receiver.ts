import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/** A real SMTP server on an ephemeral port, run by the test; the product's nodemailer pool talks to it. */
export interface SmtpReceiver {
  port: number;
  /** Each accepted message, raw (headers and body). */
  messages: string[];
  /** Envelope recipients of each accepted message. */
  recipients: string[][];
  closedConnections: number;
  stop(): Promise<void>;
}

export async function startSmtpReceiver(options: Partial<SMTPServerOptions> = {}): Promise<SmtpReceiver> {
  const receiver = { messages: [] as string[], recipients: [] as string[][], closedConnections: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // The product's pool keeps connections open; stopping the receiver should not wait for them.
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        receiver.messages.push(Buffer.concat(chunks).toString("utf8"));
        receiver.recipients.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
    onClose() {
      receiver.closedConnections++;
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(receiver, { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** The header block of a raw message, folded lines unfolded, for matching one header per line. */
export function headerBlock(raw: string): string {
  return raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
}
