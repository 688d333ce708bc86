// /sweeps: every sweep, newest first, with progress, pruned trials and the best eval loss so far.
import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { listSweeps } from "@/lib/sweeps/get-sweep";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { AutoRefresh } from "@/app/components/auto-refresh";
import { buttonClass } from "@/app/components/button";
import { formatDateTime } from "@/lib/format/format-time";
import { SweepStatus } from "./sweep-status";

export const metadata: Metadata = { title: "Sweeps" };
export const dynamic = "force-dynamic";

export default async function SweepsPage() {
  await requireUser();
  const sweeps = await listSweeps();
  return (
    <div>
      {sweeps.some((s) => s.status === "RUNNING" || s.status === "CANCELLING") && <AutoRefresh everyMs={4000} />}
      <PageHeader title="Sweeps" description="Grid and random searches over a preset's keys, with cross-trial early stopping. Start one from a preset's page."
        actions={<Link href="/presets" className={buttonClass("secondary")}>Pick a preset</Link>} />
      {sweeps.length === 0 ? (
        <EmptyState title="No sweeps yet" body="Open a preset and press Sweep: choose keys (lists, ranges, log ranges), a budget and how many trials run at once."
          action={<Link href="/presets" className={buttonClass("primary")}>Go to presets</Link>} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm" data-testid="sweeps-table">
            <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
              <tr>{["name", "status", "preset", "keys", "method", "stopper", "trials", "pruned", "best eval loss", "started"].map((h) => <th key={h} className="whitespace-nowrap px-3 py-2 font-medium">{h}</th>)}</tr>
            </thead>
            <tbody>
              {sweeps.map((s) => (
                <tr key={s.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="sweep-row">
                  <td className="whitespace-nowrap px-3 py-1.5"><Link className="font-medium text-accent-600 hover:underline" href={`/sweeps/${s.id}`}>{s.name}</Link></td>
                  <td className="px-3 py-1.5"><SweepStatus status={s.status} /></td>
                  <td className="px-3 py-1.5 whitespace-nowrap">{s.presetName}@v{s.presetVersion}</td>
                  <td className="px-3 py-1.5 font-mono text-xs">{s.keys.join(", ")}</td>
                  <td className="px-3 py-1.5">{s.method}</td>
                  <td className="px-3 py-1.5">{s.stopper}</td>
                  <td className="px-3 py-1.5 tabular-nums whitespace-nowrap">{s.trialsLaunched} / {s.budget}{s.trialsLive ? <span className="text-xs text-zinc-500"> · {s.trialsLive} live</span> : null}</td>
                  <td className="px-3 py-1.5 tabular-nums">{s.trialsPruned}</td>
                  <td className="px-3 py-1.5 font-mono tabular-nums">{s.bestEvalLoss !== null ? s.bestEvalLoss.toFixed(4) : "–"}</td>
                  <td className="px-3 py-1.5 whitespace-nowrap text-xs text-zinc-500">{formatDateTime(new Date(s.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
