// The rules' verdict on a run. While the run trains it is the verdict so far: italic, with a "live" mark,
// so it never reads as the final word.
const TONE: Record<string, string> = {
  converged: "text-emerald-700 dark:text-emerald-400",
  learning: "text-sky-700 dark:text-sky-400",
  underfitting: "text-sky-700 dark:text-sky-400",
  overfitting: "text-amber-700 dark:text-amber-400",
  stalled: "text-amber-700 dark:text-amber-400",
  diverged: "text-red-700 dark:text-red-400",
  failed: "text-red-700 dark:text-red-400",
  "not-judgeable": "text-zinc-500 dark:text-zinc-400",
};

export const verdictLabel = (v: string) => (v === "not-judgeable" ? "not judgeable" : v);

export function VerdictBadge({ verdict, live = false, title }: { verdict: string; live?: boolean; title?: string }) {
  return (
    <span className={`inline-flex items-baseline gap-1 whitespace-nowrap text-xs font-medium ${TONE[verdict] ?? "text-zinc-700 dark:text-zinc-300"}`}
      data-verdict={verdict} data-live={live ? "yes" : "no"} title={title ?? (live ? "verdict so far, while the run trains" : undefined)}>
      <span className={live ? "italic" : ""}>{verdictLabel(verdict)}</span>
      {live && <span className="rounded bg-blue-50 px-1 text-[10px] font-semibold uppercase not-italic tracking-wide text-blue-600 dark:bg-blue-950 dark:text-blue-300">live</span>}
    </span>
  );
}
