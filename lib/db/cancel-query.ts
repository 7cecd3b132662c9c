import net from "node:net";
import type pg from "pg";

/** Protocol code of a CancelRequest (PostgreSQL frontend/backend protocol, "Canceling Requests in Progress"). */
const CANCEL_REQUEST_CODE = 80877102;
const CANCEL_CONNECT_TIMEOUT_MS = 2_000;

interface ConnectedClient {
  processID?: number | null;
  secretKey?: number | null;
  host?: string;
  port?: number;
}

/**
 * Asks the server to cancel whatever `client` is running, over a short-lived
 * socket of its own: a CancelRequest needs no login and no pooled connection.
 * Cancelling through the pool (`SELECT pg_cancel_backend(...)`) needs a free
 * connection, and when every connection is held by a query waiting to be
 * cancelled, nothing ever frees one: the pool deadlocks.
 * Resolves once the request is sent (or could not be); never rejects.
 */
export function cancelRunningQuery(client: pg.PoolClient): Promise<void> {
  const { processID, secretKey, host, port } = client as unknown as ConnectedClient;
  if (typeof processID !== "number" || typeof secretKey !== "number") return Promise.resolve();
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  return new Promise((resolve) => {
    const socket =
      host && host.startsWith("/")
        ? net.createConnection({ path: `${host}/.s.PGSQL.${port ?? 5432}` })
        : net.createConnection({ host: host || "localhost", port: port ?? 5432 });
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(CANCEL_CONNECT_TIMEOUT_MS, done);
    socket.once("error", done);
    // The server closes the socket after reading the request.
    socket.once("close", done);
    socket.once("connect", () => socket.end(packet));
  });
}
