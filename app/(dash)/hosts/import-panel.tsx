"use client";
// "Import runs from a folder" on a host card: the form, then the host's imports with a live progress
// bar (the GET endpoint is polled once a second while one is queued or running) and their counts.
import { useCallback, useEffect, useState, useTransition } from "react";
import Link from "next/link";
import { Button } from "@/app/components/button";
import { startImportAction } from "@/app/(dash)/hosts/import-actions";
import type { TImportDto } from "@/lib/imports/list-imports";

const fmt = new Intl.NumberFormat("en-US");

function Bar({ job }: { job: TImportDto }) {
  const pct = Math.round((job.progress ?? 0) * 100);
  const tone = job.status === "FAILED" ? "bg-red-500" : job.status === "SUCCEEDED" ? "bg-emerald-500" : "bg-accent-500";
  return (
    <div className="flex items-center gap-2">
      <div role="progressbar" aria-label={`Import of ${job.rootPath}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}
        className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <div className={`h-full rounded-full transition-[width] duration-300 ${tone}`} style={{ width: `${job.progress === null ? 0 : Math.max(2, pct)}%` }} />
      </div>
      <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-500 dark:text-zinc-400">{job.progress === null ? "…" : `${pct}%`}</span>
    </div>
  );
}

function ImportRow({ job, hostId }: { job: TImportDto; hostId: string }) {
  const live = job.status === "QUEUED" || job.status === "RUNNING";
  return (
    <li className="space-y-1 py-2" data-testid="import-row" data-status={job.status}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs">
        <code className="font-mono text-zinc-800 dark:text-zinc-200" title={job.resolvedRoot ?? job.rootPath}>{job.rootPath}</code>
        <span className={`font-medium ${job.status === "FAILED" ? "text-red-700 dark:text-red-400" : job.status === "SUCCEEDED" ? "text-emerald-700 dark:text-emerald-400" : "text-accent-700 dark:text-accent-400"}`}>
          {job.status === "SUCCEEDED" ? "Done" : job.status === "FAILED" ? "Failed" : job.status === "QUEUED" ? "Queued" : "Importing"}
        </span>
        <span className="text-zinc-700 dark:text-zinc-300" data-testid="import-summary">{job.summary}</span>
        <span className="tabular-nums text-zinc-500 dark:text-zinc-400">
          {fmt.format(job.linesDone)} lines{job.dirsFound ? ` · ${job.dirsDone}/${job.dirsFound} dirs` : ""}
        </span>
        <span className="text-zinc-500 dark:text-zinc-400" title={job.createdAt}>{new Date(job.createdAt).toLocaleString()}</span>
        {job.runsCreated + job.alreadyImported > 0 && !live && (
          <Link className="text-accent-700 hover:underline dark:text-accent-400" href={`/?host=${encodeURIComponent(hostId)}&status=IMPORTED`}>imported runs →</Link>
        )}
      </div>
      {(live || job.status === "SUCCEEDED") && <Bar job={job} />}
      {job.error && <p role={job.status === "FAILED" ? "alert" : undefined} className={`text-xs ${job.status === "FAILED" ? "text-red-700 dark:text-red-400" : "text-amber-800 dark:text-amber-300"}`}>{job.error}</p>}
    </li>
  );
}

export function ImportPanel({ hostId, hostName, canImport, defaultPath }: { hostId: string; hostName: string; canImport: boolean; defaultPath: string }) {
  const [jobs, setJobs] = useState<TImportDto[] | null>(null);
  const [path, setPath] = useState(defaultPath);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const load = useCallback(async () => {
    const r = await fetch(`/api/v1/hosts/${encodeURIComponent(hostId)}/imports`, { cache: "no-store" });
    if (r.ok) setJobs(((await r.json()) as { imports: TImportDto[] }).imports.slice(0, 6));
  }, [hostId]);

  const live = jobs?.some((j) => j.status === "QUEUED" || j.status === "RUNNING") ?? false;
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => void load(), 1000);
    return () => clearInterval(t);
  }, [live, load]);

  return (
    <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800" data-testid="import-panel">
      <h3 className="text-xs font-semibold text-zinc-700 dark:text-zinc-300">Import runs from a folder</h3>
      <p className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">
        Every LLaMA-Factory output dir under it (trainer_log.jsonl, trainer_state.json or LLaMA-Board&apos;s training_args.yaml) becomes an imported run with its curves and verdict. Importing again adds only what is new.
      </p>
      {canImport && (
        <form
          className="mt-2 flex flex-wrap items-start gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              setFieldError(null);
              const r = await startImportAction({ hostId, path });
              if (!r.ok) setFieldError(r.error.message);
              await load();
            });
          }}
        >
          <div className="min-w-64 flex-1">
            <label htmlFor={`import-path-${hostId}`} className="sr-only">Folder on {hostName}</label>
            <input
              id={`import-path-${hostId}`} name="path" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false}
              aria-invalid={fieldError ? true : undefined} aria-describedby={fieldError ? `import-path-err-${hostId}` : undefined}
              placeholder="~/LLaMA-Factory/saves"
              className="h-8 w-full rounded-md border border-zinc-300 bg-white px-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
            />
            {fieldError && <p id={`import-path-err-${hostId}`} role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">{fieldError}</p>}
          </div>
          <Button type="submit" size="md" variant="primary" disabled={pending}>{pending ? "Starting…" : "Import"}</Button>
        </form>
      )}
      {jobs && jobs.length > 0 && (
        <ul className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={`Imports on ${hostName}`}>
          {jobs.map((j) => <ImportRow key={j.id} job={j} hostId={hostId} />)}
        </ul>
      )}
    </div>
  );
}
