// The rules engine's picture of the run as the poller last stored it: the verdict so far and how far
// each rule is from firing ("overfitting: 1 of 3 evaluations"). Fed by the run page's 1-second poll.
import type { TStoredLiveVerdict, TStoredRuleProgress } from "@/lib/runs/live-verdict-store";
import { VerdictBadge } from "@/app/components/verdict-badge";

const DOT: Record<TStoredRuleProgress["status"], string> = {
  fired: "bg-red-500", counting: "bg-amber-500", watching: "bg-emerald-500", waiting: "bg-zinc-300 dark:bg-zinc-600", off: "bg-zinc-200 dark:bg-zinc-700",
};

function RuleRow({ r }: { r: TStoredRuleProgress }) {
  const share = r.count !== null && r.needed ? Math.min(1, r.count / r.needed) : null;
  const dim = r.status === "off" || r.status === "waiting";
  return (
    <li className="grid grid-cols-[auto_1fr_auto] items-center gap-2 py-1" data-testid="rule-progress" data-rule={r.rule} data-status={r.status}>
      <span className={`size-2 rounded-full ${DOT[r.status]}`} title={r.status} />
      <span className={`min-w-0 truncate ${dim ? "text-zinc-500 dark:text-zinc-400" : r.status === "fired" ? "font-medium text-red-700 dark:text-red-400" : ""}`} title={r.text}>
        {r.text}
        {r.mode === "alert" && r.status !== "off" && <span className="ml-1 text-xs text-zinc-400">(alert only)</span>}
      </span>
      {share !== null ? (
        <span className="h-1.5 w-16 overflow-hidden rounded-full bg-zinc-100 sm:w-24 dark:bg-zinc-800" aria-label={`${r.count} of ${r.needed} ${r.unit ?? ""}`}>
          <span className={`block h-full rounded-full ${share >= 1 ? "bg-red-500" : "bg-amber-500"}`} style={{ width: `${Math.max(share * 100, share > 0 ? 8 : 0)}%` }} />
        </span>
      ) : <span className="w-16 sm:w-24" />}
    </li>
  );
}

export function LiveVerdictPanel({ v, running }: { v: TStoredLiveVerdict | null; running: boolean }) {
  if (!v) {
    return running ? (
      <section className="rounded-lg border border-dashed border-zinc-300 px-3 py-2 text-sm text-zinc-500 dark:border-zinc-700" data-testid="live-verdict">
        Verdict so far: waiting for the first logged loss.
      </section>
    ) : null;
  }
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="live-verdict" data-step={v.lastStep ?? ""}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 className="font-medium">{!v.judgeable ? "Verdict" : running ? "Verdict so far" : "Rules at the last step"}</h3>
        <span className="text-xs tabular-nums text-zinc-500">
          {v.lastStep !== null ? `step ${v.lastStep}${v.totalSteps ? ` of ${v.totalSteps}` : ""}` : ""}
          {v.bestStep !== null ? ` · best step ${v.bestStep}` : ""}
        </span>
      </div>
      {(running || !v.judgeable) && (
        <p className="mt-1" data-testid="live-verdict-value">
          <VerdictBadge verdict={v.verdict} live={running && v.judgeable} />
          {v.why && <span className="ml-2 text-zinc-600 dark:text-zinc-400">{v.why}</span>}
        </p>
      )}
      {v.judgeable ? (
        <ul className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800">{v.rules.map((r) => <RuleRow key={r.rule} r={r} />)}</ul>
      ) : (
        <p className="mt-1 text-xs text-zinc-500">The early-stop rules judge train and eval losses; with none logged they have nothing to judge and claim nothing.</p>
      )}
    </section>
  );
}
