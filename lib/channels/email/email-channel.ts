import { z } from "zod";
import type { Channel } from "../channel.ts";
import type { EmailSettings } from "../settings.ts";
import { classifySmtpError } from "./classify-smtp-error.ts";
import { sendEmail, type EmailMessage } from "./send-email.ts";

const emailAddress = z.email();

export const emailChannel: Channel<EmailMessage, EmailSettings> = {
  kind: "email",
  consentField: "emailConsent",
  address(customer) {
    const email = customer.email?.trim();
    return email && emailAddress.safeParse(email).success ? email : null;
  },
  send: sendEmail,
  classify: classifySmtpError,
};
