-- Host runtime profiles (versioned), the last runtime probe, and the profile + launch switches a run uses.
ALTER TABLE "hosts" ADD COLUMN "runtime" JSONB;

CREATE TABLE "host_profiles" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "activation" TEXT NOT NULL DEFAULT '',
    "lfDir" TEXT NOT NULL,
    "runsDir" TEXT NOT NULL,
    "envVars" JSONB NOT NULL DEFAULT '{}',
    "message" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "host_profiles_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "host_profiles_hostId_version_key" ON "host_profiles"("hostId", "version");
ALTER TABLE "host_profiles" ADD CONSTRAINT "host_profiles_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "host_profiles" ADD CONSTRAINT "host_profiles_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "runs" ADD COLUMN "hostProfileId" TEXT;
ALTER TABLE "runs" ADD COLUMN "launchEnv" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "runs" ADD CONSTRAINT "runs_hostProfileId_fkey" FOREIGN KEY ("hostProfileId") REFERENCES "host_profiles"("id") ON DELETE SET NULL ON UPDATE CASCADE;
