// The backtest page's server side: resolve the rule set, replay each selected run's stored points
// and each uploaded log, and total the outcome.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defaultRulesConfig, type TRulesConfig } from "@/lib/rules/config";
import { getPresetRules } from "@/lib/rules-settings/list-preset-rules";
import { ZRulesInput } from "@/lib/rules-settings/parse-rules";
import { backtestOne } from "./backtest-one";
import { loadRunPoints } from "./load-run-points";
import { parseUpload } from "./parse-upload";
import { summarize } from "./summarize";
import type { TBacktestReport, TBacktestRun } from "./types";

export const MAX_RUNS = 50;
export const MAX_UPLOADS = 10;

export const ZRuleSet = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("defaults") }),
  z.object({ kind: z.literal("preset"), presetId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal("custom"), rules: ZRulesInput }),
]);

export const ZRunBacktest = z.object({
  runIds: z.array(z.string().min(1).max(64)).max(MAX_RUNS, `Pick at most ${MAX_RUNS} runs.`).default([]),
  uploads: z.array(z.object({
    name: z.string().trim().min(1).max(200),
    text: z.string().max(50 * 1024 * 1024),
    gpus: z.number().int().min(1).max(64).default(1),
  })).max(MAX_UPLOADS, `Upload at most ${MAX_UPLOADS} files.`).default([]),
  ruleSet: ZRuleSet,
}).refine((v) => v.runIds.length + v.uploads.length > 0, { message: "Pick at least one run or upload a trainer_log.jsonl.", path: ["runIds"] });

export async function resolveRuleSet(rs: z.output<typeof ZRuleSet>): Promise<{ rules: TRulesConfig; label: string }> {
  if (rs.kind === "defaults") return { rules: defaultRulesConfig(), label: "default rules" };
  if (rs.kind === "custom") return { rules: rs.rules, label: "edited rules" };
  const p = await getPresetRules({ presetId: rs.presetId });
  if (!p) throw new AppError("not_found", "No such preset.", "ruleSet");
  if (!p.rules) throw new AppError("invalid", `Preset ${p.name} has invalid stored rules (${p.error}); fix them in the rules editor.`, "ruleSet");
  return { rules: p.rules, label: `rules of preset ${p.name}` };
}

export async function runBacktest(raw: z.input<typeof ZRunBacktest>): Promise<TBacktestReport & { rulesLabel: string; rules: TRulesConfig }> {
  const input = ZRunBacktest.parse(raw);
  const { rules, label } = await resolveRuleSet(input.ruleSet);
  const runs: TBacktestRun[] = [];
  const warnings: string[] = [];
  // One run at a time: a long run's points are the memory peak, never several at once.
  for (const id of [...new Set(input.runIds)]) {
    const r = await loadRunPoints({ runId: id });
    if (r.points.length === 0) { warnings.push(`${r.name}: no stored points, skipped`); continue; }
    runs.push(backtestOne({ key: `run:${r.id}`, label: r.name, source: "run", runId: r.id, points: r.points, rules, gpus: r.gpus, durationS: r.durationS, endedByHand: r.endedByHand }));
  }
  input.uploads.forEach((u, i) => {
    const parsed = parseUpload(u.name, u.text);
    warnings.push(...parsed.warnings);
    runs.push(backtestOne({ key: `upload:${i}:${u.name}`, label: u.name, source: "upload", points: parsed.points, rules, gpus: u.gpus, durationS: parsed.durationS }));
  });
  return { runs, totals: summarize(runs), warnings, rulesLabel: label, rules };
}
