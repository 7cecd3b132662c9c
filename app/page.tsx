import { redirect } from "next/navigation";
import { pageSignedInUser } from "@/lib/next/page-session";

// The root sends a signed-in user to their first workspace.
export default async function Home() {
  const user = await pageSignedInUser();
  if (!user) redirect("/signin");
  const first = user.memberships[0];
  if (!first) {
    return (
      <main className="mx-auto max-w-lg p-10">
        <h1 className="text-xl font-semibold">No workspace yet</h1>
        <p className="mt-2 text-slate-600">
          Your account is not a member of any workspace. Ask a workspace admin to invite you, then sign in again.
        </p>
      </main>
    );
  }
  redirect(`/w/${first.workspace.slug}`);
}
