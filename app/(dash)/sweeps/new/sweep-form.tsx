"use client";
// The sweep form: keys with a list, a range or a log range; grid or random; budget, concurrency, the
// cross-trial stopper, and the GPUs trials may use. The server validates everything (zod) and names the
// field at fault (`space.learning_rate.min`); each error is shown under its input.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { createSweepAction } from "@/app/(dash)/sweeps/actions";

type THost = { id: string; name: string; status: string; gpus: { index: number; name: string; busy: boolean }[] };
type TRow = { key: string; type: "list" | "range" | "log"; values: string; min: string; max: string; count: string; int: boolean };
type TFieldErr = { field: string; message: string };

const LABEL = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400";
const SECTION = "rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900";

function scalar(s: string): number | string | boolean {
  const t = s.trim();
  if (t === "true" || t === "false") return t === "true";
  return t !== "" && Number.isFinite(Number(t)) ? Number(t) : t;
}
const numOrUndef = (s: string) => (s.trim() === "" ? undefined : Number(s));

function Errs({ list, testId }: { list: TFieldErr[]; testId?: string }) {
  if (!list.length) return null;
  return (
    <ul role="alert" className="mt-2 space-y-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200" data-testid={testId}>
      {list.map((e, i) => <li key={i}><code className="mr-1 rounded bg-red-100 px-1 font-mono text-[11px] dark:bg-red-900/60">{e.field}</code>{e.message}</li>)}
    </ul>
  );
}

export function SweepForm(p: { versions: { id: string; version: number; message: string }[]; hosts: THost[]; defaultName: string }) {
  const router = useRouter();
  const [versionId, setVersionId] = useState(p.versions[0]?.id ?? "");
  const [name, setName] = useState(p.defaultName);
  const [method, setMethod] = useState<"random" | "grid">("random");
  const [seed, setSeed] = useState("");
  const [rows, setRows] = useState<TRow[]>([{ key: "learning_rate", type: "log", values: "", min: "1e-5", max: "1e-3", count: "3", int: false }]);
  const [fixedText, setFixedText] = useState("");
  const [budget, setBudget] = useState("8");
  const [concurrency, setConcurrency] = useState("2");
  const [stopper, setStopper] = useState<"none" | "median" | "asha">("median");
  const [minTrials, setMinTrials] = useState("3");
  const [warmup, setWarmup] = useState("0");
  const [minStep, setMinStep] = useState("20");
  const [eta, setEta] = useState("3");
  const [gpus, setGpus] = useState<Set<string>>(() => {
    const h = p.hosts[0];
    return new Set(h ? h.gpus.filter((g) => !g.busy).slice(0, 2).map((g) => `${h.id}:${g.index}`) : []);
  });
  const [perTrial, setPerTrial] = useState("1");
  const [error, setError] = useState<{ message: string; fields: TFieldErr[] } | null>(null);
  const [pending, start] = useTransition();

  const setRow = (i: number, patch: Partial<TRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const fields = error?.fields ?? [];
  const under = (prefix: string) => fields.filter((f) => f.field === prefix || f.field.startsWith(`${prefix}.`));
  const rowKeys = rows.map((r) => r.key.trim());
  const placed = (f: string) => ["budget", "concurrency", "targets", "stopper", "fixed", "name", "seed", "method"].some((k) => f === k || f.startsWith(`${k}.`))
    || rowKeys.some((k) => f === `space.${k}` || f.startsWith(`space.${k}.`)) || f === "space";
  const rest = fields.filter((f) => !placed(f.field));

  const targets = () => {
    const per = Math.max(1, Number(perTrial) || 1);
    return p.hosts.flatMap((h) => {
      const picked = h.gpus.map((g) => g.index).filter((i) => gpus.has(`${h.id}:${i}`));
      const out: { hostId: string; gpuIndices: number[] }[] = [];
      for (let i = 0; i + per <= picked.length; i += per) out.push({ hostId: h.id, gpuIndices: picked.slice(i, i + per) });
      return out;
    });
  };
  const buildSpec = () => ({
    method,
    ...(seed.trim() ? { seed: Number(seed) } : {}),
    space: Object.fromEntries(rows.map((r) => [r.key.trim(), r.type === "list"
      ? { type: "list", values: r.values.split(",").map((v) => v.trim()).filter(Boolean).map(scalar) }
      : { type: r.type, min: Number(r.min), max: Number(r.max), ...(numOrUndef(r.count) !== undefined ? { count: numOrUndef(r.count) } : {}), ...(r.type === "range" ? { int: r.int } : {}) }])),
    budget: Number(budget), concurrency: Number(concurrency),
    stopper: stopper === "none" ? { type: "none" } : stopper === "median"
      ? { type: "median", minTrials: Number(minTrials), warmupSteps: Number(warmup) }
      : { type: "asha", minStep: Number(minStep), eta: Number(eta), minTrials: Number(minTrials) },
    targets: targets(),
  });
  const submit = () => start(async () => {
    setError(null);
    const r = await createSweepAction({ presetVersionId: versionId, name, spec: buildSpec(), fixedText });
    if (!r.ok) return setError({ message: r.error.message, fields: r.error.fields ?? (r.error.field ? [{ field: r.error.field, message: r.error.message.replace(/^[^:]+: /, "") }] : []) });
    router.push(`/sweeps/${r.data.sweepId}`);
  });

  return (
    <form className="space-y-4" onSubmit={(e) => (e.preventDefault(), submit())} data-testid="sweep-form">
      <div className={`${SECTION} grid gap-4 sm:grid-cols-3`}>
        <label><span className={LABEL}>Preset version</span>
          <select id="sweep-version" className="ff-input" value={versionId} onChange={(e) => setVersionId(e.target.value)}>
            {p.versions.map((v) => <option key={v.id} value={v.id}>v{v.version}{v.message ? ` · ${v.message.slice(0, 50)}` : ""}</option>)}
          </select>
        </label>
        <label className="sm:col-span-2"><span className={LABEL}>Sweep name (trials are named name-t1, name-t2, …)</span>
          <input id="sweep-name" className="ff-input" value={name} onChange={(e) => setName(e.target.value)} />
          <Errs list={under("name")} />
        </label>
      </div>

      <section className={SECTION}>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-sm font-medium">Keys to sweep</h2>
          <div className="flex items-center gap-3 text-sm" role="radiogroup" aria-label="Search method">
            {(["random", "grid"] as const).map((m) => (
              <label key={m} className="flex items-center gap-1.5">
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} data-testid={`method-${m}`} />
                {m === "grid" ? "Grid (every combination)" : "Random (seeded draws)"}
              </label>
            ))}
            {method === "random" && (
              <label className="flex items-center gap-1.5 text-xs text-zinc-500">seed
                <input className="ff-input w-24 py-0.5" inputMode="numeric" placeholder="random" value={seed} onChange={(e) => setSeed(e.target.value)} data-testid="sweep-seed" />
              </label>
            )}
          </div>
        </div>
        <div className="space-y-3">
          {rows.map((r, i) => (
            <div key={i} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`key-row-${i}`}>
              <div className="grid items-end gap-2 sm:grid-cols-[minmax(10rem,1.4fr)_8rem_repeat(3,minmax(5rem,1fr))_auto]">
                <label><span className={LABEL}>Key</span>
                  <input className="ff-input font-mono" value={r.key} onChange={(e) => setRow(i, { key: e.target.value })} placeholder="learning_rate" data-testid={`key-${i}`} /></label>
                <label><span className={LABEL}>Values</span>
                  <select className="ff-input" value={r.type} onChange={(e) => setRow(i, { type: e.target.value as TRow["type"] })} data-testid={`type-${i}`}>
                    <option value="list">list</option><option value="range">range</option><option value="log">log range</option>
                  </select></label>
                {r.type === "list" ? (
                  <label className="sm:col-span-3"><span className={LABEL}>Values, comma-separated</span>
                    <input className="ff-input font-mono" value={r.values} onChange={(e) => setRow(i, { values: e.target.value })} placeholder="8, 16, 32" data-testid={`values-${i}`} /></label>
                ) : (
                  <>
                    <label><span className={LABEL}>min</span><input className="ff-input font-mono" value={r.min} onChange={(e) => setRow(i, { min: e.target.value })} data-testid={`min-${i}`} /></label>
                    <label><span className={LABEL}>max</span><input className="ff-input font-mono" value={r.max} onChange={(e) => setRow(i, { max: e.target.value })} data-testid={`max-${i}`} /></label>
                    <label><span className={LABEL}>{method === "grid" ? "points" : "points (grid only)"}</span>
                      <input className="ff-input font-mono" value={r.count} disabled={method !== "grid"} onChange={(e) => setRow(i, { count: e.target.value })} data-testid={`count-${i}`} /></label>
                  </>
                )}
                <div className="flex items-center gap-2 pb-1">
                  {r.type === "range" && <label className="flex items-center gap-1 text-xs"><input type="checkbox" checked={r.int} onChange={(e) => setRow(i, { int: e.target.checked })} />whole</label>}
                  {rows.length > 1 && <Button size="sm" variant="ghost" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} aria-label={`Remove ${r.key}`}>Remove</Button>}
                </div>
              </div>
              <Errs list={under(`space.${r.key.trim()}`)} testId={`key-errors-${i}`} />
            </div>
          ))}
          <Errs list={under("space").filter((f) => !rowKeys.some((k) => f.field.startsWith(`space.${k}`)))} />
          <Button size="sm" onClick={() => setRows((rs) => [...rs, { key: "", type: "list", values: "", min: "", max: "", count: "3", int: false }])} data-testid="add-key">Add a key</Button>
        </div>
        <label className="mt-4 block"><span className={LABEL}>Set on every trial (key=value per line, on top of the preset version)</span>
          <textarea className="ff-input h-20 font-mono text-xs" value={fixedText} onChange={(e) => setFixedText(e.target.value)} placeholder={"num_train_epochs=1\nmax_samples=200"} data-testid="sweep-fixed" />
          <Errs list={under("fixed")} />
        </label>
      </section>

      <section className={`${SECTION} grid gap-4 lg:grid-cols-2`}>
        <div className="grid grid-cols-2 gap-3">
          <label><span className={LABEL}>Trial budget</span><input className="ff-input" inputMode="numeric" value={budget} onChange={(e) => setBudget(e.target.value)} data-testid="sweep-budget" />
            <Errs list={under("budget")} /></label>
          <label><span className={LABEL}>Concurrency (trials at once)</span><input className="ff-input" inputMode="numeric" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} data-testid="sweep-concurrency" />
            <Errs list={under("concurrency")} /></label>
        </div>
        <div>
          <label><span className={LABEL}>Cross-trial stopper (on eval loss)</span>
            <select className="ff-input" value={stopper} onChange={(e) => setStopper(e.target.value as typeof stopper)} data-testid="sweep-stopper">
              <option value="median">Median stopping</option>
              <option value="asha">ASHA (successive halving)</option>
              <option value="none">None (per-trial rules only)</option>
            </select></label>
          <p className="mt-1 text-xs text-zinc-500">{stopper === "median" ? "Stops a trial whose best eval loss is behind the median of the other trials at the same step."
            : stopper === "asha" ? "Rungs at the first step × eta^k; at each rung a trial goes on only if it ranks in the top 1/eta." : "Each trial still has its own early-stop rules."}</p>
          {stopper !== "none" && (
            <div className="mt-2 grid grid-cols-3 gap-2">
              <label><span className={LABEL}>{stopper === "median" ? "min other trials" : "min trials at a rung"}</span><input className="ff-input" value={minTrials} onChange={(e) => setMinTrials(e.target.value)} data-testid="stopper-min-trials" /></label>
              {stopper === "median"
                ? <label><span className={LABEL}>warm-up steps</span><input className="ff-input" value={warmup} onChange={(e) => setWarmup(e.target.value)} data-testid="stopper-warmup" /></label>
                : <>
                    <label><span className={LABEL}>first rung (step)</span><input className="ff-input" value={minStep} onChange={(e) => setMinStep(e.target.value)} data-testid="stopper-min-step" /></label>
                    <label><span className={LABEL}>eta</span><input className="ff-input" value={eta} onChange={(e) => setEta(e.target.value)} data-testid="stopper-eta" /></label>
                  </>}
            </div>
          )}
          <Errs list={under("stopper")} />
        </div>
      </section>

      <section className={SECTION}>
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-sm font-medium">Where trials run</h2>
          <label className="flex items-center gap-2 text-xs text-zinc-500">GPUs per trial
            <input className="ff-input w-16 py-0.5" inputMode="numeric" value={perTrial} onChange={(e) => setPerTrial(e.target.value)} data-testid="sweep-per-trial" /></label>
        </div>
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {p.hosts.map((h) => (
            <fieldset key={h.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <legend className="px-1 text-sm font-medium">{h.name} <span className="text-xs font-normal text-zinc-500">{h.status.toLowerCase()}</span></legend>
              {h.gpus.length === 0 ? <p className="text-xs text-zinc-500">No GPUs known; refresh the host.</p> : h.gpus.map((g) => {
                const k = `${h.id}:${g.index}`;
                return (
                  <label key={k} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={gpus.has(k)} data-testid={`gpu-${h.name}-${g.index}`}
                      onChange={(e) => setGpus((s) => { const n = new Set(s); if (e.target.checked) n.add(k); else n.delete(k); return n; })} />
                    GPU {g.index} <span className="text-xs text-zinc-500">{g.name}{g.busy ? " · busy (trials queue)" : ""}</span>
                  </label>
                );
              })}
            </fieldset>
          ))}
        </div>
        <p className="mt-2 text-xs text-zinc-500">{targets().length} slot{targets().length === 1 ? "" : "s"}: each trial takes the least-used slot; trials beyond the free GPUs wait in the GPU queue.</p>
        <Errs list={under("targets")} />
      </section>

      {error && (rest.length ? <Errs list={rest} testId="sweep-errors" /> : fields.length === 0 ? <FormError message={error.message} /> : null)}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={pending} data-testid="start-sweep">{pending ? "Checking every trial…" : "Start sweep"}</Button>
        <span className="text-xs text-zinc-500">Every trial's config is linted as its host's LLaMA-Factory will parse it before anything starts.</span>
      </div>
    </form>
  );
}
