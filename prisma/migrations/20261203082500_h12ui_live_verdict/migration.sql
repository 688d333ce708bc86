-- The live verdict and each rule's progress, written by the poller at each ingest (Run.liveVerdict).
ALTER TABLE "runs" ADD COLUMN "liveVerdict" JSONB;
