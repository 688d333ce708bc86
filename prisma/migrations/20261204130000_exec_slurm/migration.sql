CREATE TYPE "ExecutorKind" AS ENUM ('SSH', 'SLURM');

ALTER TABLE "runs" ADD COLUMN "executor" "ExecutorKind" NOT NULL DEFAULT 'SSH',
  ADD COLUMN "targetId" TEXT,
  ADD COLUMN "slurmClusterId" TEXT,
  ADD COLUMN "slurmJobId" TEXT,
  ADD COLUMN "slurmState" TEXT,
  ADD COLUMN "queueReason" TEXT,
  ADD COLUMN "queuePosition" INTEGER;
UPDATE "runs" SET "targetId" = "hostId" WHERE "targetId" IS NULL;

CREATE TABLE "slurm_clusters" (
  "id" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "loginHostId" TEXT NOT NULL,
  "partition" TEXT NOT NULL,
  "account" TEXT,
  "qos" TEXT,
  "timeLimitMin" INTEGER NOT NULL,
  "gpusPerNode" INTEGER NOT NULL,
  "nodeCount" INTEGER NOT NULL,
  "lastError" TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "slurm_clusters_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "slurm_clusters_name_key" ON "slurm_clusters"("name");
CREATE UNIQUE INDEX "slurm_clusters_loginHostId_key" ON "slurm_clusters"("loginHostId");
ALTER TABLE "slurm_clusters" ADD CONSTRAINT "slurm_clusters_loginHostId_fkey" FOREIGN KEY ("loginHostId") REFERENCES "hosts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "runs" ADD CONSTRAINT "runs_slurmClusterId_fkey" FOREIGN KEY ("slurmClusterId") REFERENCES "slurm_clusters"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "runs_slurmClusterId_idx" ON "runs"("slurmClusterId");
