"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { inviteUserAction, changeRoleAction } from "@/app/(dash)/admin/users/actions";

type TRole = "VIEWER" | "OPERATOR" | "ADMIN";
type TUser = { id: string; email: string; name: string; role: TRole; createdAt: string; lastSeenAt: string | null; activeTokens: number };
const ROLES: TRole[] = ["VIEWER", "OPERATOR", "ADMIN"];

export function UsersPanel({ users, meId }: { users: TUser[]; meId: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<TRole>("VIEWER");
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [invited, setInvited] = useState<{ email: string; password: string } | null>(null);
  const [rowError, setRowError] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();

  const invite = () => start(async () => {
    setError(null);
    const r = await inviteUserAction({ email, name, role });
    if (!r.ok) return setError(r.error);
    setInvited({ email: r.data.email, password: r.data.temporaryPassword });
    setEmail(""); setName(""); setRole("VIEWER");
    router.refresh();
  });
  const change = (userId: string, to: TRole) => start(async () => {
    const r = await changeRoleAction({ userId, role: to });
    setRowError((e) => ({ ...e, [userId]: r.ok ? "" : r.error.message }));
    router.refresh();
  });

  return (
    <div className="space-y-5">
      <form aria-label="Invite user" className="ff-card flex flex-wrap items-end gap-3 p-4" onSubmit={(e) => { e.preventDefault(); invite(); }}>
        <div className="w-full">
          <h2 className="text-sm font-semibold">Invite a teammate</h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">They get a temporary password, shown once below; give it to them yourself.</p>
        </div>
        <label className="w-64"><span className="ff-label">Email</span>
          <input className="ff-input h-8.5" type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={error?.field === "email"} required />
        </label>
        <label className="w-48"><span className="ff-label">Name</span>
          <input className="ff-input h-8.5" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error?.field === "name"} required maxLength={100} />
        </label>
        <label className="w-36"><span className="ff-label">Role</span>
          <select className="ff-input h-8.5" value={role} onChange={(e) => setRole(e.target.value as TRole)}>
            {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
          </select>
        </label>
        <Button type="submit" variant="primary" className="h-8.5!" disabled={pending || !email || !name}>Invite</Button>
        {error && <div className="w-full"><FormError message={error.message} /></div>}
        {invited && (
          <div role="status" data-testid="invited" className="w-full rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/60">
            <p className="font-medium text-emerald-900 dark:text-emerald-200">Invited {invited.email}. Give them this temporary password; it is shown only now.</p>
            <code data-testid="temp-password" className="mt-2 inline-block rounded bg-white px-2 py-1 font-mono text-sm dark:bg-zinc-900">{invited.password}</code>
          </div>
        )}
      </form>
      <div className="ff-card overflow-x-auto">
        <table className="ff-table" aria-label="Users">
          <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr><th className="px-3 py-2 font-medium">Name</th><th className="font-medium">Email</th><th className="font-medium">Role</th><th className="font-medium">Last sign-in</th><th className="font-medium">API tokens</th></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <td className="px-3 py-2 font-medium">{u.name}{u.id === meId && <span className="ml-1 text-xs text-zinc-500">(you)</span>}</td>
                <td className="text-zinc-600 dark:text-zinc-400">{u.email}</td>
                <td>
                  <select aria-label={`Role of ${u.email}`} className="ff-input w-32 py-1 text-xs" value={u.role} disabled={pending} onChange={(e) => change(u.id, e.target.value as TRole)}>
                    {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
                  </select>
                  {rowError[u.id] && <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">{rowError[u.id]}</p>}
                </td>
                <td className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400" title={u.lastSeenAt ?? undefined}>{u.lastSeenAt ? u.lastSeenAt.replace("T", " ").slice(0, 16) + " UTC" : "never"}</td>
                <td className="text-xs tabular-nums">{u.activeTokens}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
