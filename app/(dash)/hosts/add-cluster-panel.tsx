"use client";
// "Add a Slurm cluster", in two steps like a host: Connect shows the login node's host key and what
// sinfo says the partition offers; only "Trust and save" pins that key and registers the cluster.
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { createClusterAction, probeClusterAction } from "@/app/(dash)/hosts/actions";
import { useTrustForm } from "@/app/(dash)/hosts/use-trust-form";

type TForm = { name: string; address: string; port: string; username: string; privateKey: string; partition: string; account: string; qos: string; timeLimitMin: string };
type TProbe = { fingerprint: string; gpusPerNode: number; nodeCount: number; states: string[] };
const EMPTY: TForm = { name: "", address: "", port: "22", username: "", privateKey: "", partition: "gpu", account: "", qos: "", timeLimitMin: "240" };

export function AddClusterPanel() {
  const router = useRouter();
  const t = useTrustForm<TForm, TProbe>({ empty: EMPTY });
  const { open, setOpen, form, probe, setProbe, error, saved, pending, dialogRef, set, reset } = t;
  const values = () => ({ ...form, port: Number(form.port), timeLimitMin: Number(form.timeLimitMin) });
  const connect = () => t.connect(() => probeClusterAction(values()));
  const save = () => t.save((fp) => createClusterAction({ ...values(), hostKeyFingerprint: fp }),
    (d) => `Added Slurm cluster ${d.name} (${d.gpusPerNode} GPUs per node).`, () => router.refresh());

  if (!open) {
    return (
      <div className="flex items-center gap-3">
        {saved && <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{saved}</span>}
        <Button onClick={() => setOpen(true)}>Add Slurm cluster</Button>
      </div>
    );
  }
  const field = (k: keyof TForm, label: string, props: Record<string, unknown> = {}) => (
    <div>
      <label htmlFor={`cluster-${k}`} className="ff-label">{label}</label>
      <input id={`cluster-${k}`} name={k} value={form[k]} onChange={set(k)} aria-invalid={error?.field === k || undefined} autoComplete="off" className="ff-input" {...props} />
    </div>
  );
  return (
    <dialog ref={dialogRef} onCancel={(e) => { e.preventDefault(); if (!pending) reset(); }} className="m-auto w-full max-w-3xl bg-transparent p-0 backdrop:bg-zinc-950/50">
      <section aria-label="Add a Slurm cluster" className="ff-card w-full max-w-3xl p-5 text-left shadow-sm">
        <div className="mb-4 flex items-center justify-between">
          <h2 className="text-sm font-semibold">Add a Slurm cluster</h2>
          <ol className="flex gap-3 text-xs text-zinc-500 dark:text-zinc-400">
            <li className={!probe ? "font-medium text-accent-600 dark:text-accent-400" : ""}>1 · Connect to the login node</li>
            <li className={probe ? "font-medium text-accent-600 dark:text-accent-400" : ""}>2 · Confirm host key</li>
          </ol>
        </div>
        <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); if (probe) save(); else connect(); }}>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-6">
            <div className="sm:col-span-2">{field("name", "Name", { placeholder: "lab-cluster", required: true })}</div>
            <div className="sm:col-span-2">{field("address", "Login node", { placeholder: "login.cluster.lan", required: true })}</div>
            <div className="sm:col-span-1">{field("port", "Port", { inputMode: "numeric", required: true })}</div>
            <div className="sm:col-span-1">{field("username", "User", { placeholder: "train", required: true })}</div>
          </div>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {field("partition", "Partition", { required: true })}
            {field("account", "Account (optional)")}
            {field("qos", "QOS (optional)")}
            {field("timeLimitMin", "Time limit (minutes)", { inputMode: "numeric", required: true })}
          </div>
          <div>
            <label htmlFor="cluster-privateKey" className="ff-label">Private key</label>
            <textarea id="cluster-privateKey" name="privateKey" value={form.privateKey} onChange={set("privateKey")} aria-invalid={error?.field === "privateKey" || undefined}
              rows={4} spellCheck={false} autoComplete="off" placeholder={"-----BEGIN OPENSSH PRIVATE KEY-----\n…"} className="ff-input font-mono text-xs" />
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
              Stored encrypted and never shown again. The user must be able to run sbatch, squeue, scancel and scontrol on the login node, and the runs folder must be on the filesystem the compute nodes share.
            </p>
          </div>
          <FormError message={error?.message} id="add-cluster-error" />
          {probe && (
            <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50/60 p-4 text-sm dark:border-amber-900 dark:bg-amber-950/30" data-testid="cluster-probe-result">
              <div className="text-xs font-medium text-amber-900 dark:text-amber-200">Login node host key fingerprint (SHA-256)</div>
              <code data-testid="cluster-fingerprint" className="block break-all font-mono text-sm">{probe.fingerprint}</code>
              <p className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="cluster-sinfo">
                Partition {form.partition}: {probe.nodeCount} node{probe.nodeCount === 1 ? "" : "s"}, up to {probe.gpusPerNode} GPUs per node ({probe.states.join(", ")}).
              </p>
            </div>
          )}
          <div className="flex items-center justify-end gap-2">
            <Button onClick={reset} disabled={pending}>Cancel</Button>
            {probe && <Button onClick={() => setProbe(null)} disabled={pending}>Back</Button>}
            <Button type="submit" variant="primary" disabled={pending}>{pending ? (probe ? "Saving…" : "Connecting…") : probe ? "Trust and save" : "Connect"}</Button>
          </div>
        </form>
      </section>
    </dialog>
  );
}
