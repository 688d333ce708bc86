"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { Badge } from "@/app/components/badge";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { inviteUserAction, changeRoleAction, setUserDisabledAction, deleteUserAction } from "@/app/(dash)/admin/users/actions";

type TRole = "VIEWER" | "OPERATOR" | "ADMIN";
type TUser = {
  id: string; email: string; name: string; role: TRole; createdAt: string; lastSeenAt: string | null; activeTokens: number;
  disabledAt: string | null; mustChangePassword: boolean; passwordExpiresAt: string | null;
};

/** Active / disabled / invited (temporary password not yet replaced, or expired). */
function StatusBadge({ u }: { u: TUser }) {
  if (u.disabledAt) return <Badge tone="red" title={`Disabled ${u.disabledAt.replace("T", " ").slice(0, 16)} UTC`}>disabled</Badge>;
  if (u.mustChangePassword) {
    const expired = u.passwordExpiresAt !== null && Date.parse(u.passwordExpiresAt) <= Date.now();
    return expired
      ? <Badge tone="amber" title="The temporary password expired unused. Delete and invite again.">invite expired</Badge>
      : <Badge tone="neutral" title={u.passwordExpiresAt ? `Temporary password valid until ${u.passwordExpiresAt.replace("T", " ").slice(0, 16)} UTC` : undefined}>invited</Badge>;
  }
  return <Badge tone="green">active</Badge>;
}
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
  const [confirm, setConfirm] = useState<{ user: TUser; kind: "disable" | "delete" } | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);

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

  const enable = (u: TUser) => start(async () => {
    const r = await setUserDisabledAction({ userId: u.id, disabled: false });
    setRowError((e) => ({ ...e, [u.id]: r.ok ? "" : r.error.message }));
    router.refresh();
  });
  const confirmed = () => start(async () => {
    if (!confirm) return;
    setConfirmError(null);
    const r = confirm.kind === "disable"
      ? await setUserDisabledAction({ userId: confirm.user.id, disabled: true })
      : await deleteUserAction({ userId: confirm.user.id });
    if (!r.ok) return setConfirmError(r.error.message);
    setConfirm(null);
    router.refresh();
  });

  return (
    <div className="space-y-5">
      <form aria-label="Invite user" className="ff-card flex flex-wrap items-end gap-3 p-4" onSubmit={(e) => { e.preventDefault(); invite(); }}>
        <div className="w-full">
          <h2 className="text-sm font-semibold">Invite a teammate</h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">They get a temporary password, shown once below; give it to them yourself. It works for 72 hours and must be changed at first sign-in.</p>
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
            <p className="font-medium text-emerald-900 dark:text-emerald-200">Invited {invited.email}. Give them this temporary password; it is shown only now and expires in 72 hours.</p>
            <code data-testid="temp-password" className="mt-2 inline-block rounded bg-white px-2 py-1 font-mono text-sm dark:bg-zinc-900">{invited.password}</code>
          </div>
        )}
      </form>
      <div className="ff-card overflow-x-auto">
        <table className="ff-table" aria-label="Users">
          <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr><th className="px-3 py-2 font-medium">Name</th><th className="font-medium">Email</th><th className="font-medium">Role</th><th className="font-medium">Status</th><th className="font-medium">Last sign-in</th><th className="font-medium">API tokens</th><th className="px-3 text-right font-medium">Access</th></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`} className={u.disabledAt ? "text-zinc-400 dark:text-zinc-500" : ""}>
                <td className="px-3 py-2 font-medium">{u.name}{u.id === meId && <span className="ml-1 text-xs text-zinc-500">(you)</span>}</td>
                <td className="text-zinc-600 dark:text-zinc-400">{u.email}</td>
                <td>
                  <select aria-label={`Role of ${u.email}`} className="ff-input w-32 py-1 text-xs" value={u.role} disabled={pending} onChange={(e) => change(u.id, e.target.value as TRole)}>
                    {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
                  </select>
                  {rowError[u.id] && <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">{rowError[u.id]}</p>}
                </td>
                <td><StatusBadge u={u} /></td>
                <td className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400" title={u.lastSeenAt ?? undefined}>{u.lastSeenAt ? u.lastSeenAt.replace("T", " ").slice(0, 16) + " UTC" : "never"}</td>
                <td className="text-xs tabular-nums">{u.activeTokens}</td>
                <td className="px-3 py-1.5">
                  {u.id !== meId && (
                    <div className="flex flex-wrap justify-end gap-1.5">
                      {u.disabledAt
                        ? <Button size="sm" disabled={pending} onClick={() => enable(u)}>Enable</Button>
                        : <Button size="sm" disabled={pending} onClick={() => { setConfirmError(null); setConfirm({ user: u, kind: "disable" }); }}>Disable</Button>}
                      <Button size="sm" variant="ghost" className="text-red-600! dark:text-red-400!" disabled={pending} onClick={() => { setConfirmError(null); setConfirm({ user: u, kind: "delete" }); }}>Delete</Button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.kind === "delete" ? `Delete ${confirm.user.email}?` : `Disable ${confirm?.user.email ?? ""}?`}
        confirmLabel={confirm?.kind === "delete" ? "Delete user" : "Disable user"}
        busy={pending}
        error={confirmError}
        onConfirm={confirmed}
        onCancel={() => setConfirm(null)}
      >
        {confirm?.kind === "delete" ? (
          <p>They are signed out everywhere and their {confirm.user.activeTokens} API token{confirm.user.activeTokens === 1 ? "" : "s"} stop working now. The account is removed for good: runs and presets they made stay, but the audit log will show their past actions without a name. To keep their name on the record, disable instead.</p>
        ) : (
          <p>They are signed out everywhere and their {confirm?.user.activeTokens ?? 0} API token{confirm?.user.activeTokens === 1 ? "" : "s"} are revoked now. They cannot sign in until an admin enables the account again (tokens stay revoked).</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
