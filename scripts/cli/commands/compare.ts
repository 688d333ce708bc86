// `ffloor compare ID ID ... [--all]`: the compare page URL, then the hyperparameters that differ
// between the runs and their outcomes, as a table.
import { parse as parseYaml } from "yaml";
import { remoteCommand, UsageError } from "@/lib/api/cli-command";
import { diffConfigs, formatDuration, formatFloat, table } from "@/lib/api/cli-format";

const USAGE = "usage: ffloor compare ID ID [ID...] [--all] [--json]\n";

type TRun = { id: string; name: string; status: string; configYaml: string; lastStep: number | null; totalSteps: number | null; lastLoss: unknown;
  bestEvalLoss: unknown; bestStep: number | null; startedAt: string | null; finishedAt: string | null; presetName: string | null; presetVersion: number | null; verdict: string | null };

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, { all: { type: "boolean" } }, async ({ values, positionals, api, o }) => {
    const ids = [...new Set(positionals)];
    if (ids.length < 2 || ids.length > 10) throw new UsageError("compare 2 to 10 runs");
    const runs = await Promise.all(ids.map((id) => api.get<TRun>(`/runs/${encodeURIComponent(id)}`)));
    const url = `${api.base}/compare?runs=${ids.map(encodeURIComponent).join(",")}`;
    const configs = runs.map((r) => {
      const c = (parseYaml(r.configYaml, { version: "1.1" }) ?? {}) as Record<string, unknown>;
      delete c.output_dir; // always differs (one folder per run): noise in a diff
      return c;
    });
    const diff = diffConfigs(configs, !!values.all);
    const dur = (r: TRun) => (r.startedAt ? ((r.finishedAt ? Date.parse(r.finishedAt) : Date.now()) - Date.parse(r.startedAt)) / 1000 : null);
    const outcomes = [
      { key: "preset", values: runs.map((r) => (r.presetName ? `${r.presetName} v${r.presetVersion}` : "—")) },
      { key: "status", values: runs.map((r) => r.status) },
      { key: "verdict", values: runs.map((r) => r.verdict ?? "—") },
      { key: "steps", values: runs.map((r) => (r.totalSteps ? `${r.lastStep ?? 0}/${r.totalSteps}` : String(r.lastStep ?? "—"))) },
      { key: "final train loss", values: runs.map((r) => formatFloat(r.lastLoss)) },
      { key: "best eval loss", values: runs.map((r) => `${formatFloat(r.bestEvalLoss)}${r.bestStep !== null ? ` @${r.bestStep}` : ""}`) },
      { key: "duration", values: runs.map((r) => formatDuration(dur(r))) },
    ];
    o.emit({ ok: true, url, runs: runs.map((r) => ({ id: r.id, name: r.name })), differs: diff, outcomes });
    const header = ["KEY", ...runs.map((r) => `${r.name} (${r.id.slice(0, 10)})`)];
    o.print(`${url}\n\n${diff.length ? table(header, diff.map((d) => [d.key, ...d.values])) : "Same hyperparameters.\n"}\n${table(["OUTCOME", ...header.slice(1)], outcomes.map((d) => [d.key, ...d.values]))}`);
    return 0;
  });
}
