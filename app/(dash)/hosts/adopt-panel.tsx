"use client";
// "Trainings started by hand": one ps over SSH on request (not on every page refresh), each
// llamafactory-cli training with its output_dir and an Adopt button; ours already link to their run.
import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { Badge } from "@/app/components/badge";
import { adoptProcessAction } from "@/app/(dash)/hosts/import-actions";
import type { TAdoptable } from "@/lib/adopt/list-adoptable";

function ago(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

function Row({ p, hostId, canAdopt }: { p: TAdoptable; hostId: string; canAdopt: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-1 py-2 text-xs" data-testid="adoptable-row" data-pid={p.pid}>
      <div className="min-w-0 flex-1 space-y-0.5">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium tabular-nums text-zinc-800 dark:text-zinc-200">pid {p.pid}</span>
          <span className="text-zinc-500 dark:text-zinc-400">running {ago(p.startedAt)}</span>
          {p.torchrun && <Badge tone="neutral">torchrun · {p.ranks} rank{p.ranks === 1 ? "" : "s"}</Badge>}
          {p.llamaboard ? <Badge tone="green">LLAMABOARD_ENABLED: graceful stop saves</Badge> : <Badge tone="amber">no LLAMABOARD_ENABLED: stop = SIGTERM/SIGKILL</Badge>}
        </div>
        <code className="block truncate font-mono text-[11px] text-zinc-600 dark:text-zinc-400" title={p.command}>{p.command}</code>
        <div className="truncate text-zinc-600 dark:text-zinc-400" title={p.outputDir ?? undefined}>
          output_dir <code className="font-mono text-zinc-800 dark:text-zinc-200">{p.outputDir ?? "?"}</code>
        </div>
        {p.problem && !p.runId && <p className="text-amber-800 dark:text-amber-300">{p.problem}</p>}
        {error && <p role="alert" className="text-red-700 dark:text-red-400">{error}</p>}
      </div>
      <div className="shrink-0">
        {p.runId ? (
          <Link className="text-accent-700 hover:underline dark:text-accent-400" href={`/runs/${p.runId}`}>
            {p.runOrigin === "ADOPTED" ? "adopted: open run →" : "launched by Factory Floor →"}
          </Link>
        ) : canAdopt ? (
          <Button size="sm" variant="primary" disabled={pending || !!p.problem} title={p.problem ?? undefined}
            onClick={() => start(async () => {
              setError(null);
              const r = await adoptProcessAction({ hostId, pid: p.pid });
              if (!r.ok) return setError(r.error.message);
              router.push(`/runs/${r.data.runId}`);
            })}>
            {pending ? "Adopting…" : "Adopt"}
          </Button>
        ) : null}
      </div>
    </li>
  );
}

export function AdoptPanel({ hostId, hostName, canAdopt }: { hostId: string; hostName: string; canAdopt: boolean }) {
  const [found, setFound] = useState<TAdoptable[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const scan = () => start(async () => {
    setError(null);
    const r = await fetch(`/api/v1/hosts/${encodeURIComponent(hostId)}/adoptable`, { cache: "no-store" });
    const body = (await r.json()) as { processes?: TAdoptable[]; error?: { message: string } };
    if (!r.ok || !body.processes) return setError(body.error?.message ?? `HTTP ${r.status}`);
    setFound(body.processes);
  });
  return (
    <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800" data-testid="adopt-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-xs font-semibold text-zinc-700 dark:text-zinc-300">Trainings started by hand</h3>
        <Button size="sm" onClick={scan} disabled={pending}>{pending ? "Looking…" : found ? "Look again" : "Look for running trainings"}</Button>
      </div>
      <p className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">
        llamafactory-cli processes of {hostName}&apos;s login user (ps over SSH). An adopted run is watched live, judged by the rules and can be stopped from its page; a graceful stop needs LLAMABOARD_ENABLED in the process&apos;s environment, otherwise it is SIGTERM, then SIGKILL.
      </p>
      {error && <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">{error}</p>}
      {found && found.length === 0 && <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="adoptable-none">No llamafactory-cli training is running on {hostName}.</p>}
      {found && found.length > 0 && (
        <ul className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={`Trainings on ${hostName}`}>
          {found.map((p) => <Row key={p.pid} p={p} hostId={hostId} canAdopt={canAdopt} />)}
        </ul>
      )}
    </div>
  );
}
