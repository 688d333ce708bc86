-- Multi-node runs (issue 14): torchrun over N SSH hosts. The run keeps rank 0's host, folder and group;
-- run_nodes has one row per rank with its host, GPUs, folder and process group.
ALTER TABLE "runs" ADD COLUMN "masterAddr" TEXT, ADD COLUMN "masterPort" INTEGER, ADD COLUMN "nodeFailedAt" TIMESTAMP(3);
CREATE TABLE "run_nodes" (
    "runId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "hostId" TEXT NOT NULL,
    "gpuIndices" INTEGER[],
    "outputDir" TEXT NOT NULL,
    "remotePgid" INTEGER,
    "exitCode" INTEGER,
    "endedAt" TIMESTAMP(3),
    "endNote" TEXT,
    CONSTRAINT "run_nodes_pkey" PRIMARY KEY ("runId", "rank")
);
CREATE INDEX "run_nodes_hostId_idx" ON "run_nodes"("hostId");
ALTER TABLE "run_nodes" ADD CONSTRAINT "run_nodes_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "run_nodes" ADD CONSTRAINT "run_nodes_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
