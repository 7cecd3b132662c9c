import type { ChannelKind } from "../db/generated/enums.ts";

export type { ChannelKind };

/** What a channel needs to know about the customer it addresses. */
export interface ChannelCustomer {
  externalId: string;
  email: string | null;
  phone: string | null;
  emailConsent: boolean;
  smsConsent: boolean;
  pushConsent: boolean;
}

export type ConsentField = "emailConsent" | "smsConsent" | "pushConsent";

/** Fields every outgoing message carries, whatever the channel. */
export interface MessageEnvelope {
  /**
   * Stable for the message across retries (the message row's key): it becomes
   * the email's Message-ID and the webhook's Idempotency-Key, so a receiver
   * can drop a duplicate sent after a crash between sending and recording.
   */
  idempotencyKey: string;
  /** The address `address(customer)` gave. */
  to: string;
}

export interface SendResult {
  /** The id the provider knows the message by (for bounces and receipts), when it gives one. */
  providerMessageId: string | null;
  /** The provider's answer in a few words ("250 2.0.0 Ok: queued", "HTTP 202"), for people reading a log or a test result. */
  providerResponse?: string;
}

export type SendFailure =
  | { outcome: "retryable"; reason: string; /** When the receiver said how long to wait. */ retryAfterMs?: number }
  | { outcome: "permanent"; reason: string; /** The receiver said this address does not exist (a hard bounce): it goes on the suppression list. */ addressRejected?: boolean };

/**
 * One way of reaching a customer. A campaign asks the channel which consent
 * a customer must have given and where to send, then sends; when sending
 * throws, `classify` says whether trying again can help.
 */
export interface Channel<Message extends MessageEnvelope, Settings> {
  kind: ChannelKind;
  /** The customer flag that must be true before anything is sent; null when the channel reaches the workspace's own system, not the customer. */
  consentField: ConsentField | null;
  /** Where this customer is reached on this channel, or null when they cannot be. */
  address(customer: ChannelCustomer): string | null;
  send(message: Message, settings: Settings): Promise<SendResult>;
  classify(error: unknown): SendFailure;
}

/** Keys become header values and an email's Message-ID local part, so only plain characters are allowed. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Thrown by `send` for a message that can never be delivered as given (bad key, missing address). */
export class UndeliverableMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UndeliverableMessageError";
  }
}

export function assertIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new UndeliverableMessageError("idempotencyKey must be 1–200 letters, digits, '.', '_' or '-', starting with a letter or digit.");
  }
}
