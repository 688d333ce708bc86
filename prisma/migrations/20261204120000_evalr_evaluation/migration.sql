-- Evaluation results (eval_results.json, predict_results.json, generated_predictions.jsonl) and the link
-- from a predict run to the training run whose checkpoint it scores.
ALTER TABLE "runs" ADD COLUMN "evaluation" JSONB;
ALTER TABLE "runs" ADD COLUMN "evaluatesRunId" TEXT;
ALTER TABLE "runs" ADD COLUMN "evalCheckpoint" TEXT;
ALTER TABLE "runs" ADD COLUMN "evalDataset" TEXT;
ALTER TABLE "runs" ADD CONSTRAINT "runs_evaluatesRunId_fkey" FOREIGN KEY ("evaluatesRunId") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "runs_evaluatesRunId_idx" ON "runs"("evaluatesRunId");

CREATE TABLE "run_predictions" (
    "runId" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "predict" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "run_predictions_pkey" PRIMARY KEY ("runId","idx")
);
ALTER TABLE "run_predictions" ADD CONSTRAINT "run_predictions_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
