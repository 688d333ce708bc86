-- Issue 16: offboarding (disabled users, invite passwords that expire and must be changed) and
-- install-wide settings (private webhook targets).
ALTER TABLE "users" ADD COLUMN "disabledAt" TIMESTAMP(3),
  ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "passwordExpiresAt" TIMESTAMP(3);

CREATE TABLE "app_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "allowPrivateWebhookTargets" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_settings_pkey" PRIMARY KEY ("id")
);
