import type { SmsSettings } from "../settings.ts";
import { stringField, type ProviderAnswer, type ProviderForm } from "../provider-api/provider-form.ts";
import type { SmsMessage } from "./sms-message.ts";

/**
 * Twilio's error codes that say the recipient's number cannot take an SMS:
 * 21211 invalid 'To' number, 21217 not a valid phone number, 21612 not
 * reachable by SMS (a landline), 21614 not a mobile number, 21610 the
 * recipient replied STOP. Sending to it again will not work: a hard bounce.
 * Other codes (21408 region not enabled, 20003 authentication) are the
 * account's or the settings' fault, not the address's.
 */
export const TWILIO_INVALID_NUMBER_CODES = new Set([21211, 21217, 21610, 21612, 21614]);

function refusalCode(json: unknown): number | null {
  const code = stringField(json, "code");
  return code !== null && /^\d+$/.test(code) ? Number(code) : null;
}

/**
 * Twilio's Messages API: POST <url>/Accounts/<AccountSid>/Messages.json,
 * form-encoded To, From and Body, HTTP basic auth with the account SID and
 * the auth token; the answer's `sid` is the message's id, which delivery
 * receipts name. Twilio itself ignores the Idempotency-Key header (gateways
 * speaking its API may honour it).
 */
export const twilioForm: ProviderForm<SmsMessage, SmsSettings> = {
  name: "Twilio",
  request(message, settings) {
    const { url, accountSid, from } = settings.config;
    const credentials = Buffer.from(`${accountSid ?? ""}:${settings.apiToken.reveal()}`).toString("base64");
    return {
      url: `${url.replace(/\/+$/, "")}/Accounts/${encodeURIComponent(accountSid ?? "")}/Messages.json`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", Authorization: `Basic ${credentials}` },
      body: new URLSearchParams({ To: message.to, From: from, Body: message.text }).toString(),
    };
  },
  accepted: (answer: ProviderAnswer) => stringField(answer.json, "sid"),
  refusal(answer) {
    const code = refusalCode(answer.json);
    const text = stringField(answer.json, "message");
    const detail = text ? `${text}${code !== null ? ` (Twilio error ${code})` : ""}` : code !== null ? `Twilio error ${code}` : null;
    return { detail, addressRejected: code !== null && TWILIO_INVALID_NUMBER_CODES.has(code) };
  },
};
