-- DropIndex
DROP INDEX "metric_points_runId_offset_key";

-- AlterTable
ALTER TABLE "metric_points" DROP CONSTRAINT "metric_points_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "metric_points_pkey" PRIMARY KEY ("runId", "offset");

-- CreateTable
CREATE TABLE "metric_blocks" (
    "runId" TEXT NOT NULL,
    "kind" "MetricKind" NOT NULL,
    "segment" INTEGER NOT NULL,
    "blk" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "offLo" BIGINT NOT NULL,
    "offHi" BIGINT NOT NULL,
    "stepLo" INTEGER NOT NULL,
    "stepHi" INTEGER NOT NULL,
    "epochLo" DOUBLE PRECISION,
    "epochHi" DOUBLE PRECISION,
    "nEpoch" INTEGER NOT NULL,
    "elLo" INTEGER,
    "elHi" INTEGER,
    "nEl" INTEGER NOT NULL,
    "lossMn" DOUBLE PRECISION,
    "lossMx" DOUBLE PRECISION,
    "lossSum" DOUBLE PRECISION,
    "lossCt" INTEGER NOT NULL DEFAULT 0,
    "lossNfN" INTEGER NOT NULL DEFAULT 0,
    "lossNfStep" INTEGER,
    "lossNfEpoch" DOUBLE PRECISION,
    "lossNfEl" INTEGER,
    "lossNfV" DOUBLE PRECISION,
    "evalLossMn" DOUBLE PRECISION,
    "evalLossMx" DOUBLE PRECISION,
    "evalLossSum" DOUBLE PRECISION,
    "evalLossCt" INTEGER NOT NULL DEFAULT 0,
    "evalLossNfN" INTEGER NOT NULL DEFAULT 0,
    "evalLossNfStep" INTEGER,
    "evalLossNfEpoch" DOUBLE PRECISION,
    "evalLossNfEl" INTEGER,
    "evalLossNfV" DOUBLE PRECISION,
    "lrMn" DOUBLE PRECISION,
    "lrMx" DOUBLE PRECISION,
    "lrSum" DOUBLE PRECISION,
    "lrCt" INTEGER NOT NULL DEFAULT 0,
    "lrNfN" INTEGER NOT NULL DEFAULT 0,
    "lrNfStep" INTEGER,
    "lrNfEpoch" DOUBLE PRECISION,
    "lrNfEl" INTEGER,
    "lrNfV" DOUBLE PRECISION,
    "gradNormMn" DOUBLE PRECISION,
    "gradNormMx" DOUBLE PRECISION,
    "gradNormSum" DOUBLE PRECISION,
    "gradNormCt" INTEGER NOT NULL DEFAULT 0,
    "gradNormNfN" INTEGER NOT NULL DEFAULT 0,
    "gradNormNfStep" INTEGER,
    "gradNormNfEpoch" DOUBLE PRECISION,
    "gradNormNfEl" INTEGER,
    "gradNormNfV" DOUBLE PRECISION,
    "throughputMn" DOUBLE PRECISION,
    "throughputMx" DOUBLE PRECISION,
    "throughputSum" DOUBLE PRECISION,
    "throughputCt" INTEGER NOT NULL DEFAULT 0,
    "throughputNfN" INTEGER NOT NULL DEFAULT 0,
    "throughputNfStep" INTEGER,
    "throughputNfEpoch" DOUBLE PRECISION,
    "throughputNfEl" INTEGER,
    "throughputNfV" DOUBLE PRECISION,

    CONSTRAINT "metric_blocks_pkey" PRIMARY KEY ("runId","blk","kind","segment")
);

-- AddForeignKey
ALTER TABLE "metric_blocks" ADD CONSTRAINT "metric_blocks_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- metric_blocks upkeep. Every statement that writes metric_points (the ingest, grad-norm updates,
-- tests and seeds that insert directly) recomputes the blocks it touched from the raw rows, so the
-- rollup is exact and exactly-once follows from the raw table guarantee. A block is 8 KiB of the log
-- file (blk = offset >> 13, ~35 lines), so a recompute reads at most a few dozen rows per block.
-- The body is an E-string with \073 for each semicolon: the JS schema engine of Prisma splits
-- migration scripts at every semicolon, dollar quotes included.
CREATE FUNCTION metric_blocks_refresh() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM metric_blocks b
   USING (SELECT "runId", (min("offset") >> 13)::int AS lo, (max("offset") >> 13)::int AS hi FROM changed GROUP BY "runId") t
   WHERE b."runId" = t."runId" AND b.blk BETWEEN t.lo AND t.hi\073
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
  FROM (SELECT "runId", (min("offset") >> 13)::int AS lo, (max("offset") >> 13)::int AS hi FROM changed GROUP BY "runId") t
  JOIN metric_points m ON m."runId" = t."runId" AND m."offset" >= (t.lo::bigint << 13) AND m."offset" < ((t.hi::bigint + 1) << 13)
  GROUP BY m."runId", m.kind, m.segment, (m."offset" >> 13)::int\073
  RETURN NULL\073
END
';

-- Transition tables allow one event per trigger, and all three name theirs "changed".
CREATE TRIGGER metric_blocks_ins AFTER INSERT ON metric_points REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION metric_blocks_refresh();
CREATE TRIGGER metric_blocks_upd AFTER UPDATE ON metric_points REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION metric_blocks_refresh();
CREATE TRIGGER metric_blocks_del AFTER DELETE ON metric_points REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION metric_blocks_refresh();

-- Runs ingested before this migration get their blocks now.
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
       min(m."loss") FILTER (WHERE (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8)),
       max(m."loss") FILTER (WHERE (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8)),
       sum(m."loss") FILTER (WHERE (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8)),
       count(*) FILTER (WHERE (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8))::int,
       count(*) FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8)))::int,
       min(m.step) FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8))),
       min(m.epoch) FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8))),
       min(m."elapsedS") FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8))),
       max(m."loss") FILTER (WHERE (m."loss" IS NOT NULL AND NOT (m."loss" > '-Infinity'::float8 AND m."loss" < 'Infinity'::float8))),
       min(m."evalLoss") FILTER (WHERE (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8)),
       max(m."evalLoss") FILTER (WHERE (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8)),
       sum(m."evalLoss") FILTER (WHERE (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8)),
       count(*) FILTER (WHERE (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8))::int,
       count(*) FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8)))::int,
       min(m.step) FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8))),
       min(m.epoch) FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8))),
       min(m."elapsedS") FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8))),
       max(m."evalLoss") FILTER (WHERE (m."evalLoss" IS NOT NULL AND NOT (m."evalLoss" > '-Infinity'::float8 AND m."evalLoss" < 'Infinity'::float8))),
       min(m."lr") FILTER (WHERE (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8)),
       max(m."lr") FILTER (WHERE (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8)),
       sum(m."lr") FILTER (WHERE (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8)),
       count(*) FILTER (WHERE (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8))::int,
       count(*) FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8)))::int,
       min(m.step) FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8))),
       min(m.epoch) FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8))),
       min(m."elapsedS") FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8))),
       max(m."lr") FILTER (WHERE (m."lr" IS NOT NULL AND NOT (m."lr" > '-Infinity'::float8 AND m."lr" < 'Infinity'::float8))),
       min(m."gradNorm") FILTER (WHERE (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8)),
       max(m."gradNorm") FILTER (WHERE (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8)),
       sum(m."gradNorm") FILTER (WHERE (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8)),
       count(*) FILTER (WHERE (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8))::int,
       count(*) FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8)))::int,
       min(m.step) FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8))),
       min(m.epoch) FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8))),
       min(m."elapsedS") FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8))),
       max(m."gradNorm") FILTER (WHERE (m."gradNorm" IS NOT NULL AND NOT (m."gradNorm" > '-Infinity'::float8 AND m."gradNorm" < 'Infinity'::float8))),
       min(m."throughput") FILTER (WHERE (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8)),
       max(m."throughput") FILTER (WHERE (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8)),
       sum(m."throughput") FILTER (WHERE (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8)),
       count(*) FILTER (WHERE (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8))::int,
       count(*) FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8)))::int,
       min(m.step) FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8))),
       min(m.epoch) FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8))),
       min(m."elapsedS") FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8))),
       max(m."throughput") FILTER (WHERE (m."throughput" IS NOT NULL AND NOT (m."throughput" > '-Infinity'::float8 AND m."throughput" < 'Infinity'::float8)))
FROM metric_points m
GROUP BY m."runId", m.kind, m.segment, (m."offset" >> 13)::int;

