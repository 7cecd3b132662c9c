"use client";

import { useRouter } from "next/navigation";

export interface WorkspaceOption {
  slug: string;
  name: string;
}

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: WorkspaceOption[] }) {
  const router = useRouter();
  return (
    <label className="block">
      <span className="sr-only">Workspace</span>
      <select
        aria-label="Workspace"
        value={current}
        onChange={(e) => router.push(`/w/${e.target.value}`)}
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-medium"
      >
        {workspaces.map((w) => (
          <option key={w.slug} value={w.slug}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}
