-- Ingest speed (issue 4): the per-row foreign-key check and the insert trigger's re-read of every
-- touched block cost more than the insert itself.
--
-- 1. metric_points loses its foreign key to runs. Points are only written under a FOR UPDATE lock
--    on their run row, so the run exists, and deleting a run still removes its points, via a statement
--    trigger on runs instead of a per-row check on every inserted point.
ALTER TABLE "metric_points" DROP CONSTRAINT "metric_points_runId_fkey";

-- Byte-order comparison for the run id in both metric_points indexes: the database default
-- (C.UTF-8 or a language locale) compares through the C library's collation, ~20% of an insert.
-- Run ids are ASCII cuids, so the order is the same.
ALTER TABLE "metric_points" ALTER COLUMN "runId" TYPE text COLLATE "C";

CREATE FUNCTION runs_delete_metric_points() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM metric_points m USING gone g WHERE m."runId" = g.id\073
  RETURN NULL\073
END
';
CREATE TRIGGER runs_delete_metric_points AFTER DELETE ON runs REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION runs_delete_metric_points();

-- 2. Inserts fold only the new rows (the transition table) into their blocks: every aggregate of a
--    block is a count, sum, min or max, so merging a block's new rows into its stored row gives the
--    same result as recomputing it. Rows skipped by ON CONFLICT DO NOTHING never reach the
--    transition table, so a replayed batch adds nothing. Updates and deletes keep the recompute.
DROP TRIGGER metric_blocks_ins ON metric_points;

CREATE FUNCTION metric_blocks_merge_new() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO metric_blocks AS b ("runId", "kind", "segment", "blk", "n", "offLo", "offHi", "stepLo", "stepHi", "epochLo", "epochHi", "nEpoch", "elLo", "elHi", "nEl", "lossMn", "lossMx", "lossSum", "lossCt", "lossNfN", "lossNfStep", "lossNfEpoch", "lossNfEl", "lossNfV", "evalLossMn", "evalLossMx", "evalLossSum", "evalLossCt", "evalLossNfN", "evalLossNfStep", "evalLossNfEpoch", "evalLossNfEl", "evalLossNfV", "lrMn", "lrMx", "lrSum", "lrCt", "lrNfN", "lrNfStep", "lrNfEpoch", "lrNfEl", "lrNfV", "gradNormMn", "gradNormMx", "gradNormSum", "gradNormCt", "gradNormNfN", "gradNormNfStep", "gradNormNfEpoch", "gradNormNfEl", "gradNormNfV", "throughputMn", "throughputMx", "throughputSum", "throughputCt", "throughputNfN", "throughputNfStep", "throughputNfEpoch", "throughputNfEl", "throughputNfV")
  SELECT m."runId",
         m.kind,
         m.segment,
         (m."offset" >> 13)::int,
         count(*)::int,
         min(m."offset"),
         max(m."offset"),
         min(m.step),
         max(m.step),
         min(m.epoch),
         max(m.epoch),
         count(m.epoch)::int,
         min(m."elapsedS"),
         max(m."elapsedS"),
         count(m."elapsedS")::int,
         min(m."loss") FILTER (WHERE (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8)),
         max(m."loss") FILTER (WHERE (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8)),
         sum(m."loss") FILTER (WHERE (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8)),
         count(*) FILTER (WHERE (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8))::int,
         count(*) FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8)))::int,
         min(m.step) FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8))),
         min(m.epoch) FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8))),
         min(m."elapsedS") FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8))),
         max(m."loss") FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > ''-Infinity''::float8 AND m."loss" < ''Infinity''::float8))),
         min(m."evalLoss") FILTER (WHERE (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8)),
         max(m."evalLoss") FILTER (WHERE (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8)),
         sum(m."evalLoss") FILTER (WHERE (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8)),
         count(*) FILTER (WHERE (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8))::int,
         count(*) FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8)))::int,
         min(m.step) FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8))),
         min(m.epoch) FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8))),
         min(m."elapsedS") FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8))),
         max(m."evalLoss") FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > ''-Infinity''::float8 AND m."evalLoss" < ''Infinity''::float8))),
         min(m."lr") FILTER (WHERE (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8)),
         max(m."lr") FILTER (WHERE (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8)),
         sum(m."lr") FILTER (WHERE (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8)),
         count(*) FILTER (WHERE (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8))::int,
         count(*) FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8)))::int,
         min(m.step) FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8))),
         min(m.epoch) FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8))),
         min(m."elapsedS") FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8))),
         max(m."lr") FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > ''-Infinity''::float8 AND m."lr" < ''Infinity''::float8))),
         min(m."gradNorm") FILTER (WHERE (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8)),
         max(m."gradNorm") FILTER (WHERE (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8)),
         sum(m."gradNorm") FILTER (WHERE (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8)),
         count(*) FILTER (WHERE (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8))::int,
         count(*) FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8)))::int,
         min(m.step) FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8))),
         min(m.epoch) FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8))),
         min(m."elapsedS") FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8))),
         max(m."gradNorm") FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > ''-Infinity''::float8 AND m."gradNorm" < ''Infinity''::float8))),
         min(m."throughput") FILTER (WHERE (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8)),
         max(m."throughput") FILTER (WHERE (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8)),
         sum(m."throughput") FILTER (WHERE (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8)),
         count(*) FILTER (WHERE (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8))::int,
         count(*) FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8)))::int,
         min(m.step) FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8))),
         min(m.epoch) FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8))),
         min(m."elapsedS") FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8))),
         max(m."throughput") FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > ''-Infinity''::float8 AND m."throughput" < ''Infinity''::float8)))
  FROM changed m
  GROUP BY m."runId", m.kind, m.segment, (m."offset" >> 13)::int
  ON CONFLICT ("runId", "blk", "kind", "segment") DO UPDATE SET
    "n" = b."n" + EXCLUDED."n",
    "offLo" = LEAST(b."offLo", EXCLUDED."offLo"),
    "offHi" = GREATEST(b."offHi", EXCLUDED."offHi"),
    "stepLo" = LEAST(b."stepLo", EXCLUDED."stepLo"),
    "stepHi" = GREATEST(b."stepHi", EXCLUDED."stepHi"),
    "epochLo" = LEAST(b."epochLo", EXCLUDED."epochLo"),
    "epochHi" = GREATEST(b."epochHi", EXCLUDED."epochHi"),
    "nEpoch" = b."nEpoch" + EXCLUDED."nEpoch",
    "elLo" = LEAST(b."elLo", EXCLUDED."elLo"),
    "elHi" = GREATEST(b."elHi", EXCLUDED."elHi"),
    "nEl" = b."nEl" + EXCLUDED."nEl",
    "lossMn" = LEAST(b."lossMn", EXCLUDED."lossMn"),
    "lossMx" = GREATEST(b."lossMx", EXCLUDED."lossMx"),
    "lossSum" = CASE WHEN b."lossSum" IS NULL THEN EXCLUDED."lossSum" WHEN EXCLUDED."lossSum" IS NULL THEN b."lossSum" ELSE b."lossSum" + EXCLUDED."lossSum" END,
    "lossCt" = b."lossCt" + EXCLUDED."lossCt",
    "lossNfN" = b."lossNfN" + EXCLUDED."lossNfN",
    "lossNfStep" = LEAST(b."lossNfStep", EXCLUDED."lossNfStep"),
    "lossNfEpoch" = LEAST(b."lossNfEpoch", EXCLUDED."lossNfEpoch"),
    "lossNfEl" = LEAST(b."lossNfEl", EXCLUDED."lossNfEl"),
    "lossNfV" = GREATEST(b."lossNfV", EXCLUDED."lossNfV"),
    "evalLossMn" = LEAST(b."evalLossMn", EXCLUDED."evalLossMn"),
    "evalLossMx" = GREATEST(b."evalLossMx", EXCLUDED."evalLossMx"),
    "evalLossSum" = CASE WHEN b."evalLossSum" IS NULL THEN EXCLUDED."evalLossSum" WHEN EXCLUDED."evalLossSum" IS NULL THEN b."evalLossSum" ELSE b."evalLossSum" + EXCLUDED."evalLossSum" END,
    "evalLossCt" = b."evalLossCt" + EXCLUDED."evalLossCt",
    "evalLossNfN" = b."evalLossNfN" + EXCLUDED."evalLossNfN",
    "evalLossNfStep" = LEAST(b."evalLossNfStep", EXCLUDED."evalLossNfStep"),
    "evalLossNfEpoch" = LEAST(b."evalLossNfEpoch", EXCLUDED."evalLossNfEpoch"),
    "evalLossNfEl" = LEAST(b."evalLossNfEl", EXCLUDED."evalLossNfEl"),
    "evalLossNfV" = GREATEST(b."evalLossNfV", EXCLUDED."evalLossNfV"),
    "lrMn" = LEAST(b."lrMn", EXCLUDED."lrMn"),
    "lrMx" = GREATEST(b."lrMx", EXCLUDED."lrMx"),
    "lrSum" = CASE WHEN b."lrSum" IS NULL THEN EXCLUDED."lrSum" WHEN EXCLUDED."lrSum" IS NULL THEN b."lrSum" ELSE b."lrSum" + EXCLUDED."lrSum" END,
    "lrCt" = b."lrCt" + EXCLUDED."lrCt",
    "lrNfN" = b."lrNfN" + EXCLUDED."lrNfN",
    "lrNfStep" = LEAST(b."lrNfStep", EXCLUDED."lrNfStep"),
    "lrNfEpoch" = LEAST(b."lrNfEpoch", EXCLUDED."lrNfEpoch"),
    "lrNfEl" = LEAST(b."lrNfEl", EXCLUDED."lrNfEl"),
    "lrNfV" = GREATEST(b."lrNfV", EXCLUDED."lrNfV"),
    "gradNormMn" = LEAST(b."gradNormMn", EXCLUDED."gradNormMn"),
    "gradNormMx" = GREATEST(b."gradNormMx", EXCLUDED."gradNormMx"),
    "gradNormSum" = CASE WHEN b."gradNormSum" IS NULL THEN EXCLUDED."gradNormSum" WHEN EXCLUDED."gradNormSum" IS NULL THEN b."gradNormSum" ELSE b."gradNormSum" + EXCLUDED."gradNormSum" END,
    "gradNormCt" = b."gradNormCt" + EXCLUDED."gradNormCt",
    "gradNormNfN" = b."gradNormNfN" + EXCLUDED."gradNormNfN",
    "gradNormNfStep" = LEAST(b."gradNormNfStep", EXCLUDED."gradNormNfStep"),
    "gradNormNfEpoch" = LEAST(b."gradNormNfEpoch", EXCLUDED."gradNormNfEpoch"),
    "gradNormNfEl" = LEAST(b."gradNormNfEl", EXCLUDED."gradNormNfEl"),
    "gradNormNfV" = GREATEST(b."gradNormNfV", EXCLUDED."gradNormNfV"),
    "throughputMn" = LEAST(b."throughputMn", EXCLUDED."throughputMn"),
    "throughputMx" = GREATEST(b."throughputMx", EXCLUDED."throughputMx"),
    "throughputSum" = CASE WHEN b."throughputSum" IS NULL THEN EXCLUDED."throughputSum" WHEN EXCLUDED."throughputSum" IS NULL THEN b."throughputSum" ELSE b."throughputSum" + EXCLUDED."throughputSum" END,
    "throughputCt" = b."throughputCt" + EXCLUDED."throughputCt",
    "throughputNfN" = b."throughputNfN" + EXCLUDED."throughputNfN",
    "throughputNfStep" = LEAST(b."throughputNfStep", EXCLUDED."throughputNfStep"),
    "throughputNfEpoch" = LEAST(b."throughputNfEpoch", EXCLUDED."throughputNfEpoch"),
    "throughputNfEl" = LEAST(b."throughputNfEl", EXCLUDED."throughputNfEl"),
    "throughputNfV" = GREATEST(b."throughputNfV", EXCLUDED."throughputNfV")\073
  RETURN NULL\073
END
';
CREATE TRIGGER metric_blocks_ins AFTER INSERT ON metric_points REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION metric_blocks_merge_new();
