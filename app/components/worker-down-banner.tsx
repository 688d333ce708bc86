"use client";
// The "no worker" banner under the header on every dashboard page. The layout renders it with the
// state at request time; it then re-checks every 10 s, so a page left open notices a worker dying
// (or coming back) without a reload. The seconds count up between checks.
import { useEffect, useState } from "react";
import { workerDownMessage, type TWorkerHealth } from "@/lib/worker-health/get-worker-health";

const RECHECK_MS = 10_000;

export function WorkerDownBanner({ initial }: { initial: TWorkerHealth }) {
  const [health, setHealth] = useState(initial);
  const [base, setBase] = useState(() => Date.now());
  const [, tick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    const check = async () => {
      try {
        const r = await fetch("/api/worker-health", { cache: "no-store" });
        if (!r.ok || cancelled) return;
        setHealth((await r.json()) as TWorkerHealth);
        setBase(Date.now());
      } catch {
        /* offline: keep the last answer */
      }
    };
    const poll = setInterval(() => void check(), RECHECK_MS);
    const second = setInterval(() => tick((n) => n + 1), 1_000);
    return () => { cancelled = true; clearInterval(poll); clearInterval(second); };
  }, []);
  const shown = health.silentForS === null ? health : { ...health, silentForS: health.silentForS + Math.floor((Date.now() - base) / 1000) };
  const message = workerDownMessage(shown);
  if (!message) return null;
  return (
    <div role="alert" data-testid="worker-down-banner" className="border-b border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-100">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2 text-sm">
        <span aria-hidden className="grid size-5 shrink-0 place-items-center rounded-full bg-red-600 text-xs font-bold text-white">!</span>
        <span className="font-medium">{message}</span>
        <span>
          Start it with <code className="rounded bg-red-100 px-1.5 py-0.5 font-mono text-xs dark:bg-red-900/60">npm run worker</code>.
        </span>
      </div>
    </div>
  );
}
