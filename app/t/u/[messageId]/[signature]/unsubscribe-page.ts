import type { ConsentChannel } from "@/lib/campaigns/tracking/consent-changes";
import type { PreferencesView } from "@/lib/campaigns/tracking/unsubscribe";
import { html, publicPage } from "../../../public-page";

const CHANNEL_NAMES: Record<ConsentChannel, { messages: string; label: string }> = {
  email: { messages: "email", label: "Email" },
  sms: { messages: "text (SMS)", label: "Text messages (SMS)" },
  push: { messages: "push notification", label: "Push notifications" },
};

/** What the page says after a form was posted. */
export type PageNotice = "unsubscribed" | "preferences_saved" | null;

/**
 * The unsubscribe page: what unsubscribing stops (the message's channel,
 * from this workspace), one button to confirm, and each channel the customer
 * can be reached on as a checkbox. Both forms post back to the same signed URL.
 */
export function unsubscribePage(view: PreferencesView, notice: PageNotice): Response {
  const channel = view.channel;
  const subscribed = channel !== null && view.channels.some((c) => c.channel === channel && c.subscribed);
  const title = subscribed ? "Unsubscribe" : "Your preferences";
  const status =
    notice === "unsubscribed" && channel
      ? html`<p role="status">You are unsubscribed. You will no longer receive ${CHANNEL_NAMES[channel].messages} messages from ${view.workspaceName}.</p>`
      : notice === "preferences_saved"
        ? html`<p role="status">Your preferences are saved.</p>`
        : null;
  const confirm = subscribed
    ? html`<p>You will no longer receive ${CHANNEL_NAMES[channel].messages} messages from ${view.workspaceName}.</p>
<form method="post"><input type="hidden" name="action" value="unsubscribe"><button type="submit">Unsubscribe</button></form>`
    : channel && notice !== "unsubscribed"
      ? html`<p>You are not subscribed to ${CHANNEL_NAMES[channel].messages} messages from ${view.workspaceName}.</p>`
      : null;
  const preferences =
    view.channels.length > 0
      ? html`<h2>Choose what ${view.workspaceName} may send you</h2>
<form method="post"><input type="hidden" name="action" value="preferences">
${view.channels.map(
  (c) => html`<label><input type="checkbox" name="channel" value="${c.channel}"${c.subscribed ? html` checked` : null}> ${CHANNEL_NAMES[c.channel].label}</label>
`,
)}<button type="submit" class="secondary">Save preferences</button></form>
<p class="muted">Unticked channels are switched off. Email and text messages can be ticked again here at any time.</p>`
      : null;
  return publicPage(title, html`<h1>${title}</h1>${status}${confirm}${preferences}`);
}
