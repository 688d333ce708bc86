-- Adopting the same hand-started process twice is refused: one live adopted run per (host, pid).
-- Partial (Prisma cannot declare it): a pid the kernel reuses after the run ended may be adopted again.
CREATE UNIQUE INDEX "runs_adopted_live_pid_key" ON "runs"("hostId", "remotePid")
  WHERE "origin" = 'ADOPTED' AND "status" IN ('STARTING', 'RUNNING', 'UNREACHABLE', 'STOPPING');
