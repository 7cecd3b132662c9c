"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { signOut } from "next-auth/react";
import { cx } from "@/components/ui/cx";
import { WorkspaceSwitcher, type WorkspaceOption } from "./workspace-switcher";

export interface SidebarProps {
  workspaceSlug: string;
  workspaces: WorkspaceOption[];
  items: { label: string; href: string }[];
  userLabel: string;
  roleLabel: string;
}

export function Sidebar({ workspaceSlug, workspaces, items, userLabel, roleLabel }: SidebarProps) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const base = `/w/${workspaceSlug}`;

  const isActive = (href: string) => (href === base ? pathname === base : pathname === href || pathname.startsWith(`${href}/`));

  return (
    <>
      <div className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 lg:hidden">
        <span className="font-bold text-brand-700">ValueLoop</span>
        <button
          type="button"
          aria-expanded={open}
          aria-controls="sidebar-nav"
          onClick={() => setOpen((v) => !v)}
          className="rounded-md border border-slate-300 px-3 py-1 text-sm"
        >
          {open ? "Close" : "Menu"}
        </button>
      </div>
      <aside
        id="sidebar-nav"
        className={cx(
          "w-full shrink-0 border-r border-slate-200 bg-white lg:sticky lg:top-0 lg:block lg:h-screen lg:w-60",
          open ? "block" : "hidden",
        )}
      >
        <div className="flex h-full flex-col">
          <div className="hidden px-5 pt-5 text-lg font-bold text-brand-700 lg:block">ValueLoop</div>
          <div className="px-3 pt-4">
            <WorkspaceSwitcher current={workspaceSlug} workspaces={workspaces} />
          </div>
          <nav aria-label="Main" className="mt-4 flex-1 space-y-0.5 overflow-y-auto px-3">
            {items.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                onClick={() => setOpen(false)}
                aria-current={isActive(item.href) ? "page" : undefined}
                className={cx(
                  "block rounded-md px-3 py-2 text-sm font-medium",
                  isActive(item.href) ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
                )}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="border-t border-slate-200 p-4 text-sm">
            <div className="truncate font-medium" title={userLabel}>
              {userLabel}
            </div>
            <div className="text-xs text-slate-500">{roleLabel}</div>
            <Link
              href={`${base}/account`}
              onClick={() => setOpen(false)}
              aria-current={isActive(`${base}/account`) ? "page" : undefined}
              className="mt-2 mr-3 inline-block text-xs font-medium text-brand-600 hover:underline"
            >
              Your account
            </Link>
            <button
              type="button"
              onClick={() => void signOut({ callbackUrl: "/signin" })}
              className="mt-2 text-xs font-medium text-brand-600 hover:underline"
            >
              Sign out
            </button>
          </div>
        </div>
      </aside>
    </>
  );
}
