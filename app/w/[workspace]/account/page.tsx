import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/db/client";
import { pageAccess } from "@/lib/next/page-access";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "workspace.read");
  const user = await db.user.findUniqueOrThrow({ where: { id: access.userId }, select: { name: true, email: true } });
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${user.name} (${user.email}).`} />
      <ChangePasswordForm slug={slug} />
    </>
  );
}
