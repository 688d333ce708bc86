// The trainer_state.json that belongs to a trainer_log.jsonl: the output dir's own (written at the end)
// or the newest checkpoint-N/'s, whichever has seen more steps.
import { readFile, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { mergeTrainerState, parseTrainerState, type TTrainerState } from "@/lib/logs/parse-trainer-state";
import type { TParsedPoint } from "@/lib/logs/types";

export type TFoundState = { file: string; state: TTrainerState } | { file: string; error: string } | null;

export async function findTrainerState(logFile: string): Promise<TFoundState> {
  const dir = dirname(logFile);
  const candidates = [join(dir, "trainer_state.json")];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isDirectory() && /^checkpoint-\d+$/.test(e.name)) candidates.push(join(dir, e.name, "trainer_state.json"));
  const seen = (st: TTrainerState): number => {
    let m = st.globalStep ?? 0;
    for (const x of st.entries) if (x.step > m) m = x.step;
    return m;
  };
  let best: { file: string; state: TTrainerState } | null = null;
  let firstError: { file: string; error: string } | null = null;
  for (const file of candidates) {
    const text = await readFile(file, "utf8").catch(() => null);
    if (text === null) continue;
    try {
      const state = parseTrainerState(text);
      if (!best || seen(state) > seen(best.state)) best = { file, state };
    } catch (e) {
      firstError ??= { file, error: e instanceof Error ? e.message : String(e) };
    }
  }
  return best ?? firstError;
}

/** The log's points completed from its trainer_state.json, when there is one (offline parse and backtest). */
export async function withTrainerState(logFile: string, points: TParsedPoint[], fileBytes: number): Promise<{ points: TParsedPoint[]; summary: TStateSummary | null }> {
  const found = await findTrainerState(logFile);
  if (!found) return { points, summary: null };
  if ("error" in found) return { points, summary: { file: found.file, error: found.error } };
  const m = mergeTrainerState(points, found.state, fileBytes);
  return {
    points: m.points,
    summary: { file: found.file, globalStep: found.state.globalStep, entries: found.state.entries.length, addedPoints: m.added, gradNorms: m.gradNorms, extraMetrics: m.extraMetrics },
  };
}

export type TStateSummary =
  | { file: string; globalStep: number | null; entries: number; addedPoints: number; gradNorms: number; extraMetrics: string[] }
  | { file: string; error: string };
