// Shared contract between the trainer_log.jsonl parser (lib/logs), the ingest poller (workers/)
// and the offline CLI. Non-finite values stay as NaN / Infinity / -Infinity numbers: they are the
// most important points and must never be dropped or turned into null.
import { z } from "zod";

export const ZMetricKind = z.enum(["TRAIN", "EVAL", "SUMMARY"]);
export type TMetricKind = z.infer<typeof ZMetricKind>;

export type TParsedPoint = {
  /** Byte offset of the line's first byte in trainer_log.jsonl: the point's unique key per run. */
  offset: number;
  /** 0-based line number in the file (for messages). */
  line: number;
  kind: TMetricKind;
  /** Resume segment: increments each time current_steps decreases. */
  segment: number;
  step: number;
  totalSteps: number | null;
  epoch: number | null;
  loss: number | null;
  evalLoss: number | null;
  lr: number | null;
  gradNorm: number | null;
  throughput: number | null;
  totalTokens: number | null;
  /** PPO's mean reward (its quality signal; PPO's loss is not one). Not stored in metric_points. */
  reward: number | null;
  /** DPO/ORPO/SimPO `accuracy` (rewards/accuracies). Not stored in metric_points. */
  accuracy: number | null;
  elapsedS: number | null;
  remainingS: number | null;
};

export type TIngestWarning = { offset: number; line: number; message: string };

/**
 * What the parser must remember between polls. segment, lastStep (the highest step kept in the
 * segment) and the run's totalSteps / lastElapsedS are persisted on the Run row; a restarted worker
 * rebuilds maxTrainStep / maxEvalStep from the stored points (the duplicate count restarts at 0, so
 * a second writer is warned about once per worker start).
 */
export type TParserState = {
  segment: number;
  lastStep: number | null;
  nextLine: number;
  /** total_steps of the training (from train lines): eval-loop lines carrying another total are not steps. */
  totalSteps?: number | null;
  /** Highest TRAIN / EVAL step kept in this segment: a line at or below it is a duplicate. */
  maxTrainStep?: number | null;
  maxEvalStep?: number | null;
  /** elapsed_time (s) of the last kept line (the clock a second writer shares and a resume restarts). */
  lastElapsedS?: number | null;
  /** Duplicate lines dropped so far (a second writer); the first one is warned about. */
  duplicates?: number;
};

export type TParseResult = {
  points: TParsedPoint[];
  warnings: TIngestWarning[];
  state: TParserState;
  /** Bytes of the input consumed (up to and including the last "\n"); the rest is a partial line. */
  consumedBytes: number;
};
