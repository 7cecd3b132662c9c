import { z } from "zod";
import type { SuppressionReason } from "../../db/generated/enums.ts";
import { CHANNEL_KINDS } from "../policy/channel-kind-names.ts";

/** Longest address kept: an email address is at most 320 characters, an external id 255. */
export const MAX_ADDRESS_CHARS = 320;
export const MAX_NOTE_CHARS = 500;

export const SUPPRESSION_REASONS = ["hard_bounce", "complaint", "unsubscribe", "manual", "imported"] as const satisfies readonly SuppressionReason[];

export const suppressionChannelSchema = z.enum(CHANNEL_KINDS, "Choose a channel: email, sms, push or webhook.");

const note = z
  .string("A note is text.")
  .trim()
  .max(MAX_NOTE_CHARS, `A note is at most ${MAX_NOTE_CHARS} characters.`)
  .nullish()
  .transform((value) => (value ? value : null));

/** An address typed by an admin; lib/campaigns/suppressions/suppression-address.ts checks and normalises it per channel. */
export const addSuppressionInputSchema = z.object({
  channel: suppressionChannelSchema,
  address: z.string("Enter the address to suppress.").max(MAX_ADDRESS_CHARS, `An address is at most ${MAX_ADDRESS_CHARS} characters.`),
  note,
});

/** A suppression as the list shows it (the stored, normalised address). */
export const removeSuppressionInputSchema = z.object({
  channel: suppressionChannelSchema,
  address: z.string().min(1, "Name the address to remove.").max(MAX_ADDRESS_CHARS, `An address is at most ${MAX_ADDRESS_CHARS} characters.`),
  /** Removing a hard bounce or a complaint needs this, after the page showed why it is risky. */
  confirmed: z.boolean().default(false),
});

export type AddSuppressionInput = z.input<typeof addSuppressionInputSchema>;
export type RemoveSuppressionInput = z.input<typeof removeSuppressionInputSchema>;
