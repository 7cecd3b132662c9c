"use server";

import { headers } from "next/headers";
import { changePassword } from "@/lib/auth/change-password";
import { changePasswordSchema } from "@/lib/auth/change-password.schema";
import { clientAddress } from "@/lib/auth/client-address";
import { workspaceAction } from "@/lib/next/workspace-action";

// Any member may change their own password, from any workspace they belong to.
export const changePasswordAction = workspaceAction("workspace.read", changePasswordSchema, async (input, access) => {
  await changePassword(access.userId, input, clientAddress(await headers()));
  return { ok: true };
});
