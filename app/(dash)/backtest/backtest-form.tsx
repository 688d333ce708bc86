"use client";
import { useState, useTransition } from "react";
import { Badge } from "@/app/components/badge";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { RulesEditor } from "@/app/components/rules-editor";
import type { TBacktestReport } from "@/lib/backtest/types";
import type { TFinishedRun } from "@/lib/backtest/list-finished-runs";
import { defaultRulesConfig, type TRulesConfig } from "@/lib/rules/config";
import type { TPresetRules } from "@/lib/rules-settings/list-preset-rules";
import { runBacktestAction } from "./actions";
import { BacktestRunCard, BacktestTable, BacktestTotals } from "./backtest-results";
import { formatDateTime } from "@/lib/format/format-time";

type TUpload = { name: string; text: string; gpus: number };
type TKind = "defaults" | "preset" | "custom";
// Server actions take at most 1 MB per request (Next's default body limit) and JSON escaping of the
// log's quotes adds ~15%; bigger logs go through the CLI.
const MAX_UPLOAD_BYTES = 800 * 1024;

export function BacktestForm(p: { runs: TFinishedRun[]; presets: TPresetRules[]; initialPresetId: string | null }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [uploads, setUploads] = useState<TUpload[]>([]);
  const [kind, setKind] = useState<TKind>(p.initialPresetId ? "preset" : "defaults");
  const [presetId, setPresetId] = useState(p.initialPresetId ?? p.presets[0]?.id ?? "");
  const [custom, setCustom] = useState<TRulesConfig | null>(defaultRulesConfig());
  const [editorSeed, setEditorSeed] = useState<{ key: number; rules: TRulesConfig }>({ key: 0, rules: defaultRulesConfig() });
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<(TBacktestReport & { rulesLabel: string }) | null>(null);
  const [pending, start] = useTransition();
  const preset = p.presets.find((x) => x.id === presetId);

  const toggle = (id: string) => setSelected((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id); else n.add(id);
    return n;
  });

  const pickKind = (k: TKind) => {
    // "Edit" starts from what was picked, so tweaking a preset's rules is one click away.
    if (k === "custom" && kind !== "custom") {
      const base = kind === "preset" && preset?.rules ? preset.rules : defaultRulesConfig();
      setEditorSeed((s) => ({ key: s.key + 1, rules: base }));
      setCustom(base);
    }
    setKind(k);
  };

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    const added: TUpload[] = [];
    for (const f of Array.from(files)) added.push({ name: f.name, text: await f.text(), gpus: 1 });
    setUploads((u) => [...u, ...added]);
  };
  const uploadBytes = uploads.reduce((s, u) => s + new TextEncoder().encode(u.text).length, 0);

  const run = () => start(async () => {
    setError(null);
    if (uploadBytes > MAX_UPLOAD_BYTES) {
      setError(`Uploads total ${(uploadBytes / 1024).toFixed(0)} KiB; the page takes up to ${MAX_UPLOAD_BYTES / 1024} KiB. Use "npm run -s cli -- backtest FILE" for bigger logs.`);
      return;
    }
    if (kind === "custom" && !custom) { setError("Fix the highlighted rule setting first."); return; }
    const ruleSet = kind === "defaults" ? { kind } as const : kind === "preset" ? { kind, presetId } as const : { kind, rules: custom };
    let r: Awaited<ReturnType<typeof runBacktestAction>>;
    try {
      r = await runBacktestAction({ runIds: [...selected], uploads, ruleSet });
    } catch {
      // Transport failures (request too large, server restarting) never reach authAction's result.
      setError("The server did not answer the backtest request. Try fewer runs or smaller uploads.");
      return;
    }
    if (!r.ok) { setError(r.error.message); return; }
    setReport(r.data);
  });

  const allSelected = p.runs.length > 0 && p.runs.every((r) => selected.has(r.id));
  return (
    <div className="space-y-6">
      {/* The rules editor needs the full width; the run picker and a plain choice fit side by side. */}
      <div className={`grid grid-cols-1 items-start gap-6 ${kind === "custom" ? "" : "xl:grid-cols-2"}`}>
        <section className="ff-card space-y-3 p-4" aria-labelledby="bt-runs">
          <div className="flex items-center justify-between">
            <h2 id="bt-runs" className="text-sm font-semibold">Finished runs</h2>
            {p.runs.length > 0 && (
              <Button size="sm" variant="ghost" onClick={() => setSelected(allSelected ? new Set() : new Set(p.runs.map((r) => r.id)))}>
                {allSelected ? "Select none" : "Select all"}
              </Button>
            )}
          </div>
          {p.runs.length === 0 ? (
            <p className="text-sm text-zinc-500">No finished runs with logged steps yet. Upload a trainer_log.jsonl below instead.</p>
          ) : (
            <ul className="max-h-80 divide-y divide-zinc-100 overflow-y-auto rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="backtest-run-list">
              {p.runs.map((r) => (
                <li key={r.id}>
                  <label className="flex cursor-pointer items-center gap-3 px-3 py-1.5 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                    <input type="checkbox" className="accent-accent-600" checked={selected.has(r.id)} onChange={() => toggle(r.id)} aria-label={r.name} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate" title={r.name}>{r.name}</span>
                      <span className="block truncate text-xs text-zinc-500">{r.host} · {r.gpus} GPU{r.gpus === 1 ? "" : "s"} · {r.lastStep ?? "?"}/{r.totalSteps ?? "?"} steps</span>
                    </span>
                    <Badge>{r.status.toLowerCase().replace("_", " ")}</Badge>
                    {r.finishedAt && <time className="hidden whitespace-nowrap text-right text-xs text-zinc-500 lg:inline" dateTime={r.finishedAt}>{formatDateTime(r.finishedAt)}</time>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div>
            <label htmlFor="bt-upload" className="ff-label">Upload trainer_log.jsonl (offline backtest)</label>
            <input id="bt-upload" type="file" multiple accept=".jsonl,.json,.txt,.log,application/json,text/plain"
              className="block text-xs text-zinc-500 file:mr-2 file:cursor-pointer file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-2.5 file:py-1 file:text-xs file:font-medium file:text-zinc-800 hover:file:bg-zinc-50 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
              onChange={(e) => { void addFiles(e.target.files); e.target.value = ""; }} />
            {uploads.length > 0 && (
              <ul className="mt-2 space-y-1 text-xs" data-testid="backtest-uploads">
                {uploads.map((u, i) => (
                  <li key={`${u.name}-${i}`} className="flex items-center gap-2">
                    <span className="min-w-0 flex-1 truncate font-mono">{u.name}</span>
                    <span className="text-zinc-500">{(u.text.length / 1024).toFixed(0)} KiB</span>
                    <label className="flex items-center gap-1 text-zinc-500">GPUs
                      <input className="ff-input w-14 py-0.5 text-xs" inputMode="numeric" value={u.gpus} aria-label={`GPUs for ${u.name}`}
                        onChange={(e) => setUploads((all) => all.map((x, j) => (j === i ? { ...x, gpus: Math.max(1, Math.min(64, Number(e.target.value) || 1)) } : x)))} />
                    </label>
                    <Button size="sm" variant="ghost" onClick={() => setUploads((all) => all.filter((_, j) => j !== i))} aria-label={`Remove ${u.name}`}>Remove</Button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>

        <section className="ff-card space-y-3 p-4" aria-labelledby="bt-rules">
          <h2 id="bt-rules" className="text-sm font-semibold">Rule set</h2>
          <div role="radiogroup" aria-label="Rule set" className="flex flex-wrap gap-4 text-sm">
            {(["defaults", "preset", "custom"] as const).map((k) => (
              <label key={k} className="flex items-center gap-1.5">
                <input type="radio" name="bt-kind" className="accent-accent-600" checked={kind === k} onChange={() => pickKind(k)}
                  disabled={k === "preset" && p.presets.length === 0} />
                {k === "defaults" ? "Default rules" : k === "preset" ? "A preset's rules" : "Edit rules"}
              </label>
            ))}
          </div>
          {kind === "preset" && (
            <div>
              <label htmlFor="bt-preset" className="ff-label">Preset</label>
              <select id="bt-preset" className="ff-input" value={presetId} onChange={(e) => setPresetId(e.target.value)}>
                {p.presets.map((x) => <option key={x.id} value={x.id}>{x.name}{x.error ? " (invalid rules)" : ""}</option>)}
              </select>
              {preset?.error && <p className="mt-1 text-xs text-red-600">{preset.error}</p>}
            </div>
          )}
          {kind === "custom" ? (
            <RulesEditor key={editorSeed.key} initial={editorSeed.rules} onChange={setCustom} idPrefix="bt-rules" />
          ) : (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {kind === "defaults" ? "The defaults work on any LLaMA-Factory run with no configuration." : "The rules saved on the preset (edit them on the preset's page)."}
              {" "}Pick &ldquo;Edit rules&rdquo; to change modes and parameters for this backtest.
            </p>
          )}
        </section>
      </div>

      <FormError message={error} id="backtest-error" />
      <div className="flex items-center justify-end gap-3">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {selected.size === 0 && uploads.length === 0 ? "Tick finished runs or upload a log to backtest"
            : `${selected.size} run${selected.size === 1 ? "" : "s"}${uploads.length ? ` + ${uploads.length} upload${uploads.length === 1 ? "" : "s"}` : ""}`}
        </span>
        <Button variant="primary" onClick={run} disabled={pending || (selected.size === 0 && uploads.length === 0)}>
          {pending ? "Running…" : "Run backtest"}
        </Button>
      </div>

      {report && (
        <div className="space-y-4" data-testid="backtest-report">
          {report.warnings.length > 0 && (
            <ul className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
              {report.warnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          )}
          <BacktestTotals totals={report.totals} rulesLabel={report.rulesLabel} />
          <BacktestTable runs={report.runs} />
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3">
            {report.runs.map((r) => <BacktestRunCard key={r.key} run={r} />)}
          </div>
        </div>
      )}
    </div>
  );
}
