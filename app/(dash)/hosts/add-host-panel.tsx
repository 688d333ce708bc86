"use client";
// Two steps on purpose: "Connect" shows the host key fingerprint and GPUs, and only an explicit
// "Trust and save" pins that key. Editing any field after connecting goes back to step 1.
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { GpuTable } from "@/app/(dash)/hosts/gpu-table";
import { createHostAction, probeHostAction } from "@/app/(dash)/hosts/actions";
import { useTrustForm } from "@/app/(dash)/hosts/use-trust-form";
import type { TGpu } from "@/lib/hosts/parse-nvidia-smi";

type TForm = { name: string; address: string; port: string; username: string; privateKey: string };
const EMPTY: TForm = { name: "", address: "", port: "22", username: "", privateKey: "" };

export function AddHostPanel({ defaultOpen = false }: { defaultOpen?: boolean }) {
  const router = useRouter();
  const t = useTrustForm<TForm, { fingerprint: string; gpus: TGpu[] }>({ empty: EMPTY, defaultOpen });
  const { open, setOpen, form, probe, setProbe, error, saved, pending, dialogRef, set, reset } = t;
  const values = () => ({ ...form, port: Number(form.port) });
  const connect = () => t.connect(() => probeHostAction(values()));
  const save = () => t.save((fp) => createHostAction({ ...values(), hostKeyFingerprint: fp }),
    (d) => `Added ${d.name} with ${d.gpuCount} GPU${d.gpuCount === 1 ? "" : "s"}.`, () => router.refresh());

  if (!open) {
    return (
      <div className="flex items-center gap-3">
        {saved && <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{saved}</span>}
        <Button variant="primary" onClick={() => setOpen(true)}>Add host</Button>
      </div>
    );
  }

  const field = (k: keyof TForm, label: string, props: Record<string, unknown> = {}) => (
    <div>
      <label htmlFor={`host-${k}`} className="ff-label">{label}</label>
      <input
        id={`host-${k}`}
        name={k}
        value={form[k]}
        onChange={set(k)}
        aria-invalid={error?.field === k || undefined}
        autoComplete="off"
        className="ff-input"
        {...props}
      />
    </div>
  );

  const panel = (
    <section aria-label="Add a GPU host" className="ff-card w-full max-w-3xl p-5 text-left shadow-sm">
      <div className="mb-4 flex items-center justify-between">
        <h2 className="text-sm font-semibold">Add a GPU host</h2>
        <ol className="flex gap-3 text-xs text-zinc-500 dark:text-zinc-400">
          <li className={!probe ? "font-medium text-accent-600 dark:text-accent-400" : ""}>1 · Connect</li>
          <li className={probe ? "font-medium text-accent-600 dark:text-accent-400" : ""}>2 · Confirm host key</li>
        </ol>
      </div>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (probe) save();
          else connect();
        }}
      >
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-6">
          <div className="sm:col-span-2">{field("name", "Name", { placeholder: "gpu-a", required: true })}</div>
          <div className="sm:col-span-2">{field("address", "Address", { placeholder: "10.0.0.12 or gpu-a.lan", required: true })}</div>
          <div className="sm:col-span-1">{field("port", "Port", { inputMode: "numeric", required: true })}</div>
          <div className="sm:col-span-1">{field("username", "User", { placeholder: "train", required: true })}</div>
        </div>
        <div>
          <label htmlFor="host-privateKey" className="ff-label">Private key</label>
          <textarea
            id="host-privateKey"
            name="privateKey"
            value={form.privateKey}
            onChange={set("privateKey")}
            aria-invalid={error?.field === "privateKey" || undefined}
            rows={5}
            spellCheck={false}
            autoComplete="off"
            placeholder={"-----BEGIN OPENSSH PRIVATE KEY-----\n…"}
            className="ff-input font-mono text-xs"
          />
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            Stored encrypted on this server and never shown again. Use a key without a passphrase, for a user that can run nvidia-smi.
          </p>
        </div>

        <FormError message={error?.message} id="add-host-error" />

        {probe && (
          <div className="space-y-3 rounded-md border border-amber-200 bg-amber-50/60 p-4 dark:border-amber-900 dark:bg-amber-950/30" data-testid="probe-result">
            <div>
              <div className="text-xs font-medium text-amber-900 dark:text-amber-200">Host key fingerprint (SHA-256)</div>
              <code data-testid="host-fingerprint" className="mt-1 block break-all font-mono text-sm text-zinc-900 dark:text-zinc-100">{probe.fingerprint}</code>
              <p className="mt-1 text-xs text-amber-900/80 dark:text-amber-200/80">
                Compare it with <code className="font-mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the host. Once saved, a different key refuses the connection.
              </p>
            </div>
            <GpuTable gpus={probe.gpus.map((g) => ({ ...g, busyRunId: null, busyRunName: null }))} />
          </div>
        )}

        <div className="flex items-center justify-end gap-2">
          {!defaultOpen && (
            <Button onClick={reset} disabled={pending}>
              Cancel
            </Button>
          )}
          {probe && <Button onClick={() => setProbe(null)} disabled={pending}>Back</Button>}
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? (probe ? "Saving…" : "Connecting…") : probe ? "Trust and save" : "Connect"}
          </Button>
        </div>
      </form>
    </section>
  );
  if (defaultOpen) return panel;
  return (
    <dialog
      ref={dialogRef}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) reset();
      }}
      className="m-auto w-full max-w-3xl bg-transparent p-0 backdrop:bg-zinc-950/50"
    >
      {panel}
    </dialog>
  );
}
