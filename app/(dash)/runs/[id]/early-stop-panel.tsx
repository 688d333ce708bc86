// Early-stop rules in effect for this run, what fired, the verdict and advice, the best checkpoint.
import { ZRulesConfig, RULE_ORDER } from "@/lib/rules/config";
import { verdictLabel } from "@/app/components/verdict-badge";

const LIVE = new Set(["STARTING", "RUNNING", "UNREACHABLE", "STOPPING"]);

type TRunRules = { rules: unknown; liveVerdict?: unknown; status?: string; stopRule: string | null; stopStep: number | null; stopReason: string | null; verdict: string | null;
  advice: unknown; bestStep: number | null; bestEvalLoss: number | null; bestCheckpoint: string | null; finalMetrics?: unknown };

/** The final verdict's plain-words why, kept with the final metrics when the run ended. */
function verdictWhy(finalMetrics: unknown): string | null {
  const rules = (finalMetrics as { rules?: { reason?: unknown } | null } | null)?.rules;
  return typeof rules?.reason === "string" ? rules.reason : null;
}

export function EarlyStopPanel({ run }: { run: TRunRules }) {
  const parsed = ZRulesConfig.safeParse(run.rules ?? {});
  const cfg = parsed.success ? parsed.data : null;
  const advice = Array.isArray(run.advice) ? (run.advice as unknown[]).map(String) : [];
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="early-stop">
      <h3 className="mb-2 font-medium">Early stop</h3>
      {run.stopRule ? (
        <p className="mb-2 rounded bg-violet-50 p-2 text-violet-900 dark:bg-violet-950 dark:text-violet-200">
          <b>{run.stopRule}</b> fired at step {run.stopStep}: {run.stopReason}
        </p>
      ) : <p className="mb-2 text-zinc-500">No stop rule has fired.</p>}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-zinc-500">verdict</dt>
        <dd data-testid="verdict">
          <b className={run.verdict === "failed" || run.verdict === "diverged" ? "text-red-700 dark:text-red-400" : ""}>{run.verdict ? verdictLabel(run.verdict) : "–"}</b>
          {!run.verdict && run.liveVerdict && LIVE.has(run.status ?? "") ? <span className="text-zinc-500"> (given when the run ends; the verdict so far is above)</span> : null}
          {run.verdict && verdictWhy(run.finalMetrics) ? <span className="text-zinc-600 dark:text-zinc-400">: {verdictWhy(run.finalMetrics)}</span> : null}
        </dd>
        <dt className="text-zinc-500">best step</dt><dd>{run.bestStep ?? "–"}{run.bestEvalLoss !== null ? ` (eval loss ${run.bestEvalLoss.toPrecision(4)})` : ""}</dd>
        <dt className="text-zinc-500">protected checkpoint</dt><dd><code className="break-all text-xs" data-testid="best-checkpoint">{run.bestCheckpoint ?? "–"}</code></dd>
      </dl>
      {advice.length > 0 && (
        <ul className="mt-2 list-disc pl-5 text-zinc-700 dark:text-zinc-300" data-testid="advice">{advice.map((a, i) => <li key={i}>{a}</li>)}</ul>
      )}
      {cfg ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-zinc-500">Rule settings in effect</summary>
          <table className="mt-1 w-full text-xs">
            <tbody>
              {RULE_ORDER.map((r) => {
                const { mode, ...rest } = cfg[r] as { mode: string } & Record<string, unknown>;
                return (
                  <tr key={r} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-0.5 pr-2 font-medium">{r}</td>
                    <td className={`pr-2 ${mode === "stop" ? "text-violet-700 dark:text-violet-300" : mode === "off" ? "text-zinc-400" : ""}`}>{mode}</td>
                    <td className="text-zinc-500">{Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`).join(", ")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      ) : <p className="mt-2 text-xs text-red-600 dark:text-red-400">Stored rule settings are invalid: {parsed.error?.issues[0]?.message}</p>}
    </section>
  );
}
