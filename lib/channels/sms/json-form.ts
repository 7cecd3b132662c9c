import type { SmsSettings } from "../settings.ts";
import { objectField, stringField, type ProviderAnswer, type ProviderForm } from "../provider-api/provider-form.ts";
import type { SmsMessage } from "./sms-message.ts";

/** The error code by which a provider in the JSON form says the number cannot take an SMS. */
export const JSON_INVALID_NUMBER_CODE = "invalid_number";

/** `{ "error": { "code", "message" } }`, `{ "code", "message" }` or `{ "error": "…" }`. */
function errorOf(json: unknown): { code: string | null; message: string | null } {
  const nested = objectField(json, "error");
  if (nested) return { code: stringField(nested, "code"), message: stringField(nested, "message") };
  return { code: stringField(json, "code"), message: stringField(json, "message") ?? stringField(json, "error") };
}

/** A short plain-text answer is the provider's own words; HTML (a proxy's error page) is not worth showing. */
function plainText(answer: ProviderAnswer): string | null {
  const type = answer.headers["content-type"] ?? "";
  const text = answer.body.trim();
  return type.startsWith("text/plain") && text !== "" ? text.slice(0, 200) : null;
}

/**
 * A provider (or a gateway of the workspace's own) that takes one JSON
 * request per message: POST <url> with `Authorization: Bearer <token>` and
 * `{ "to": "+447700900123", "from": "<sender>", "text": "…", "reference":
 * "<idempotency key>" }`. It answers 2xx with `{ "id": "…" }` (the id
 * receipts name; without one, receipts name the message by its reference),
 * and refuses a number it cannot reach with the error code `invalid_number`.
 */
export const jsonSmsForm: ProviderForm<SmsMessage, SmsSettings> = {
  name: "The SMS provider",
  request(message, settings) {
    return {
      url: settings.config.url,
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${settings.apiToken.reveal()}` },
      body: JSON.stringify({ to: message.to, from: settings.config.from, text: message.text, reference: message.idempotencyKey }),
    };
  },
  accepted: (answer) => stringField(answer.json, "id"),
  refusal(answer) {
    const { code, message } = errorOf(answer.json);
    const words = message ?? plainText(answer);
    const detail = words ? `${words}${code ? ` (${code})` : ""}` : code;
    return { detail, addressRejected: code === JSON_INVALID_NUMBER_CODE };
  },
};
