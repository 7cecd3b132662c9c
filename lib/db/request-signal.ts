import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The abort signal of the HTTP request being served, for code that cannot be
 * handed one (a server component has no request object). The production
 * server (lib/next/production-server.ts) runs each request inside
 * `runWithRequestSignal`, and aborts the signal when the client goes away
 * before the answer was sent; reads that pass `currentRequestSignal()` to
 * `withTransaction` then cancel their statement instead of running on for
 * nobody.
 */
const requestSignal = new AsyncLocalStorage<AbortSignal>();

export function runWithRequestSignal<T>(signal: AbortSignal, fn: () => T): T {
  return requestSignal.run(signal, fn);
}

/** The current request's signal, or undefined outside a request (workers, scripts, tests). */
export function currentRequestSignal(): AbortSignal | undefined {
  return requestSignal.getStore();
}
