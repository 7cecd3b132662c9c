import { createHash } from "node:crypto";
import type { PushSettings } from "../settings.ts";
import { ProviderRefusalError } from "../provider-api/provider-refusal.ts";
import { objectField, stringField, type ProviderAnswer, type ProviderForm } from "../provider-api/provider-form.ts";
import type { PushMessage } from "./push-message.ts";

/** ValueLoop's namespace for name-based UUIDs (RFC 9562 version 5). */
const NAMESPACE = Buffer.from("6f3a1c2e9b4d4f7a8e215c0d7b9a3e41", "hex");

/**
 * OneSignal takes only a UUID as `idempotency_key`: the message's key, made
 * into a version 5 UUID, so every retry of the message carries the same one.
 */
export function idempotencyUuid(key: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(key, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `errors` as OneSignal gives it: a list of sentences, or an object such as `{ invalid_aliases: { external_id: [...] } }`. */
function errorsOf(json: unknown): string | null {
  if (typeof json !== "object" || json === null) return null;
  const errors = (json as Record<string, unknown>).errors;
  if (Array.isArray(errors)) return errors.filter((e): e is string => typeof e === "string").join("; ") || null;
  if (objectField(json, "errors")?.invalid_aliases) return "No subscribed device has this external id.";
  return errors === undefined ? null : JSON.stringify(errors).slice(0, 200);
}

/**
 * OneSignal's Create Notification API: POST <url>/notifications with
 * `Authorization: Key <REST API key>` and `{ app_id, include_aliases: {
 * external_id: [<external id>] }, target_channel: "push", headings,
 * contents, data, idempotency_key }`. The answer's `id` is the
 * notification's id; an answer without one (200 with `errors`) means no
 * device of this customer is subscribed: nothing was sent, and nothing will
 * be until one is, so it is a permanent failure, but not a bounce (the
 * customer may install the app later).
 */
export const oneSignalForm: ProviderForm<PushMessage, PushSettings> = {
  name: "OneSignal",
  request(message, settings) {
    const { url, appId } = settings.config;
    return {
      url: `${url.replace(/\/+$/, "")}/notifications`,
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Key ${settings.apiToken.reveal()}` },
      body: JSON.stringify({
        app_id: appId,
        include_aliases: { external_id: [message.to] },
        target_channel: "push",
        ...(message.title === null ? {} : { headings: { en: message.title } }),
        contents: { en: message.body },
        ...(Object.keys(message.data).length > 0 ? { data: message.data } : {}),
        idempotency_key: idempotencyUuid(message.idempotencyKey),
      }),
    };
  },
  accepted(answer: ProviderAnswer) {
    const id = stringField(answer.json, "id");
    if (id) return id;
    throw new ProviderRefusalError("OneSignal", answer.status, { detail: errorsOf(answer.json) ?? "No notification was created." });
  },
  refusal: (answer) => ({ detail: errorsOf(answer.json), addressRejected: false }),
};
