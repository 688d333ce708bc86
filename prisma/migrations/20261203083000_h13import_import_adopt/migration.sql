-- Import and adopt (issue 13): runs found in a host folder (IMPORTED) or adopted from a hand-started
-- process (ADOPTED), and the import jobs that create them (state in Postgres, resumable).

-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'IMPORTED';

-- CreateEnum
CREATE TYPE "RunOrigin" AS ENUM ('LAUNCHED', 'IMPORTED', 'ADOPTED');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "import_jobs" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "rootPath" TEXT NOT NULL,
    "resolvedRoot" TEXT,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "dirs" JSONB,
    "dirsFound" INTEGER NOT NULL DEFAULT 0,
    "dirsDone" INTEGER NOT NULL DEFAULT 0,
    "dirsSkipped" INTEGER NOT NULL DEFAULT 0,
    "runsCreated" INTEGER NOT NULL DEFAULT 0,
    "bytesTotal" BIGINT NOT NULL DEFAULT 0,
    "bytesDone" BIGINT NOT NULL DEFAULT 0,
    "linesDone" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "runs" ADD COLUMN "origin" "RunOrigin" NOT NULL DEFAULT 'LAUNCHED',
ADD COLUMN "importJobId" TEXT,
ADD COLUMN "processInfo" JSONB;

-- CreateIndex
CREATE INDEX "import_jobs_hostId_createdAt_idx" ON "import_jobs"("hostId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "runs_importJobId_idx" ON "runs"("importJobId");

-- Importing the same folder twice adds nothing: one imported run per (host, output dir).
-- Prisma cannot declare a partial unique index, and the importer relies on it (ON CONFLICT).
CREATE UNIQUE INDEX "runs_imported_host_dir_key" ON "runs"("hostId", "outputDir") WHERE "origin" = 'IMPORTED';

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "import_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
