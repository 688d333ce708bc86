"use client";
// Admin-only: add endpoints (the signing secret is shown once), pause, delete, send a test.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { Badge } from "@/app/components/badge";
import { FormError } from "@/app/components/form-error";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import type { TSubscribableEvent } from "@/lib/webhooks/event-types";
import { createWebhookAction, deleteWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction, setWebhookEnabledAction } from "@/app/(dash)/settings/webhook-actions";

export type TEventOption = { type: TSubscribableEvent; wire: string; label: string };
type TWebhook = { id: string; name: string; url: string; events: string[]; enabled: boolean; delivered: number; pending: number; failed: number };

const DEFAULT_EVENTS: TSubscribableEvent[] = ["RUN_STATUS_CHANGED", "RULE_FIRED"];

export function WebhooksPanel({ webhooks, eventOptions }: { webhooks: TWebhook[]; eventOptions: TEventOption[] }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<TSubscribableEvent[]>(DEFAULT_EVENTS);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string; rotated?: boolean } | null>(null);
  const [rotating, setRotating] = useState<TWebhook | null>(null);
  const [copied, setCopied] = useState(false);
  const [deleting, setDeleting] = useState<TWebhook | null>(null);
  const [rowMsg, setRowMsg] = useState<Record<string, { ok: boolean; text: string }>>({});
  const [pending, start] = useTransition();
  const wire = (t: string) => eventOptions.find((e) => e.type === t)?.wire ?? t;

  const create = () => start(async () => {
    setError(null);
    const r = await createWebhookAction({ name, url, events });
    if (!r.ok) return setError(r.error);
    setCreated({ name: r.data.name, secret: r.data.secret });
    setCopied(false);
    setName(""); setUrl(""); setEvents(DEFAULT_EVENTS);
    router.refresh();
  });
  const row = (id: string, fn: () => Promise<{ ok: true; data: unknown } | { ok: false; error: { message: string } }>, okText: string) => start(async () => {
    const r = await fn();
    setRowMsg((m) => ({ ...m, [id]: r.ok ? { ok: true, text: okText } : { ok: false, text: r.error.message } }));
    router.refresh();
  });
  const rotate = () => start(async () => {
    if (!rotating) return;
    const r = await rotateWebhookSecretAction({ webhookId: rotating.id });
    setRotating(null);
    if (!r.ok) return setError(r.error);
    setCreated({ name: r.data.name, secret: r.data.secret, rotated: true });
    setCopied(false);
    router.refresh();
  });
  const remove = () => start(async () => {
    if (!deleting) return;
    const r = await deleteWebhookAction({ webhookId: deleting.id });
    if (!r.ok) return setError(r.error);
    setDeleting(null);
    router.refresh();
  });
  const toggle = (t: TSubscribableEvent, on: boolean) => setEvents((e) => (on ? [...e, t] : e.filter((x) => x !== t)));

  return (
    <div className="mt-4 space-y-4">
      <form aria-label="New webhook" className="space-y-3" onSubmit={(e) => { e.preventDefault(); create(); }}>
        <div className="flex flex-wrap items-end gap-2">
          <label className="block w-48">
            <span className="ff-label">Name</span>
            <input className="ff-input" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. ops Slack relay" maxLength={80} required aria-invalid={error?.field === "name"} />
          </label>
          <label className="block min-w-64 flex-1">
            <span className="ff-label">URL (http or https)</span>
            <input className="ff-input font-mono" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.example.com/factory-floor" maxLength={2000} required aria-invalid={error?.field === "url"} />
          </label>
        </div>
        <fieldset aria-invalid={error?.field?.startsWith("events") || undefined}>
          <legend className="ff-label">Events</legend>
          <div className="grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
            {eventOptions.map((o) => (
              <label key={o.type} className="flex items-start gap-2 text-sm">
                <input type="checkbox" checked={events.includes(o.type)} onChange={(e) => toggle(o.type, e.target.checked)} className="mt-1 accent-accent-600" />
                <span className="leading-tight">
                  {o.label}
                  <code className="block font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{o.wire}</code>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" variant="primary" disabled={pending || !name.trim() || !url.trim() || events.length === 0}>Add webhook</Button>
      </form>
      <FormError message={error?.message} />
      {created && (
        <div role="status" data-testid="new-webhook-secret" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/60">
          <p className="font-medium text-emerald-900 dark:text-emerald-200">{created.rotated ? `New signing secret for “${created.name}”; the old one no longer signs anything.` : `Webhook “${created.name}” added.`} Copy its signing secret now: it will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="webhook-secret" className="flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900">{created.secret}</code>
            <Button size="sm" onClick={() => { void navigator.clipboard?.writeText(created.secret); setCopied(true); }}>{copied ? "Copied" : "Copy"}</Button>
          </div>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Verify <code className="font-mono">X-FF-Signature</code> with it on every request (README, “Webhooks”).</p>
        </div>
      )}
      {webhooks.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No webhooks yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="ff-table" aria-label="Webhooks">
            <thead><tr><th>Endpoint</th><th>Events</th><th>State</th><th>Delivered</th><th /></tr></thead>
            <tbody>
              {webhooks.map((w) => (
                <tr key={w.id} data-testid={`webhook-row-${w.name}`}>
                  <td className="max-w-72">
                    <div className="font-medium">{w.name}</div>
                    <div className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={w.url}>{w.url}</div>
                    {rowMsg[w.id] && <p role={rowMsg[w.id]!.ok ? "status" : "alert"} className={`mt-1 text-xs ${rowMsg[w.id]!.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600 dark:text-red-400"}`}>{rowMsg[w.id]!.text}</p>}
                  </td>
                  <td><div className="flex max-w-64 flex-wrap gap-1">{w.events.map((e) => <Badge key={e}>{wire(e)}</Badge>)}</div></td>
                  <td>{w.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}</td>
                  <td className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400">
                    {w.delivered} ok
                    {w.pending > 0 && <span className="text-amber-700 dark:text-amber-400"> · {w.pending} pending</span>}
                    {w.failed > 0 && <span className="text-red-600 dark:text-red-400"> · {w.failed} failed</span>}
                  </td>
                  <td>
                    <div className="flex max-w-56 flex-wrap justify-end">
                    <Button size="sm" variant="ghost" disabled={pending || !w.enabled} onClick={() => row(w.id, () => sendTestWebhookAction({ webhookId: w.id }), "Test queued: see the log below.")}>Send test</Button>
                    <Button size="sm" variant="ghost" disabled={pending} onClick={() => row(w.id, () => setWebhookEnabledAction({ webhookId: w.id, enabled: !w.enabled }), w.enabled ? "Disabled." : "Enabled.")}>{w.enabled ? "Disable" : "Enable"}</Button>
                    <Button size="sm" variant="ghost" disabled={pending} onClick={() => setRotating(w)}>Rotate secret</Button>
                    <Button size="sm" variant="ghost" disabled={pending} onClick={() => setDeleting(w)}>Delete</Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={!!rotating} title={`Rotate the secret of “${rotating?.name ?? ""}”?`} confirmLabel="Rotate secret" busy={pending} onConfirm={rotate} onCancel={() => setRotating(null)}>
        Every request from now on is signed with a new secret, retries of earlier deliveries included. The receiver rejects them until it has the new one.
      </ConfirmDialog>
      <ConfirmDialog open={!!deleting} title={`Delete “${deleting?.name ?? ""}”?`} confirmLabel="Delete webhook" busy={pending} onConfirm={remove} onCancel={() => setDeleting(null)}>
        The endpoint stops receiving events at once, and its delivery log is deleted with it.
      </ConfirmDialog>
    </div>
  );
}
