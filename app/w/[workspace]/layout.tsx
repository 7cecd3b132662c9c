import type { ReactNode } from "react";
import { can } from "@/lib/auth/permissions";
import { pageAccess } from "@/lib/next/page-access";
import { pageSignedInUser } from "@/lib/next/page-session";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { Sidebar } from "@/components/shell/sidebar";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "workspace.read");
  // Read by pageAccess for this request: this returns the same result without a query.
  const user = await pageSignedInUser();
  const items = NAV_ITEMS.filter((item) => can(access.role, item.action)).map((item) => ({
    label: item.label,
    href: `/w/${slug}${item.path}`,
  }));
  return (
    <div className="min-h-screen lg:flex">
      <Sidebar
        workspaceSlug={slug}
        workspaces={(user?.memberships ?? []).map((m) => ({ slug: m.workspace.slug, name: m.workspace.name }))}
        items={items}
        userLabel={user?.name ?? user?.email ?? ""}
        roleLabel={`${access.role.charAt(0)}${access.role.slice(1).toLowerCase()} · ${access.workspace.name}`}
      />
      <main className="min-w-0 flex-1 px-4 py-6 sm:px-8">{children}</main>
    </div>
  );
}
