/**
 * Why a message was not sent (skipped, failed) or is waiting (deferred). The
 * codes are stored on message rows and events; the labels are what screens show.
 */
export const MESSAGE_REASONS = {
  no_consent: "The customer has not consented to this channel.",
  no_address: "The customer has no usable address on this channel.",
  suppressed: "The address is on the suppression list.",
  frequency_cap: "The workspace's frequency cap was reached for this customer.",
  quiet_hours: "Deferred until the customer's quiet hours end.",
  local_time: "Waiting for the scheduled time in the customer's time zone.",
  expired: "It waited past the campaign's expiry and was dropped.",
  retrying: "The provider asked to try again later.",
  retries_exhausted: "The provider kept refusing; no more retries.",
  rejected: "The provider refused it permanently.",
  render_failed: "The template could not be rendered for this customer.",
  channel_not_configured: "The channel has no settings in this workspace.",
  archived: "The campaign was archived before it was sent.",
  global_control: "The customer is in the workspace's global control group, held out of every campaign that is not exempt.",
  control_group: "Held out as this campaign's control group: not sent, so the campaign's effect can be measured.",
  not_eligible_again: "The customer already received this campaign within its re-eligibility period.",
} as const;

export type MessageReason = keyof typeof MESSAGE_REASONS;
