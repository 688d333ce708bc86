"use client";
// Edit a host's runtime profile: activation line, LF working dir, runs folder, env vars. "Detect"
// looks for common layouts over SSH and fills the form; Save makes a new version and probes it.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { detectHostProfileAction, saveHostProfileAction } from "@/app/(dash)/hosts/actions";
import type { THostProfileDto } from "@/lib/hosts/host-dto";
import type { TDetected } from "@/lib/hosts/profile/detect-profile";

// Same rule as lib/hosts/profile/host-profile.ts SECRET_ENV (that module reads the database, so not imported here).
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;
const MASK = "••••••";
const DEFAULTS = { activation: "", lfDir: "~/LLaMA-Factory", runsDir: "~/ffloor-runs", envVars: [] as THostProfileDto["envVars"] };

export function ProfileEditor({ hostId, profile: saved }: { hostId: string; profile: THostProfileDto | null }) {
  const profile = saved ?? DEFAULTS;
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({
    activation: profile.activation,
    lfDir: profile.lfDir,
    runsDir: profile.runsDir,
    envText: profile.envVars.map((e) => `${e.name}=${e.value}`).join("\n"),
    message: "",
  });
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [found, setFound] = useState<TDetected[] | null>(null);
  const [pending, start] = useTransition();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const bad = (k: string) => error?.field === k || error?.field?.startsWith(`${k}.`);

  if (!open)
    return (
      <div className="mt-2">
        <Button size="sm" onClick={() => setOpen(true)} data-testid="edit-profile">Edit runtime profile</Button>
      </div>
    );

  const detect = () =>
    start(async () => {
      setError(null);
      setNote(null);
      const r = await detectHostProfileAction({ hostId });
      if (!r.ok) return setError(r.error);
      setFound(r.data.candidates);
      const best = r.data.candidates[0];
      if (!best) return setNote("No LLaMA-Factory install found in the usual places (venvs in or beside ~/LLaMA-Factory, conda/mamba envs, the login PATH). Type the activation line.");
      setForm((f) => ({ ...f, activation: best.activation, lfDir: best.lfDir }));
      setNote(`Found ${r.data.candidates.length === 1 ? "one layout" : `${r.data.candidates.length} layouts`}; the first is filled in. Save to check it.`);
    });
  const save = () =>
    start(async () => {
      setError(null);
      setNote(null);
      const r = await saveHostProfileAction({ hostId, ...form });
      if (!r.ok) return setError(r.error);
      // Once saved, a secret value is never shown again, not even in this form.
      setForm((f) => ({ ...f, envText: f.envText.split("\n").map((l) => { const eq = l.indexOf("="); return eq > 0 && SECRET_NAME.test(l.slice(0, eq)) ? `${l.slice(0, eq)}=${MASK}` : l; }).join("\n") }));
      setNote(`${r.data.changed ? `Saved as v${r.data.version}` : "Unchanged"}: ${r.data.ok ? "LLaMA-Factory starts through it." : `LLaMA-Factory does not start: ${r.data.problem}`}`);
      router.refresh();
    });

  const input = (k: "activation" | "lfDir" | "runsDir", label: string, hint: string, placeholder: string) => (
    <div>
      <label htmlFor={`${hostId}-${k}`} className="ff-label">{label}</label>
      <input id={`${hostId}-${k}`} className="ff-input font-mono text-xs" value={form[k]} onChange={set(k)} placeholder={placeholder}
        aria-invalid={bad(k) || undefined} spellCheck={false} autoComplete="off" />
      <p className="mt-1 text-[11px] text-zinc-500 dark:text-zinc-400">{hint}</p>
    </div>
  );

  return (
    <form className="mt-3 space-y-3 rounded-md border border-zinc-200 bg-zinc-50/60 p-3 dark:border-zinc-800 dark:bg-zinc-900/40" aria-label="Runtime profile"
      onSubmit={(e) => { e.preventDefault(); save(); }}>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-3">
        {input("activation", "Activation line", "source FILE, conda activate ENV, module load …, joined with && or ;", "source ~/LLaMA-Factory/.venv/bin/activate")}
        {input("lfDir", "LF working directory", "The checkout runs start from: data/dataset_info.json and examples/ paths resolve here.", "~/LLaMA-Factory")}
        {input("runsDir", "Runs folder", "Each run's output_dir is a new folder in here.", "~/ffloor-runs")}
      </div>
      <div>
        <label htmlFor={`${hostId}-env`} className="ff-label">Environment variables</label>
        <textarea id={`${hostId}-env`} className="ff-input h-20 font-mono text-xs" value={form.envText} onChange={set("envText")} spellCheck={false}
          placeholder={"HF_HOME=/data/hf\nHF_ENDPOINT=https://hf-mirror.com"} aria-invalid={bad("envVars") || undefined} />
        <p className="mt-1 text-[11px] text-zinc-500 dark:text-zinc-400">One NAME=value per line. Values of names with KEY, TOKEN, SECRET or PASSWORD are never shown again (leave •••••• to keep them).</p>
      </div>
      {found && found.length > 1 && (
        <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="detected">
          <span className="text-zinc-500 dark:text-zinc-400">Also found:</span>
          {found.slice(1).map((c) => (
            <button key={`${c.activation}|${c.lfDir}`} type="button" className="rounded border border-zinc-300 px-2 py-0.5 font-mono hover:bg-white dark:border-zinc-700 dark:hover:bg-zinc-800"
              onClick={() => setForm((f) => ({ ...f, activation: c.activation, lfDir: c.lfDir }))}>
              {c.activation || "(login PATH)"}
            </button>
          ))}
        </div>
      )}
      <FormError message={error ? (error.field ? `${error.message}` : error.message) : null} />
      {note && <p role="status" className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="profile-note">{note}</p>}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" size="sm" type="submit" disabled={pending}>{pending ? "Checking…" : "Save and check"}</Button>
        <Button size="sm" onClick={detect} disabled={pending} data-testid="detect-profile">Detect</Button>
        <Button size="sm" variant="ghost" onClick={() => setOpen(false)} disabled={pending}>Close</Button>
        <input aria-label="Change note" className="ff-input h-7 max-w-xs text-xs" placeholder="Change note (optional)" value={form.message} onChange={set("message")} />
      </div>
    </form>
  );
}
