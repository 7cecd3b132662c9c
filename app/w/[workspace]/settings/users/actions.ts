"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/next/workspace-action";
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from "@/lib/workspaces/members.schema";
import { addMember, changeMemberRole, removeMember } from "@/lib/workspaces/members";

export const addMemberAction = workspaceAction("users.manage", addMemberSchema, async (input, access) => {
  const member = await addMember(access.workspace.id, access.userId, input);
  revalidatePath(`/w/${access.workspace.slug}/settings/users`);
  return { email: member.email, createdAccount: member.createdAccount };
});

export const changeRoleAction = workspaceAction("users.manage", changeRoleSchema, async (input, access) => {
  await changeMemberRole(access.workspace.id, access.userId, input.userId, input.role);
  revalidatePath(`/w/${access.workspace.slug}/settings/users`);
  return { ok: true };
});

export const removeMemberAction = workspaceAction("users.manage", removeMemberSchema, async (input, access) => {
  await removeMember(access.workspace.id, access.userId, input.userId);
  revalidatePath(`/w/${access.workspace.slug}/settings/users`);
  return { ok: true };
});
