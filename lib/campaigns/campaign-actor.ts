import type { WorkspaceAccess } from "../auth/resolve-access.ts";
import type { CampaignActor } from "./campaign-record.ts";

/** A signed-in member acting on a campaign, with the role the server resolved for this workspace. */
export function memberActor(access: Pick<WorkspaceAccess, "userId" | "role">): CampaignActor {
  return { userId: access.userId, apiKeyId: null, role: access.role };
}
