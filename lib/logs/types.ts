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
  elapsedS: number | null;
  remainingS: number | null;
};

export type TIngestWarning = { offset: number; line: number; message: string };

/** What the parser must remember between polls (persisted on the Run row). */
export type TParserState = { segment: number; lastStep: number | null; nextLine: number };

export type TParseResult = {
  points: TParsedPoint[];
  warnings: TIngestWarning[];
  state: TParserState;
  /** Bytes of the input consumed (up to and including the last "\n"); the rest is a partial line. */
  consumedBytes: number;
};
