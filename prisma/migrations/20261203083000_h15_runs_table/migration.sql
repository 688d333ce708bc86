-- Runs table (issue 15): tags, notes, derived hyperparameters, and the indexes its filters use.
ALTER TABLE "runs" ADD COLUMN "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
                   ADD COLUMN "notes" TEXT NOT NULL DEFAULT '',
                   ADD COLUMN "hparams" JSONB;

CREATE INDEX "runs_tags_idx" ON "runs" USING GIN ("tags");
CREATE INDEX "runs_presetVersionId_idx" ON "runs"("presetVersionId");
-- Rows whose hparams are still to be derived from configYaml (Prisma cannot declare WHERE).
CREATE INDEX "runs_hparams_pending_idx" ON "runs"("createdAt") WHERE "hparams" IS NULL;
