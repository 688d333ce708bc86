-- Sweeps (issue 15, clone and sweep): a sweep row with its spec and driver lease, one row per trial.
CREATE TYPE "SweepStatus" AS ENUM ('RUNNING', 'CANCELLING', 'CANCELLED', 'FINISHED');
CREATE TYPE "SweepTrialStatus" AS ENUM ('PENDING', 'LAUNCHED', 'REFUSED', 'SKIPPED');

CREATE TABLE "sweeps" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "presetVersionId" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "method" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "budget" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "status" "SweepStatus" NOT NULL DEFAULT 'RUNNING',
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "promotedVersionId" TEXT,
    "promotedTrialId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "sweeps_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sweeps_createdAt_idx" ON "sweeps"("createdAt" DESC);
CREATE INDEX "sweeps_status_idx" ON "sweeps"("status");
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_presetVersionId_fkey" FOREIGN KEY ("presetVersionId") REFERENCES "preset_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "sweep_trials" (
    "id" TEXT NOT NULL,
    "sweepId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "status" "SweepTrialStatus" NOT NULL DEFAULT 'PENDING',
    "runId" TEXT,
    "target" JSONB,
    "error" TEXT,
    "pruneRule" TEXT,
    "pruneStep" INTEGER,
    "pruneReason" TEXT,
    "launchedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "sweep_trials_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "sweep_trials_runId_key" ON "sweep_trials"("runId");
CREATE UNIQUE INDEX "sweep_trials_sweepId_index_key" ON "sweep_trials"("sweepId", "index");
ALTER TABLE "sweep_trials" ADD CONSTRAINT "sweep_trials_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sweep_trials" ADD CONSTRAINT "sweep_trials_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
