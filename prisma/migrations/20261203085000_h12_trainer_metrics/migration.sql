ALTER TABLE "runs" ADD COLUMN "trainerMetrics" JSONB;
