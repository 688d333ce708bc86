-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'OPERATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "HostStatus" AS ENUM ('ONLINE', 'UNREACHABLE');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'STARTING', 'RUNNING', 'UNREACHABLE', 'STOPPING', 'SUCCEEDED', 'FAILED', 'STOPPED', 'STOPPED_EARLY', 'KILLED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "LaunchStep" AS ENUM ('NONE', 'DIR_CREATED', 'CONFIG_UPLOADED', 'PROCESS_STARTED');

-- CreateEnum
CREATE TYPE "StopKind" AS ENUM ('GRACEFUL', 'KILL', 'EARLY_STOP');

-- CreateEnum
CREATE TYPE "KillStage" AS ENUM ('NONE', 'PENDING', 'SIGABRT_SENT', 'SIGTERM_SENT', 'SIGKILL_SENT', 'VERIFIED');

-- CreateEnum
CREATE TYPE "MetricKind" AS ENUM ('TRAIN', 'EVAL', 'SUMMARY');

-- CreateEnum
CREATE TYPE "RunEventType" AS ENUM ('QUEUED', 'LAUNCHING', 'STARTED', 'STATUS_CHANGED', 'HOST_UNREACHABLE', 'HOST_BACK', 'RULE_ALERT', 'RULE_FIRED', 'STOP_REQUESTED', 'SIGNAL_SENT', 'KILL_VERIFIED', 'CANCELLED', 'INGEST_WARNING', 'BEST_CHECKPOINT', 'ERROR');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hosts" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 22,
    "username" TEXT NOT NULL,
    "privateKeyEnc" TEXT NOT NULL,
    "hostKeyFingerprint" TEXT NOT NULL,
    "status" "HostStatus" NOT NULL DEFAULT 'ONLINE',
    "gpus" JSONB NOT NULL DEFAULT '[]',
    "lastSeenAt" TIMESTAMP(3),
    "lastError" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "hosts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gpu_leases" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "gpuIndex" INTEGER NOT NULL,
    "runId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gpu_leases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "presets" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "rules" JSONB NOT NULL DEFAULT '{}',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "presets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "preset_versions" (
    "id" TEXT NOT NULL,
    "presetId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "yaml" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "preset_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "hostId" TEXT NOT NULL,
    "gpuIndices" INTEGER[],
    "presetVersionId" TEXT,
    "overrides" JSONB NOT NULL DEFAULT '{}',
    "configYaml" TEXT NOT NULL,
    "rules" JSONB NOT NULL DEFAULT '{}',
    "outputDir" TEXT NOT NULL,
    "launchStep" "LaunchStep" NOT NULL DEFAULT 'NONE',
    "remotePid" INTEGER,
    "remotePgid" INTEGER,
    "exitCode" INTEGER,
    "errorExcerpt" TEXT,
    "stopKind" "StopKind",
    "stopRequestedAt" TIMESTAMP(3),
    "stopRequestedById" TEXT,
    "killStage" "KillStage" NOT NULL DEFAULT 'NONE',
    "killStageAt" TIMESTAMP(3),
    "stopRule" TEXT,
    "stopStep" INTEGER,
    "stopReason" TEXT,
    "verdict" TEXT,
    "advice" JSONB,
    "bestStep" INTEGER,
    "bestEvalLoss" DOUBLE PRECISION,
    "bestCheckpoint" TEXT,
    "logOffset" BIGINT NOT NULL DEFAULT 0,
    "consoleOffset" BIGINT NOT NULL DEFAULT 0,
    "segment" INTEGER NOT NULL DEFAULT 0,
    "lastStep" INTEGER,
    "totalSteps" INTEGER,
    "lastEpoch" DOUBLE PRECISION,
    "lastLoss" DOUBLE PRECISION,
    "lastEvalLoss" DOUBLE PRECISION,
    "lastThroughput" DOUBLE PRECISION,
    "lastElapsedS" INTEGER,
    "finalMetrics" JSONB,
    "parentRunId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "lastPolledAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_points" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "offset" BIGINT NOT NULL,
    "kind" "MetricKind" NOT NULL,
    "segment" INTEGER NOT NULL DEFAULT 0,
    "step" INTEGER NOT NULL,
    "totalSteps" INTEGER,
    "epoch" DOUBLE PRECISION,
    "loss" DOUBLE PRECISION,
    "evalLoss" DOUBLE PRECISION,
    "lr" DOUBLE PRECISION,
    "gradNorm" DOUBLE PRECISION,
    "throughput" DOUBLE PRECISION,
    "totalTokens" BIGINT,
    "elapsedS" INTEGER,
    "remainingS" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_points_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "console_chunks" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "offset" BIGINT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "console_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_events" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "type" "RunEventType" NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "ok" BOOLEAN NOT NULL DEFAULT true,
    "ip" TEXT,
    "userAgent" TEXT,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_tokenHash_key" ON "sessions"("tokenHash");

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "api_tokens_userId_idx" ON "api_tokens"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "hosts_name_key" ON "hosts"("name");

-- CreateIndex
CREATE INDEX "gpu_leases_runId_idx" ON "gpu_leases"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "gpu_leases_hostId_gpuIndex_key" ON "gpu_leases"("hostId", "gpuIndex");

-- CreateIndex
CREATE UNIQUE INDEX "presets_name_key" ON "presets"("name");

-- CreateIndex
CREATE UNIQUE INDEX "preset_versions_presetId_version_key" ON "preset_versions"("presetId", "version");

-- CreateIndex
CREATE INDEX "runs_status_idx" ON "runs"("status");

-- CreateIndex
CREATE INDEX "runs_hostId_status_priority_createdAt_idx" ON "runs"("hostId", "status", "priority", "createdAt");

-- CreateIndex
CREATE INDEX "runs_createdAt_idx" ON "runs"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "metric_points_runId_kind_segment_step_idx" ON "metric_points"("runId", "kind", "segment", "step");

-- CreateIndex
CREATE UNIQUE INDEX "metric_points_runId_offset_key" ON "metric_points"("runId", "offset");

-- CreateIndex
CREATE UNIQUE INDEX "console_chunks_runId_offset_key" ON "console_chunks"("runId", "offset");

-- CreateIndex
CREATE INDEX "run_events_runId_createdAt_idx" ON "run_events"("runId", "createdAt");

-- CreateIndex
CREATE INDEX "audit_events_createdAt_idx" ON "audit_events"("createdAt" DESC);

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gpu_leases" ADD CONSTRAINT "gpu_leases_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gpu_leases" ADD CONSTRAINT "gpu_leases_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "presets" ADD CONSTRAINT "presets_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "preset_versions" ADD CONSTRAINT "preset_versions_presetId_fkey" FOREIGN KEY ("presetId") REFERENCES "presets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "preset_versions" ADD CONSTRAINT "preset_versions_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_presetVersionId_fkey" FOREIGN KEY ("presetVersionId") REFERENCES "preset_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_stopRequestedById_fkey" FOREIGN KEY ("stopRequestedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_parentRunId_fkey" FOREIGN KEY ("parentRunId") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_points" ADD CONSTRAINT "metric_points_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "console_chunks" ADD CONSTRAINT "console_chunks_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
