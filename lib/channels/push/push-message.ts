import type { MessageEnvelope } from "../channel.ts";

/** What a push notification shows, and the data the app receives with it. */
export interface PushContent {
  /** Null: the app's name stands as the title. */
  title: string | null;
  body: string;
  data: Record<string, unknown>;
}

/** One push notification, to the customer's external id (`address()`): the provider knows its devices by it. */
export interface PushMessage extends MessageEnvelope, PushContent {}

export const PUSH_LIMITS = { titleChars: 250, bodyChars: 4_000 } as const;

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  return value === null ? "null" : `a ${typeof value}`;
}

/**
 * A push template renders to a JSON object per customer
 * (lib/campaigns/templates); these of its fields make the notification:
 * `body` (text, required), `title` (text, optional) and `data` (an object,
 * optional, handed to the app). Other fields are not sent. A payload that
 * cannot make a notification is this customer's render failure, named here.
 */
export function pushContentFromPayload(payload: Record<string, unknown>): { ok: true; content: PushContent } | { ok: false; error: string } {
  const { title = null, body, data = {} } = payload;
  if (typeof body !== "string" || body.trim() === "") {
    return { ok: false, error: body === undefined ? 'The push payload has no "body": give it the notification\'s text.' : `The push payload's "body" must be text, not ${kindOf(body)}${typeof body === "string" ? " (it is empty)" : ""}.` };
  }
  if (title !== null && typeof title !== "string") return { ok: false, error: `The push payload's "title" must be text, not ${kindOf(title)}.` };
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { ok: false, error: `The push payload's "data" must be an object ({ … }), not ${kindOf(data)}.` };
  if ([...body].length > PUSH_LIMITS.bodyChars) return { ok: false, error: `The push body is limited to ${PUSH_LIMITS.bodyChars} characters.` };
  if (title !== null && [...title].length > PUSH_LIMITS.titleChars) return { ok: false, error: `The push title is limited to ${PUSH_LIMITS.titleChars} characters.` };
  return { ok: true, content: { title: title === null || title.trim() === "" ? null : title, body, data: data as Record<string, unknown> } };
}
