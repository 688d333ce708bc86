// What the runtime probe found through the host's profile: versions, driver, disk, datasets, or
// why LLaMA-Factory cannot start there. Server component; the editor below it is the client part.
import type { THostDto } from "@/lib/hosts/host-dto";
import { formatAgo } from "@/lib/format/format-time";
import { Badge } from "@/app/components/badge";
import { ProfileEditor } from "@/app/(dash)/hosts/profile-editor";

const gb = (b: number | null) => (b === null ? "?" : b >= 2 ** 40 ? `${(b / 2 ** 40).toFixed(1)} TiB` : `${(b / 2 ** 30).toFixed(0)} GiB`);

function Fact({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className={`truncate text-xs text-zinc-800 dark:text-zinc-200 ${mono ? "font-mono" : ""}`} title={value}>{value}</dd>
    </div>
  );
}

export function RuntimePanel({ host, canEdit }: { host: THostDto; canEdit: boolean }) {
  const rt = host.runtime;
  const p = host.profile;
  return (
    <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800" data-testid="runtime-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-xs font-semibold text-zinc-700 dark:text-zinc-300">LLaMA-Factory runtime</h3>
        {rt?.ok ? <Badge tone="green">Starts LF</Badge> : rt ? <Badge tone="red">Cannot start LF</Badge> : <Badge tone="amber">Not checked</Badge>}
        {p ? <span className="text-[11px] text-zinc-500 dark:text-zinc-400">profile v{p.version}</span> : <span className="text-[11px] text-zinc-500 dark:text-zinc-400">no runtime profile yet: launches are refused until one is saved</span>}
        {rt && <span className="text-[11px] text-zinc-500 dark:text-zinc-400" title={rt.probedAt}>checked {formatAgo(new Date(rt.probedAt))}</span>}
      </div>
      {rt && !rt.ok && (
        <p role="alert" data-testid="runtime-problem" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
          {rt.problem}
        </p>
      )}
      {!rt && host.staleRuntime && (
        <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">The last check was made with an older profile version; refresh the host to check this one.</p>
      )}
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3 xl:grid-cols-6">
        <Fact label="Activation" value={p?.activation || "none (login PATH)"} mono />
        <Fact label="LF working dir" value={rt?.lfDirAbs ?? p?.lfDir ?? "?"} mono />
        <Fact label="Runs folder" value={rt?.runsDirAbs ?? p?.runsDir ?? "?"} mono />
        {rt?.ok && (
          <>
            <Fact label="LLaMA-Factory" value={rt.lfVersion ?? "?"} />
            <Fact label="transformers · torch" value={`${rt.transformersVersion ?? "?"} · ${rt.torchVersion ?? "?"}`} />
            <Fact label="CUDA driver · free disk" value={`${rt.cudaDriver || "?"} · ${gb(rt.diskFreeBytes)}`} />
          </>
        )}
      </dl>
      {p && p.envVars.length > 0 && (
        <p className="mt-2 truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400" title={p.envVars.map((e) => `${e.name}=${e.value}`).join(" ")}>
          env: {p.envVars.map((e) => `${e.name}=${e.value}`).join("  ")}
        </p>
      )}
      {rt?.ok && (
        <details className="mt-2 text-xs" data-testid="runtime-datasets">
          <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            {rt.datasetInfoError ? rt.datasetInfoError : `${rt.datasets.length} datasets in data/dataset_info.json`}
          </summary>
          <p className="mt-1 max-h-28 overflow-auto font-mono text-[11px] leading-5 text-zinc-700 dark:text-zinc-300">{rt.datasets.join(", ")}</p>
        </details>
      )}
      {canEdit && <ProfileEditor hostId={host.id} profile={p} />}
    </div>
  );
}
