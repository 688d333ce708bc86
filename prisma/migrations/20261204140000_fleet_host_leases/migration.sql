-- Workers that split the fleet (issue 14): one row per host says which worker process polls and
-- supervises it, until when, and under which epoch. The epoch grows by one on every change of hands,
-- so a worker that lost the host (paused, partitioned) is refused on the writes it fences.
CREATE TABLE "host_leases" (
    "hostId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "epoch" BIGINT NOT NULL DEFAULT 1,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "host_leases_pkey" PRIMARY KEY ("hostId")
);
CREATE INDEX "host_leases_workerId_idx" ON "host_leases"("workerId");
ALTER TABLE "host_leases" ADD CONSTRAINT "host_leases_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "host_leases" ADD CONSTRAINT "host_leases_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "worker_heartbeats"("id") ON DELETE CASCADE ON UPDATE CASCADE;
