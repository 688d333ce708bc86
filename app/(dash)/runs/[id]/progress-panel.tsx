"use client";
import type { TRunProgress } from "@/lib/metrics/store/get-run-progress";
import { fmtDuration } from "./format-duration";

const num = (v: number | string | null, digits = 4) =>
  v === null ? "–" : typeof v === "string" ? v : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toPrecision(digits);

export function ProgressPanel({ progress: p }: { progress: TRunProgress }) {
  const pct = p.totalSteps && p.lastStep !== null ? Math.min(100, (p.lastStep / p.totalSteps) * 100) : 0;
  const nonFinite = typeof p.loss === "string" || typeof p.evalLoss === "string";
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid="progress">
      <div className="mb-2 h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
        <div className="h-full bg-accent-600 transition-[width] duration-700" style={{ width: `${pct}%` }} />
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4 lg:grid-cols-8">
        <Item k="step" v={<span data-testid="progress-step">{p.lastStep ?? "–"} / {p.totalSteps ?? "–"}</span>} />
        <Item k="done" v={p.totalSteps ? `${pct.toFixed(1)}%` : "–"} />
        <Item k="epoch" v={p.epoch === null ? "–" : p.epoch.toFixed(2)} />
        <Item k="elapsed" v={fmtDuration(p.elapsedS)} />
        <Item k="ETA" v={<span title="our estimate from the current segment's pace">{p.status === "RUNNING" ? fmtDuration(p.etaS) : "–"}</span>} />
        <Item k="tokens/s" v={p.throughput === null ? "–" : Math.round(p.throughput).toLocaleString()} />
        <Item k="loss" v={<span className={nonFinite && typeof p.loss === "string" ? "text-red-600 dark:text-red-400" : ""}>{num(p.loss)}</span>} />
        <Item k="eval loss" v={<span className={typeof p.evalLoss === "string" ? "text-red-600 dark:text-red-400" : ""}>{num(p.evalLoss)}</span>} />
      </dl>
      {p.segment > 0 && <p className="mt-1 text-xs text-zinc-500">Resumed {p.segment}× — elapsed spans all segments; ETA uses the current segment only.</p>}
    </section>
  );
}

function Item({ k, v }: { k: string; v: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{k}</dt>
      <dd className="font-medium tabular-nums">{v}</dd>
    </div>
  );
}
