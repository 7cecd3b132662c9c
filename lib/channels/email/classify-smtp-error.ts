import { UndeliverableMessageError, type SendFailure } from "../channel.ts";

// Failures to reach or talk to the server: the next attempt may well succeed.
const CONNECTION_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);

/**
 * SMTP reply classes (RFC 5321): 4xx is a transient refusal (greylisting, a
 * full mailbox, rate limits), 5xx a permanent one (no such user, policy).
 * Anything unrecognised is retried: attempts are bounded, a lost message is not.
 */
export function classifySmtpError(error: unknown): SendFailure {
  if (error instanceof UndeliverableMessageError) return { outcome: "permanent", reason: error.message };
  const e = (typeof error === "object" && error !== null ? error : {}) as { responseCode?: unknown; code?: unknown; response?: unknown };
  const reply = typeof e.response === "string" ? e.response.slice(0, 200) : "";
  // A refused login is the settings' fault, whatever reply code the server chose: retrying cannot fix it.
  if (e.code === "EAUTH") return { outcome: "permanent", reason: `The SMTP server refused the user name or password: ${reply || "authentication failed"}` };
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 500 && e.responseCode < 600) {
      // 550/551/553 to RCPT TO: no such mailbox. Other 5xx (policy, content) say nothing about the address.
      const addressRejected = e.code === "EENVELOPE" && [550, 551, 553].includes(e.responseCode);
      return { outcome: "permanent", reason: `SMTP server refused the message: ${reply || e.responseCode}`, ...(addressRejected ? { addressRejected } : {}) };
    }
    if (e.responseCode >= 400 && e.responseCode < 500) return { outcome: "retryable", reason: `SMTP server deferred the message: ${reply || e.responseCode}` };
  }
  if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return { outcome: "retryable", reason: `Could not reach the SMTP server (${e.code}).` };
  return { outcome: "retryable", reason: error instanceof Error ? error.message.slice(0, 200) : "Sending failed." };
}
