import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One mail as the receiving server got it. */
export interface ReceivedMail {
  raw: string;
  messageId: string | null;
  to: string[];
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  stop(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /** An SMTP reply code to refuse this recipient with (e.g. 550, 451), or null to accept. */
  refuseRecipient?: (address: string) => number | null;
}

/** A real SMTP server on an ephemeral port, run by the test; the product's nodemailer pool talks to it. */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const code = options.refuseRecipient?.(address.address) ?? null;
      if (code === null) return callback();
      const err = Object.assign(new Error(code >= 500 ? "No such user here" : "Try again later"), { responseCode: code });
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({ raw, messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? null, to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
