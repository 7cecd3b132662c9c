import type { GuardedPostAnswer } from "../webhook/guarded-post.ts";

/** A provider's answer, with its body read as JSON when it is JSON (else null). */
export interface ProviderAnswer extends GuardedPostAnswer {
  json: unknown;
}

export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * One provider's API shape: how a message becomes a request, and how the
 * answer is read. A channel has one form per kind of provider it speaks to
 * (lib/channels/sms/, lib/channels/push/); everything else about sending
 * (the network policy, the deadline, classification) is shared.
 */
export interface ProviderForm<Message, Settings> {
  /** How reasons name the provider: "Twilio", "The SMS provider". */
  name: string;
  request(message: Message, settings: Settings): ProviderRequest;
  /** The provider's id for the accepted message. Throws ProviderRefusalError when a 2xx answer still says nothing was sent. */
  accepted(answer: ProviderAnswer): string | null;
  /** The provider's words for a refusal, and whether they say the address cannot receive messages. */
  refusal(answer: ProviderAnswer): { detail: string | null; addressRejected: boolean };
}

/** A string field of a JSON object, or null. */
export function stringField(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" && field !== "" ? field : typeof field === "number" ? String(field) : null;
}

/** A nested object field of a JSON object, or null. */
export function objectField(value: unknown, key: string): Record<string, unknown> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "object" && field !== null && !Array.isArray(field) ? (field as Record<string, unknown>) : null;
}
