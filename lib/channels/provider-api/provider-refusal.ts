/**
 * A provider's API answered and refused the message: not 2xx, or 2xx with
 * nothing sent (OneSignal answers 200 when no device of the user is
 * subscribed). The message is safe to show: the provider's own words, cut short.
 */
export class ProviderRefusalError extends Error {
  readonly status: number;
  /** How long the provider asked us to wait (Retry-After). */
  readonly retryAfterMs: number | undefined;
  /** The provider said the address does not exist or cannot receive messages: a hard bounce. */
  readonly addressRejected: boolean;
  /** The provider's answer in its own words, when it gave any. */
  readonly detail: string | null;

  constructor(provider: string, status: number, details: { detail?: string | null; retryAfterMs?: number; addressRejected?: boolean } = {}) {
    const detail = details.detail ? details.detail.slice(0, 300) : null;
    super(`${provider} answered HTTP ${status}${detail ? `: ${detail}` : "."}`);
    this.name = "ProviderRefusalError";
    this.status = status;
    this.retryAfterMs = details.retryAfterMs;
    this.addressRejected = details.addressRejected ?? false;
    this.detail = detail;
  }
}
