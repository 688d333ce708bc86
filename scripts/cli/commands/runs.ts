// `ffloor runs list [--status S] [--limit N]` | `runs get ID` | `runs watch ID [--interval MS]`.
// watch draws a progress bar (step/total, ETA, live loss) until the run ends; exit 0 only if it SUCCEEDED.
import { remoteCommand, UsageError, type TOut } from "@/lib/api/cli-command";
import { formatFloat, progressLine, table } from "@/lib/api/cli-format";
import type { TApiClient } from "@/lib/api/http-client";

const USAGE = "usage: ffloor runs list [--status RUNNING,QUEUED] [--limit N] | runs get ID | runs watch ID [--interval MS] [--json]\n";
const TERMINAL = new Set(["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "CANCELLED"]);

type TRun = { id: string; name: string; status: string; hostName: string; gpuIndices: number[]; presetName: string | null; presetVersion: number | null;
  lastStep: number | null; totalSteps: number | null; lastEpoch: number | null; lastLoss: unknown; lastEvalLoss: unknown; etaSeconds?: number | null;
  createdAt: string; createdByName: string | null; url?: string; errorExcerpt: string | null; exitCode?: number | null };

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, { status: { type: "string" }, limit: { type: "string" }, interval: { type: "string" }, host: { type: "string" } },
    async ({ values, positionals, api, o }) => {
      const [sub, id] = positionals;
      if (sub === "list") {
        const q = new URLSearchParams({ ...(values.status ? { status: values.status } : {}), ...(values.limit ? { limit: values.limit } : {}), ...(values.host ? { host: values.host } : {}) });
        const r = await api.get<{ runs: TRun[]; more: boolean }>(`/runs?${q}`);
        o.emit(r);
        o.print(r.runs.length === 0 ? "No runs." : table(["ID", "NAME", "STATUS", "HOST/GPUS", "PRESET", "STEP", "LOSS", "EVAL", "BY"], r.runs.map((x) => [
          x.id, x.name, x.status, `${x.hostName}:${x.gpuIndices.join(",")}`, x.presetName ? `${x.presetName} v${x.presetVersion}` : "—",
          x.totalSteps ? `${x.lastStep ?? 0}/${x.totalSteps}` : String(x.lastStep ?? "—"), formatFloat(x.lastLoss), formatFloat(x.lastEvalLoss), x.createdByName ?? "—",
        ])) + (r.more ? "(more runs: raise --limit)\n" : ""));
        return 0;
      }
      if (!id) throw new UsageError(`${sub ?? "runs"} needs a run ID`);
      if (sub === "get") {
        const r = await api.get<TRun>(`/runs/${encodeURIComponent(id)}`);
        o.emit(r);
        o.print(`${r.name} (${r.id})\n${progressLine(progressOf(r))}\n${r.url ?? ""}${r.errorExcerpt ? `\n${r.errorExcerpt}` : ""}`);
        return 0;
      }
      if (sub === "watch") return watch(api, o, id, Math.max(200, Number(values.interval ?? 1000) || 1000));
      throw new UsageError(sub ? `unknown subcommand ${sub}` : "missing subcommand");
    });
}

const progressOf = (r: TRun) => ({ status: r.status, step: r.lastStep, total: r.totalSteps, etaS: r.etaSeconds ?? null, loss: r.lastLoss, evalLoss: r.lastEvalLoss, epoch: r.lastEpoch });

async function watch(api: TApiClient, o: TOut, id: string, intervalMs: number): Promise<number> {
  const tty = !o.json && process.stdout.isTTY;
  let last = "";
  for (;;) {
    const r = await api.get<TRun>(`/runs/${encodeURIComponent(id)}`);
    const line = progressLine(progressOf(r), tty ? Math.max(10, Math.min(40, (process.stdout.columns ?? 100) - 80)) : 30);
    if (o.json) {
      const doc = { id: r.id, status: r.status, step: r.lastStep, totalSteps: r.totalSteps, epoch: r.lastEpoch, loss: r.lastLoss, evalLoss: r.lastEvalLoss, etaSeconds: r.etaSeconds ?? null };
      const s = JSON.stringify(doc);
      if (s !== last) process.stdout.write(`${s}\n`);
      last = s;
    } else if (tty) {
      process.stdout.write(`\r\x1b[2K${line}`);
    } else if (line !== last) {
      process.stdout.write(`${line}\n`);
      last = line;
    }
    if (TERMINAL.has(r.status)) {
      if (tty) process.stdout.write("\n");
      o.print(`${r.name} ended ${r.status}${r.exitCode !== null && r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ""}${r.errorExcerpt ? `\n${r.errorExcerpt}` : ""}`);
      return r.status === "SUCCEEDED" ? 0 : 1;
    }
    await new Promise((res) => setTimeout(res, intervalMs));
  }
}
