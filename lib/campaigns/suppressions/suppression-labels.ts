import type { SuppressionReason } from "../../db/generated/enums.ts";

/** How pages name each reason an address is on the list. */
export const SUPPRESSION_REASON_LABELS: Record<SuppressionReason, string> = {
  hard_bounce: "Hard bounce",
  complaint: "Spam complaint",
  unsubscribe: "Unsubscribed",
  manual: "Added by hand",
  imported: "Imported",
};

/**
 * Reasons whose removal can do harm: the address is known not to exist, or
 * its owner reported the messages as spam. Removing one needs a second,
 * informed confirmation; this text is what the page shows and what the
 * server answers when the confirmation is missing.
 */
export const REMOVAL_WARNINGS: Partial<Record<SuppressionReason, string>> = {
  hard_bounce:
    "This address bounced as undeliverable. Sending to it again will most likely bounce again, and repeated bounces hurt the sender reputation of every campaign. Remove it only if the address has been fixed.",
  complaint:
    "The owner of this address reported your messages as spam. Sending to them again risks your sender reputation and may break anti-spam law. Remove it only if they asked to hear from you again.",
};
