"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { addMemberAction, changeRoleAction, removeMemberAction } from "./actions";

const ROLES = [
  { value: "ADMIN", label: "Admin", hint: "everything, including users, API keys and settings" },
  { value: "MARKETER", label: "Marketer", hint: "segments and campaigns, data import" },
  { value: "ANALYST", label: "Analyst", hint: "dashboards, customers, segments; sends nothing" },
] as const;
type RoleValue = (typeof ROLES)[number]["value"];

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: RoleValue;
  since: string;
}

export function MembersPanel({ slug, members, currentUserId }: { slug: string; members: MemberView[]; currentUserId: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    const result = await addMemberAction(slug, {
      email: String(data.get("email") ?? ""),
      name: String(data.get("name") ?? ""),
      role: String(data.get("role") ?? ""),
      password: String(data.get("password") ?? ""),
    });
    setBusy(false);
    setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
    const added = (email: string, createdAccount: boolean) =>
      createdAccount
        ? `${email} was added with a new account. Give them their initial password in person or by another channel.`
        : `${email} already had an account and was added; they sign in with their own password.`;
    setMessage(result.ok ? { ok: true, text: added(result.data.email, result.data.createdAccount) } : { ok: false, text: result.error });
    if (result.ok) form.reset();
  }

  async function change(select: HTMLSelectElement, member: MemberView) {
    const result = await changeRoleAction(slug, { userId: member.userId, role: select.value });
    // A refused change (e.g. the last admin) must not leave the picker showing a role the server kept.
    if (!result.ok) select.value = member.role;
    setMessage(result.ok ? { ok: true, text: "Role changed." } : { ok: false, text: result.error });
  }

  async function remove(member: MemberView) {
    if (!window.confirm(`Remove ${member.email} from this workspace?`)) return;
    const result = await removeMemberAction(slug, { userId: member.userId });
    setMessage(result.ok ? { ok: true, text: `${member.email} was removed.` } : { ok: false, text: result.error });
  }

  return (
    <div className="space-y-6">
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`rounded-md px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
          {message.text}
        </p>
      ) : null}
      <Table caption="Members">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Member since</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => (
            <tr key={m.userId}>
              <Td className="font-medium">
                {m.name}
                {m.userId === currentUserId ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
              </Td>
              <Td>{m.email}</Td>
              <Td>
                <select
                  aria-label={`Role of ${m.email}`}
                  defaultValue={m.role}
                  onChange={(e) => void change(e.currentTarget, m)}
                  className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                >
                  {ROLES.map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </Td>
              <Td>{m.since.slice(0, 10)}</Td>
              <Td className="text-right">
                <Button variant="ghost" onClick={() => void remove(m)} aria-label={`Remove ${m.email}`}>
                  Remove
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>

      <form onSubmit={add} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-2" noValidate>
        <h2 className="text-sm font-semibold md:col-span-2">Add a person</h2>
        {(
          [
            ["name", "Name", "text", "name"],
            ["email", "Email", "email", "off"],
            ["password", "Initial password (12+ characters, not a common password; only for someone without an account yet)", "password", "new-password"],
          ] as const
        ).map(([name, label, type, autoComplete]) => (
          <label key={name} className="block">
            <span className="text-sm text-slate-700">{label}</span>
            <input name={name} type={type} autoComplete={autoComplete} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
            {fieldErrors[name] ? <span className="mt-1 block text-xs text-red-700">{fieldErrors[name]}</span> : null}
          </label>
        ))}
        <label className="block">
          <span className="text-sm text-slate-700">Role</span>
          <select name="role" defaultValue="ANALYST" className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm">
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label} — {r.hint}
              </option>
            ))}
          </select>
        </label>
        <div className="md:col-span-2">
          <Button type="submit" disabled={busy}>
            {busy ? "Adding…" : "Add to workspace"}
          </Button>
        </div>
      </form>
    </div>
  );
}
