// Reads the run's newest trainer_state.json when one appears or changes (a checkpoint save, the end of
// training) and ingests it (lib/runs/ingest-trainer-state.ts). One stat per candidate per poll; the
// file is read only when its size or mtime changed.
import { ingestTrainerState, trainerStatePaths } from "@/lib/runs/ingest-trainer-state";
import { saveStepsOf } from "@/lib/runs/ingest-best-checkpoint";
import type { TSshConnection } from "@/lib/ssh/connect";
import type { TPollableRun } from "./load-pollable-runs";
import type { TRunMemory } from "./run-memory";

const MAX_STATE_BYTES = 64 * 1024 * 1024;

export async function pollTrainerState(conn: TSshConnection, run: TPollableRun, mem: TRunMemory): Promise<void> {
  let newest: { path: string; size: number; mtimeMs: number } | null = null;
  for (const path of trainerStatePaths(run.outputDir, mem.parser.lastStep ?? run.lastStep, saveStepsOf(run.configYaml), run.totalSteps)) {
    const st = await conn.stat(path).catch(() => null);
    if (!st || st.isDirectory || st.size === 0 || st.size > MAX_STATE_BYTES) continue;
    if (!newest || st.mtimeMs > newest.mtimeMs) newest = { path, size: st.size, mtimeMs: st.mtimeMs };
  }
  if (!newest) return;
  const key = `${newest.path}:${newest.size}:${newest.mtimeMs}`;
  if (mem.trainerStateSeen === key) return;
  const buf = await conn.readFrom(newest.path, 0, newest.size);
  // A file still being written parses as invalid JSON: leave the key unset and try again next poll.
  const r = await ingestTrainerState({ runId: run.id, segment: mem.parser.segment, file: newest.path, text: buf.toString("utf8") });
  if (r.ok) mem.trainerStateSeen = key;
}
