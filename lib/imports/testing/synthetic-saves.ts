// Test/bench only: a LLaMA-Factory saves/ tree of synthetic runs (LogCallback line format, one
// trainer_log.jsonl + trainer_state.json per output dir), written locally for a sandbox host to serve.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { syntheticTrainerLog } from "@/scripts/bench/synthetic-log";

export function writeSyntheticSaves(root: string, o: { runs: number; linesPerRun: number }): { dirs: string[]; lines: number; bytes: number } {
  const dirs: string[] = [];
  let bytes = 0;
  const log = syntheticTrainerLog(o.linesPerRun);
  for (let i = 0; i < o.runs; i++) {
    const dir = path.join(root, `model-${i % 7}`, "lora", `train_${String(i).padStart(5, "0")}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "trainer_log.jsonl"), log);
    writeFileSync(path.join(dir, "trainer_state.json"), JSON.stringify({ global_step: o.linesPerRun * 5, max_steps: o.linesPerRun * 5, logging_steps: 5, save_steps: 500, log_history: [] }, null, 2));
    bytes += Buffer.byteLength(log);
    dirs.push(dir);
  }
  return { dirs, lines: o.runs * o.linesPerRun, bytes };
}
