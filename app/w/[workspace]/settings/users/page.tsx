import type { Metadata } from "next";
import Link from "next/link";
import { pageAccess } from "@/lib/next/page-access";
import { listMembers } from "@/lib/workspaces/members";
import { PageHeader } from "@/components/ui/page-header";
import { MembersPanel } from "./members-panel";

export const metadata: Metadata = { title: "Users and roles" };

export default async function UsersPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "users.manage");
  const members = await listMembers(access.workspace.id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${slug}/settings`} className="text-brand-600 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader title="Users and roles" description={`Who can use ${access.workspace.name}, and what each role may do. A workspace always keeps at least one admin.`} />
      <MembersPanel
        slug={slug}
        currentUserId={access.userId}
        members={members.map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role, since: m.since.toISOString() }))}
      />
    </>
  );
}
