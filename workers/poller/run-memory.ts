// What the poller keeps in memory per run between polls. None of it is needed for correctness of
// the stored points (those are keyed by offset in Postgres); it is rebuilt from the database when a
// worker starts: parser state from the Run row, the rules engine by replaying stored points.
import type { TParserState } from "@/lib/logs/types";
import type { TConsoleState } from "@/lib/logs/parse-console";
import type { TEngine } from "@/lib/rules/create-engine";
import type { TGradPoint, TGradRecord } from "@/lib/runs/pair-grad-norms";

export type TRunMemory = {
  /** The stored offsets this memory is in step with. A run row read with other offsets means another
   * worker ingested in between: the parser state and the engine missed lines, so they are rebuilt. */
  logOffset: number;
  consoleOffset: number;
  parser: TParserState;
  consoleState: TConsoleState;
  engine: TEngine | null;
  /** Best step the engine reported last; a change triggers checkpoint protection. */
  bestStep: number | null;
  bestEvalLoss: number | null;
  /** checkpoint-N to protect once it is saved (null = nothing pending). */
  wantCheckpoint: number | null;
  gradPoints: TGradPoint[];
  gradRecords: TGradRecord[];
  /** Last time the run's files grew (ms), for the no-progress watchdog; undefined = read it from Postgres. */
  lastProgressAt: number | undefined;
  /** Consecutive polls of a finished run that found nothing new (then it is finalised). */
  quietPolls: number;
  /** The live verdict last written to Run.liveVerdict (its JSON without the time); null = not written by this worker. */
  liveKey: string | null;
  /** path:size:mtime of the trainer_state.json last ingested (undefined: none yet, or read again after a restart). */
  trainerStateSeen?: string;
};

const memory = new Map<string, TRunMemory>();

export function getRunMemory(runId: string): TRunMemory | undefined {
  return memory.get(runId);
}

export function setRunMemory(runId: string, m: TRunMemory): void {
  memory.set(runId, m);
}

export function forgetRun(runId: string): void {
  memory.delete(runId);
}

/** Drops runs no longer polled so a long-lived worker does not grow without bound. */
export function retainRuns(ids: Set<string>): void {
  for (const id of memory.keys()) if (!ids.has(id)) memory.delete(id);
}

/** Bounded pending lists: a console that never prints dicts must not keep every point forever. */
export function capPending<T>(xs: T[], max = 5000): T[] {
  return xs.length > max ? xs.slice(xs.length - max) : xs;
}
