import net from "node:net";

/**
 * Opens the TCP connection for nodemailer's pool with Nagle's algorithm off.
 * SMTP is a conversation of small writes (MAIL, RCPT, the body's last line);
 * with Nagle on, each message waits for the server's delayed ACK (~40 ms),
 * which held a pooled connection to about 20 messages a second. nodemailer
 * then starts TLS on this socket itself (implicit TLS or STARTTLS, per settings).
 */
export function openSmtpSocket(host: string, port: number, timeoutMs: number) {
  return (_options: unknown, callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void): void => {
    const socket = net.connect({ host, port, noDelay: true });
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      callback(err);
    };
    const timer = setTimeout(() => fail(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" })), timeoutMs);
    socket.once("error", fail);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("error", fail);
      callback(null, { connection: socket });
    });
  };
}
