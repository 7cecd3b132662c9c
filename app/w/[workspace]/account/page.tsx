import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/next/page-access";
import { pageSignedInUser } from "@/lib/next/page-session";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  await pageAccess(slug, "workspace.read");
  // Read with the session check for this request; pageAccess has redirected when there is no current session.
  const user = (await pageSignedInUser())!;
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${user.name} (${user.email}).`} />
      <ChangePasswordForm slug={slug} />
    </>
  );
}
