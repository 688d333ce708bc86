"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { Badge } from "@/app/components/badge";
import { FormError } from "@/app/components/form-error";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { createTokenAction, revokeTokenAction } from "@/app/(dash)/settings/actions";
import { formatDateTime } from "@/lib/format/format-time";

type TToken = { id: string; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const when = (iso: string | null) => (iso ? formatDateTime(iso) : "never");

export function TokensPanel({ tokens, appUrl }: { tokens: TToken[]; appUrl: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<TToken | null>(null);
  const [pending, start] = useTransition();

  const create = () => start(async () => {
    setError(null);
    const r = await createTokenAction({ name });
    if (!r.ok) return setError(r.error.message);
    setCreated({ name: r.data.name, token: r.data.token });
    setCopied(false);
    setName("");
    router.refresh();
  });
  const revoke = () => start(async () => {
    if (!revoking) return;
    const r = await revokeTokenAction({ tokenId: revoking.id });
    if (!r.ok) return setError(r.error.message);
    setRevoking(null);
    router.refresh();
  });

  return (
    <div className="mt-4 space-y-4">
      <form aria-label="New API token" className="flex items-end gap-2" onSubmit={(e) => { e.preventDefault(); create(); }}>
        <label className="block flex-1 max-w-sm">
          <span className="ff-label">Token name</span>
          <input className="ff-input" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. laptop CLI" maxLength={80} required />
        </label>
        <Button type="submit" variant="primary" disabled={pending || !name.trim()}>Create token</Button>
      </form>
      <FormError message={error} />
      {created && (
        <div role="status" data-testid="new-token" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/60">
          <p className="font-medium text-emerald-900 dark:text-emerald-200">Token “{created.name}” created. Copy it now: it will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="token-value" className="flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900">{created.token}</code>
            <Button size="sm" onClick={() => { void navigator.clipboard?.writeText(created.token); setCopied(true); }}>{copied ? "Copied" : "Copy"}</Button>
          </div>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            CLI: <code className="font-mono">ffloor login --url {appUrl} --token {created.token.slice(0, 8)}…</code>
          </p>
        </div>
      )}
      {tokens.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No tokens yet.</p>
      ) : (
        <table className="ff-table" aria-label="API tokens">
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr><th className="py-1.5 font-medium">Name</th><th className="font-medium">Created</th><th className="font-medium">Last used</th><th className="font-medium">Status</th><th /></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {tokens.map((t) => (
              <tr key={t.id} data-testid={`token-row-${t.id}`}>
                <td className="py-2 font-medium">{t.name}</td>
                <td className="text-zinc-600 dark:text-zinc-400">{when(t.createdAt)}</td>
                <td className="text-zinc-600 dark:text-zinc-400">{when(t.lastUsedAt)}</td>
                <td>{t.revokedAt ? <Badge tone="red" title={when(t.revokedAt)}>revoked</Badge> : <Badge tone="green">active</Badge>}</td>
                <td className="text-right">{!t.revokedAt && <Button size="sm" variant="ghost" onClick={() => setRevoking(t)}>Revoke</Button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog open={!!revoking} title={`Revoke “${revoking?.name ?? ""}”?`} confirmLabel="Revoke token" busy={pending} onConfirm={revoke} onCancel={() => setRevoking(null)}>
        Scripts and CLIs using this token stop working immediately. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
