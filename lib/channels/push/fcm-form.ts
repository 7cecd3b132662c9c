import type { PushSettings } from "../settings.ts";
import { objectField, stringField, type ProviderForm } from "../provider-api/provider-form.ts";
import type { PushMessage } from "./push-message.ts";

/**
 * The FCM topic of one customer: the prefix, then the external id with every
 * character outside FCM's topic alphabet (letters, digits, - _ . ~)
 * percent-encoded as UTF-8 bytes. The app subscribes each device a customer
 * signs in on to the same topic, computed the same way.
 */
export function customerTopic(prefix: string, externalId: string): string {
  const encoded = [...externalId]
    .map((ch) => (/^[A-Za-z0-9_.~-]$/.test(ch) ? ch : [...Buffer.from(ch, "utf8")].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("")))
    .join("");
  return `${prefix}${encoded}`;
}

/** FCM's data map carries strings only: other values travel as their JSON. */
function stringValues(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** FCM HTTP v1 errors: `{ error: { message, status, details: [{ errorCode }] } }`. */
function errorOf(json: unknown): { message: string | null; code: string | null } {
  const error = objectField(json, "error");
  if (!error) return { message: null, code: null };
  const details = Array.isArray(error.details) ? error.details : [];
  const code = details.map((d: unknown) => stringField(d, "errorCode")).find((c) => c !== null) ?? stringField(error, "status");
  return { message: stringField(error, "message"), code };
}

/**
 * An FCM HTTP v1 message: POST <url> (for Firebase itself,
 * https://fcm.googleapis.com/v1/projects/<project>/messages:send) with
 * `Authorization: Bearer <token>` and `{ message: { topic, notification:
 * { title, body }, data } }`. No device tokens are stored here, so the
 * message goes to the customer's own topic (customerTopic). The answer's
 * `name` is the message's id. Firebase takes OAuth 2.0 access tokens that
 * expire within the hour; a long-lived token suits a gateway in FCM's form.
 */
export const fcmForm: ProviderForm<PushMessage, PushSettings> = {
  name: "FCM",
  request(message, settings) {
    const notification = message.title === null ? { body: message.body } : { title: message.title, body: message.body };
    const data = Object.keys(message.data).length > 0 ? { data: stringValues(message.data) } : {};
    return {
      url: settings.config.url,
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${settings.apiToken.reveal()}` },
      body: JSON.stringify({ message: { topic: customerTopic(settings.config.topicPrefix, message.to), notification, ...data } }),
    };
  },
  accepted: (answer) => stringField(answer.json, "name"),
  refusal(answer) {
    const { message, code } = errorOf(answer.json);
    // A topic has no device to unregister: nothing FCM says here is about the customer's address.
    return { detail: message ? `${message}${code ? ` (${code})` : ""}` : code, addressRejected: false };
  },
};
