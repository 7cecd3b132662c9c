import type { ApiKeyPrincipal } from "../../auth/api-keys.ts";
import type { CampaignActor } from "../campaign-record.ts";

/**
 * The actor an API key is on campaigns. Its scopes decide which routes it
 * reaches (read, write, send); on those it acts as a marketer would: it
 * creates, edits, launches, pauses, resumes and archives, and it never
 * approves. An approval is a person's sign-off, so in a workspace whose
 * contact policy requires one, a key's launch of a campaign no admin has
 * approved is refused exactly like a marketer's, and a key's launch never
 * counts as the approval an admin's launch does.
 */
export function apiKeyActor(principal: Pick<ApiKeyPrincipal, "apiKeyId">): CampaignActor {
  return { userId: null, apiKeyId: principal.apiKeyId, role: "MARKETER" };
}
