import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A real HTTP receiver run by the test; it records what arrived and answers as told. */
export interface Received {
  method: string;
  /** Path and query, as the request line gave them. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface HttpReceiver {
  port: number;
  received: Received[];
  /** TCP connections accepted, whether or not a request followed. */
  connections: number;
  /** `http://<host>:<port><path>` */
  url(path?: string): string;
  stop(): Promise<void>;
}

export async function startHttpReceiver(answer: (res: ServerResponse, req: Received) => void, listen: { host?: string; port?: number } = {}): Promise<HttpReceiver> {
  const host = listen.host ?? "127.0.0.1";
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      answer(res, request);
    });
  });
  const receiver = { connections: 0 };
  server.on("connection", () => receiver.connections++);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    port,
    received,
    url: (path = "/hooks/valueloop") => `http://${host}:${port}${path}`,
    stop() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** Runs `test` against a receiver that is stopped afterwards, whatever happens. */
export async function withHttpReceiver(answer: (res: ServerResponse, req: Received) => void, test: (url: string, received: Received[]) => Promise<void>): Promise<void> {
  const receiver = await startHttpReceiver(answer);
  try {
    await test(receiver.url(), receiver.received);
  } finally {
    await receiver.stop();
  }
}
