-- metric_blocks.runId gets the same byte-order collation as metric_points.runId (fast_ingest). With
-- different collations, the block-upkeep triggers' joins on runId could not use the metric_blocks
-- primary key and scanned the whole table on every grad-norm update.
ALTER TABLE "metric_blocks" ALTER COLUMN "runId" TYPE text COLLATE "C";
