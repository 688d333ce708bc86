-- Train rows leave the (runId, kind, segment, step) index: maintaining it cost about a third of the
-- ingest time (measured 400-700 ms per 200k rows, against 150-200 ms for the primary key).
-- Train rows are found through the primary key instead: within a segment step grows with the file
-- offset, and metric_blocks maps step, epoch and wall ranges to offset ranges. Eval and summary rows
-- (about 2 in 100) keep a step index of their own.
DROP INDEX "metric_points_runId_kind_segment_step_idx";
CREATE INDEX "metric_points_nontrain_step_idx" ON "metric_points" ("runId", "kind", "segment", "step") WHERE "kind" <> 'TRAIN';
-- First and last block of each (kind, segment) give a segment's step/epoch/wall edges in two probes.
CREATE INDEX "metric_blocks_runId_kind_segment_blk_idx" ON "metric_blocks" ("runId", "kind", "segment", "blk");

-- Ingest folds its new rows into metric_blocks itself (it holds them in memory, and the trigger's
-- 60-aggregate GROUP BY over the transition table was a third of the ingest time). The client COPYs
-- one row per touched block, built with the trigger's definitions, into its session's temporary
-- metric_blocks_stage, and this function merges them exactly as the trigger does (the ON CONFLICT
-- list below is the trigger's own).
-- It merges only if this transaction's COPY ran with the trigger standing aside (ff.blocks_folded
-- still client), and clears the flag: outside a transaction the flag is gone, the trigger has
-- already folded the rows, and merging again would count them twice. Returns whether it merged.
CREATE FUNCTION metric_blocks_merge_staged() RETURNS boolean LANGUAGE plpgsql AS E'
DECLARE
  folded boolean := current_setting(''ff.blocks_folded'', true) IS NOT DISTINCT FROM ''client''\073
BEGIN
  IF folded THEN
    PERFORM set_config(''ff.blocks_folded'', '''', true)\073
    INSERT INTO metric_blocks AS b SELECT * FROM pg_temp.metric_blocks_stage
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
  END IF\073
  DELETE FROM pg_temp.metric_blocks_stage\073
  RETURN folded\073
END
';

-- The insert trigger stands aside for the statement whose transaction set ff.blocks_folded to
-- client (set_config is_local, cleared again right after the COPY): every other writer keeps it.
DROP TRIGGER metric_blocks_ins ON metric_points;
CREATE TRIGGER metric_blocks_ins AFTER INSERT ON metric_points REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT WHEN (current_setting('ff.blocks_folded', true) IS DISTINCT FROM 'client')
  EXECUTE FUNCTION metric_blocks_merge_new();

-- The recompute trigger (updates, deletes) works run by run with the run id and block range as
-- parameters. As one join, its plan followed the table's statistics: with one large run dominating
-- them, Postgres expected half the table per run id and hash-joined a sequential scan of
-- metric_points on every grad-norm update (0.4 s each, so a 200-run poll cycle took 10 s).
CREATE OR REPLACE FUNCTION metric_blocks_refresh() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  t record\073
BEGIN
  FOR t IN SELECT "runId" AS id, (min("offset") >> 13)::int AS lo, (max("offset") >> 13)::int AS hi FROM changed GROUP BY "runId" LOOP
  DELETE FROM metric_blocks b WHERE b."runId" = t.id AND b.blk BETWEEN t.lo AND t.hi\073
  INSERT INTO metric_blocks ("runId", "kind", "segment", "blk", "n", "offLo", "offHi", "stepLo", "stepHi", "epochLo", "epochHi", "nEpoch", "elLo", "elHi", "nEl", "lossMn", "lossMx", "lossSum", "lossCt", "lossNfN", "lossNfStep", "lossNfEpoch", "lossNfEl", "lossNfV", "evalLossMn", "evalLossMx", "evalLossSum", "evalLossCt", "evalLossNfN", "evalLossNfStep", "evalLossNfEpoch", "evalLossNfEl", "evalLossNfV", "lrMn", "lrMx", "lrSum", "lrCt", "lrNfN", "lrNfStep", "lrNfEpoch", "lrNfEl", "lrNfV", "gradNormMn", "gradNormMx", "gradNormSum", "gradNormCt", "gradNormNfN", "gradNormNfStep", "gradNormNfEpoch", "gradNormNfEl", "gradNormNfV", "throughputMn", "throughputMx", "throughputSum", "throughputCt", "throughputNfN", "throughputNfStep", "throughputNfEpoch", "throughputNfEl", "throughputNfV")
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
  FROM metric_points m
  WHERE m."runId" = t.id AND m."offset" >= (t.lo::bigint << 13) AND m."offset" < ((t.hi::bigint + 1) << 13)
  GROUP BY m."runId", m.kind, m.segment, (m."offset" >> 13)::int\073
  END LOOP\073
  RETURN NULL\073
END
';
