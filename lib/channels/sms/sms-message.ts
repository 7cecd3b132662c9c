import type { MessageEnvelope } from "../channel.ts";

/** One SMS: the rendered text, to the number `address()` gave (E.164). */
export interface SmsMessage extends MessageEnvelope {
  text: string;
}

/** The longest text providers take as one (concatenated) message: ten GSM-7 parts. */
export const SMS_MAX_CHARS = 1_600;
