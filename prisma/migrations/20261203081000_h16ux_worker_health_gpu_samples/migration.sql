-- Worker heartbeats (the dashboard warns when no worker is alive), the GPU poller's last poll per
-- host, and per-run GPU samples from nvidia-smi.
ALTER TABLE "hosts" ADD COLUMN "lastPolledAt" TIMESTAMP(3);

CREATE TABLE "worker_heartbeats" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastBeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),
    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "worker_heartbeats_lastBeatAt_idx" ON "worker_heartbeats"("lastBeatAt" DESC);

CREATE TABLE "gpu_samples" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "gpuIndex" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "utilization" DOUBLE PRECISION,
    "memoryUsedMiB" DOUBLE PRECISION NOT NULL,
    "memoryTotalMiB" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "gpu_samples_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "gpu_samples_runId_at_idx" ON "gpu_samples"("runId", "at");
ALTER TABLE "gpu_samples" ADD CONSTRAINT "gpu_samples_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "gpu_samples" ADD CONSTRAINT "gpu_samples_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
