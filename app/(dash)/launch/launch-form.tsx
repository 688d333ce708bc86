"use client";
import { useMemo, useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { formatMiB } from "@/lib/format/format-time";
import type { THostDto } from "@/lib/hosts/host-dto";
import { launchRunAction } from "@/app/(dash)/launch/actions";
import { ResolvedYaml } from "@/app/(dash)/launch/resolved-yaml";
import { MultiNodePicker, type TNodePick } from "@/app/(dash)/launch/multi-node-picker";

type THost = { id: string; name: string; address?: string; status: THostDto["status"]; gpus: THostDto["gpus"]; lfProblem?: string | null };
type TFieldErr = { field: string; message: string };
type TCluster = { id: string; name: string; partition: string; gpusPerNode: number; timeLimitMin: number; online: boolean; lfProblem?: string | null };
const SLURM = "slurm:";
type TVersion = { id: string; version: number; message: string; yaml: string; allowExtraKeys: boolean };

const freeOf = (h: THost | undefined) => new Set((h?.gpus ?? []).filter((g) => !g.busyRunId).map((g) => g.index));
/** One free GPU (the lowest), not all of them: most runs want one, and a multi-GPU run is a choice. */
const firstFree = (h: THost | undefined) => new Set([...freeOf(h)].sort((a, b) => a - b).slice(0, 1));

export function LaunchForm(p: {
  presets: { id: string; name: string; latestVersion: number | null }[];
  presetId: string;
  versions: TVersion[];
  initialVersionId: string;
  hosts: THost[];
  clusters?: TCluster[];
  /** A host id, or "slurm:<cluster id>". */
  initialHostId: string;
  defaultName: string;
  /** key=value lines (a relaunch of an earlier run). */
  initialOverrides?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [versionId, setVersionId] = useState(p.initialVersionId);
  const [hostId, setHostId] = useState(p.initialHostId);
  const host = p.hosts.find((h) => h.id === hostId);
  const cluster = hostId.startsWith(SLURM) ? (p.clusters ?? []).find((c) => c.id === hostId.slice(SLURM.length)) : undefined;
  const [gpus, setGpus] = useState<Set<number>>(() => firstFree(host));
  const [gpuCount, setGpuCount] = useState(1);
  const [overrides, setOverrides] = useState(p.initialOverrides ?? "");
  const [name, setName] = useState(p.defaultName);
  const [priority, setPriority] = useState("0");
  const [error, setError] = useState<{ message: string; field?: string; fields?: TFieldErr[] } | null>(null);
  const [showYaml, setShowYaml] = useState(false);
  const [nodes, setNodes] = useState<TNodePick[]>([]);
  const [masterPort, setMasterPort] = useState("29500");
  const [pending, start] = useTransition();
  const version = useMemo(() => p.versions.find((v) => v.id === versionId), [p.versions, versionId]);
  const errField = error?.fields ? undefined : error?.field?.split(".")[0];
  // Preflight refusals name several fields; each one is shown under the input it is about.
  const preflight = error?.fields ?? [];
  const errs = (pred: (f: string) => boolean) => preflight.filter((e) => pred(e.field));
  const isConfig = (f: string) => f.startsWith("config.") || f === "overrides";
  const isNodes = (f: string) => f.startsWith("nodes") || f === "masterPort" || f === "masterAddr";
  const shown = (f: string) => f === "hostId" || f === "gpuIndices" || isConfig(f) || isNodes(f);
  const FieldErrs = ({ list, id }: { list: TFieldErr[]; id: string }) =>
    list.length ? (
      <ul id={id} role="alert" className="mt-2 space-y-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200" data-testid={id}>
        {list.map((e, i) => (
          <li key={i}>
            <code className="mr-1 rounded bg-red-100 px-1 font-mono text-[11px] dark:bg-red-900/60">{e.field.replace(/^config\./, "")}</code>
            {e.message}
          </li>
        ))}
      </ul>
    ) : null;

  const pickHost = (id: string) => {
    setHostId(id);
    setGpus(firstFree(p.hosts.find((h) => h.id === id)));
    setNodes((ns) => ns.filter((n) => n.hostId !== id));
  };
  const toggleGpu = (i: number) =>
    setGpus((s) => {
      const n = new Set(s);
      if (n.has(i)) n.delete(i);
      else n.add(i);
      return n;
    });
  const launch = () =>
    start(async () => {
      setError(null);
      const target = cluster
        ? { hostId: "", clusterId: cluster.id, gpuIndices: Array.from({ length: gpuCount }, (_, i) => i) }
        : { hostId, gpuIndices: [...gpus].sort((a, b) => a - b), ...(nodes.length ? { nodes, masterPort } : {}) };
      const r = await launchRunAction({ presetVersionId: versionId, ...target, overrides, name, priority: Number(priority) });
      if (!r.ok) return setError(r.error);
      router.push(`/runs/${r.data.runId}`);
    });

  return (
    <form className="grid grid-cols-1 gap-6 lg:grid-cols-3" onSubmit={(e) => { e.preventDefault(); launch(); }}>
      <div className="ff-card space-y-5 p-5 lg:col-span-2">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <div className="sm:col-span-2">
            <label htmlFor="launch-preset" className="ff-label">Preset</label>
            <select id="launch-preset" className="ff-input" value={p.presetId} onChange={(e) => router.replace(`${pathname}?preset=${encodeURIComponent(e.target.value)}&host=${encodeURIComponent(hostId)}`)}>
              {p.presets.map((x) => (
                <option key={x.id} value={x.id}>{x.name}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="launch-version" className="ff-label">Version</label>
            <select id="launch-version" className="ff-input" value={versionId} onChange={(e) => setVersionId(e.target.value)} aria-invalid={errField === "presetVersionId" || undefined}>
              {p.versions.map((v, i) => (
                <option key={v.id} value={v.id}>v{v.version}{i === 0 ? " (latest)" : ""}{v.message ? ` · ${v.message.slice(0, 40)}` : ""}</option>
              ))}
            </select>
          </div>
        </div>

        <div>
          <label htmlFor="launch-host" className="ff-label">Target</label>
          <select id="launch-host" className="ff-input" value={hostId} onChange={(e) => pickHost(e.target.value)} aria-invalid={errField === "hostId" || errs((f) => f === "hostId").length > 0 || undefined}>
            <optgroup label="Hosts (SSH)">
              {p.hosts.map((h) => {
                const free = freeOf(h).size;
                return (
                  <option key={h.id} value={h.id}>
                    {h.name} · {free}/{h.gpus.length} GPUs free{h.status !== "ONLINE" ? " · unreachable" : ""}{h.lfProblem ? " · LF cannot start" : ""}
                  </option>
                );
              })}
            </optgroup>
            {(p.clusters ?? []).length > 0 && (
              <optgroup label="Slurm clusters">
                {(p.clusters ?? []).map((c) => (
                  <option key={c.id} value={`${SLURM}${c.id}`}>
                    {c.name} · Slurm, partition {c.partition} · {c.gpusPerNode} GPUs/node{!c.online ? " · login node unreachable" : ""}{c.lfProblem ? " · LF cannot start" : ""}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          {cluster?.lfProblem && !preflight.length && (
            <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">The login node&apos;s runtime profile cannot start LLaMA-Factory: {cluster.lfProblem} <a href="/hosts" className="underline">Fix it on the Hosts page</a>.</p>
          )}
          {host?.lfProblem && !preflight.length && (
            <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">This host&apos;s runtime profile cannot start LLaMA-Factory: {host.lfProblem} <a href="/hosts" className="underline">Fix it on the Hosts page</a>.</p>
          )}
          <FieldErrs list={errs((f) => f === "hostId")} id="preflight-host" />
        </div>

        {cluster ? (
          <div>
            <label htmlFor="launch-gpu-count" className="ff-label">GPUs (Slurm picks the node and devices)</label>
            <select id="launch-gpu-count" className="ff-input max-w-40" value={gpuCount} onChange={(e) => setGpuCount(Number(e.target.value))} aria-invalid={errField === "gpuIndices" || undefined}>
              {Array.from({ length: cluster.gpusPerNode }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="slurm-submit-line">
              sbatch --gres=gpu:{gpuCount} --partition={cluster.partition} --time={cluster.timeLimitMin} --signal=B:ABRT@120: LLaMA-Factory saves and stops 2 minutes before the time limit; the run can then be resumed.
            </p>
            <FieldErrs list={errs((f) => f === "gpuIndices")} id="preflight-gpus" />
          </div>
        ) : (
        <fieldset aria-invalid={errField === "gpuIndices" || errs((f) => f === "gpuIndices").length > 0 || undefined}>
          <legend className="ff-label">GPUs</legend>
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-2" data-testid="gpu-picker">
            {(host?.gpus ?? []).map((g) => {
              const busy = !!g.busyRunId;
              const on = gpus.has(g.index);
              return (
                <label key={g.index} data-busy={busy || undefined} className={`flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-xs ${on ? (busy ? "border-amber-500 bg-amber-50/60 dark:bg-amber-500/10" : "border-accent-500 bg-accent-50/50 dark:bg-accent-500/10") : busy ? "border-zinc-200 bg-zinc-50 text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/50" : "border-zinc-300 dark:border-zinc-700"}`}>
                  <input type="checkbox" checked={on} onChange={() => toggleGpu(g.index)} aria-label={`GPU ${g.index}`} className="accent-accent-600" />
                  <span className="shrink-0 whitespace-nowrap font-mono">GPU {g.index}</span>
                  <span className="min-w-0 flex-1 truncate" title={`${g.name} · ${formatMiB(g.memoryTotalMiB)}`}>{g.name}</span>
                  <span className="shrink-0 whitespace-nowrap text-zinc-500 dark:text-zinc-400">{formatMiB(g.memoryTotalMiB)}</span>
                  <span className={`max-w-40 shrink-0 truncate whitespace-nowrap ${busy ? "" : "text-emerald-700 dark:text-emerald-400"}`} title={busy ? `busy: ${g.busyRunName}` : undefined}>{busy ? <>busy: {g.busyRunName}</> : "free"}</span>
                </label>
              );
            })}
          </div>
          {[...gpus].some((i) => host?.gpus.find((g) => g.index === i)?.busyRunId) && (
            <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">A ticked GPU is busy: the run will wait in the queue and start when it frees up.</p>
          )}
          <FieldErrs list={errs((f) => f === "gpuIndices")} id="preflight-gpus" />
        </fieldset>
        )}
        {!cluster && (
          <MultiNodePicker hosts={p.hosts} rank0HostId={hostId} gpuCount={gpus.size} nodes={nodes} onNodes={setNodes} masterPort={masterPort} onMasterPort={setMasterPort}
            masterAddr={host?.address ?? null} errors={[...errs(isNodes), ...(error && !error.fields && error.field && isNodes(error.field) ? [{ field: error.field, message: error.message }] : [])]} />
        )}

        <div>
          <label htmlFor="launch-overrides" className="ff-label">Overrides (one key=value per line)</label>
          <textarea id="launch-overrides" rows={4} value={overrides} onChange={(e) => setOverrides(e.target.value)} spellCheck={false}
            placeholder={"learning_rate=1e-4\nnum_train_epochs=2"} aria-invalid={errField === "overrides" || errs(isConfig).length > 0 || undefined}
            aria-describedby={errField === "overrides" ? "launch-error" : undefined} className="ff-input font-mono text-xs" />
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">LLaMA-Factory argument names, validated like the preset. They only change this run.</p>
          {/* An override error sits under the box it is about, not at the foot of the form. */}
          {errField === "overrides" && <div className="mt-2"><FormError message={error?.message} id="launch-error" /></div>}
          {errs(isConfig).length > 0 && <p className="mt-2 text-xs font-medium text-red-700 dark:text-red-300">LLaMA-Factory on this host would refuse this configuration (preset + overrides):</p>}
          <FieldErrs list={errs(isConfig)} id="preflight-config" />
        </div>

        <div className="grid grid-cols-1 gap-3 sm:grid-cols-4">
          <div className="sm:col-span-3">
            <label htmlFor="launch-name" className="ff-label">Run name</label>
            <input id="launch-name" className="ff-input" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errField === "name" || undefined} />
          </div>
          <div>
            <label htmlFor="launch-priority" className="ff-label">Priority</label>
            <input id="launch-priority" className="ff-input" inputMode="numeric" value={priority} onChange={(e) => setPriority(e.target.value)} aria-invalid={errField === "priority" || undefined} />
          </div>
        </div>

        {errField !== "overrides" && !preflight.length && <FormError message={error?.message} id="launch-error" />}
        <FieldErrs list={errs((f) => !shown(f))} id="preflight-other" />
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={pending || (!cluster && gpus.size === 0)}>{pending ? "Launching…" : "Launch"}</Button>
        </div>
      </div>

      <aside className="ff-card h-fit p-4 text-xs">
        <div className="mb-2 flex items-center justify-between">
          <h2 className="min-w-0 truncate text-sm font-semibold" title={p.presets.find((x) => x.id === p.presetId)?.name}>
            {p.presets.find((x) => x.id === p.presetId)?.name} <span className="font-normal text-zinc-500">v{version?.version}</span>
          </h2>
          <button type="button" className="text-accent-600 hover:underline dark:text-accent-400" onClick={() => setShowYaml((s) => !s)}>{showYaml ? "Hide YAML" : "Show YAML"}</button>
        </div>
        <p className="text-zinc-500 dark:text-zinc-400">{version?.message || "No version message."}</p>
        {showYaml && version && <ResolvedYaml presetYaml={version.yaml} overrides={overrides} allowExtraKeys={version.allowExtraKeys} />}
        <p className="mt-3 text-zinc-500 dark:text-zinc-400">output_dir is set by Factory Floor: every run gets its own folder on the host.</p>
      </aside>
    </form>
  );
}
