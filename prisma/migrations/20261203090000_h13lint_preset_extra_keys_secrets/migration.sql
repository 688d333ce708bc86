-- A preset version can opt into keys LLaMA-Factory does not know (launch then sets ALLOW_EXTRA_ARGS=1),
-- and secret values move out of the YAML text into a sealed column (existing rows are sealed by
-- lib/presets/seal-existing-secrets.ts, which the worker runs at start: the key lives in the env, not in SQL).
ALTER TABLE "preset_versions" ADD COLUMN "allowExtraKeys" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "preset_versions" ADD COLUMN "secretsSealed" TEXT;
ALTER TABLE "runs" ADD COLUMN "configSecretsSealed" TEXT;
