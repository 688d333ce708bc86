// Secrets in presets against the real Postgres: what rests in the tables is masked text plus a sealed
// value; audit rows name keys only; a save that keeps the mask keeps the value; the migration seals
// rows written before; a run's stored config is masked while the uploaded text carries the value.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createPreset } from "@/lib/presets/create-preset";
import { savePresetVersion } from "@/lib/presets/save-preset-version";
import { duplicatePreset } from "@/lib/presets/duplicate-preset";
import { importPresetYaml } from "@/lib/api/import-preset";
import { openSecrets, revealSecrets } from "@/lib/presets/secrets";
import { SECRET_MASK } from "@/lib/presets/secret-keys";
import { sealExistingSecrets } from "@/lib/presets/seal-existing-secrets";
import { presetVersionAllowsExtraKeys, extraArgsEnv } from "@/lib/presets/extra-keys";
import { setKey } from "@/lib/presets/yaml";
import { readWild } from "@/lib/presets/test-fixtures";

const PREFIX = `h13-secrets-${process.pid}-`;
const KEY = "sk_live_swanlab_0123456789abcdefghij";
const HF = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
// The real webui file whose swanlab_api_key is empty, with a key filled in as its author would.
const WILD = setKey(readWild("hihappy-qwen3-8b-swanlab-ds.yaml"), "swanlab_api_key", KEY);

after(async () => {
  const ids = (await prisma.preset.findMany({ where: { name: { startsWith: PREFIX } }, select: { id: true } })).map((p) => p.id);
  await prisma.auditEvent.deleteMany({ where: { targetType: "preset", targetId: { in: ids } } });
  await prisma.preset.deleteMany({ where: { id: { in: ids } } });
  await prisma.$disconnect();
});

async function rawRows(presetId: string) {
  return prisma.$queryRaw<{ yaml: string; secretsSealed: string | null; version: number }[]>`
    SELECT yaml, "secretsSealed", version FROM preset_versions WHERE "presetId" = ${presetId} ORDER BY version`;
}
async function auditText(presetId: string) {
  return JSON.stringify(await prisma.auditEvent.findMany({ where: { targetId: presetId } }), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
}

test("a secret is stored masked and sealed; audit rows carry key names only", async () => {
  const p = await createPreset({ name: `${PREFIX}wild`, yaml: WILD, userId: null });
  const [row] = await rawRows(p.id);
  assert.ok(row);
  assert.ok(!row.yaml.includes(KEY) && !row.secretsSealed!.includes(KEY), "no plain text at rest");
  assert.match(row.yaml, new RegExp(`^swanlab_api_key: "?${SECRET_MASK}"?$`, "m"));
  assert.equal(row.yaml.split("\n").length, WILD.split("\n").length, "a splice: the rest of the file is untouched");
  assert.deepEqual(openSecrets(row.secretsSealed), { swanlab_api_key: KEY });
  assert.equal(revealSecrets(row.yaml, openSecrets(row.secretsSealed)), WILD);
  const audit = await auditText(p.id);
  assert.ok(!audit.includes(KEY));
  assert.match(audit, /"sealedSecrets":\["swanlab_api_key"\]/);
});

test("saving with the mask keeps the value; a new value replaces it; a mask with no saved value is refused", async () => {
  const p = await createPreset({ name: `${PREFIX}save`, yaml: WILD, userId: null });
  const [v1] = await rawRows(p.id);
  const v2 = await savePresetVersion({ presetId: p.id, yaml: setKey(v1!.yaml, "learning_rate", 1e-4), baseVersion: 1, userId: null });
  const rows = await rawRows(p.id);
  assert.equal(v2.version, 2);
  assert.deepEqual(openSecrets(rows[1]!.secretsSealed), { swanlab_api_key: KEY });
  await savePresetVersion({ presetId: p.id, yaml: setKey(rows[1]!.yaml, "hub_token", HF), baseVersion: 2, userId: null });
  const v3 = (await rawRows(p.id))[2]!;
  assert.ok(!v3.yaml.includes(HF));
  assert.deepEqual(openSecrets(v3.secretsSealed), { hub_token: HF, swanlab_api_key: KEY });
  // The same masked text and secrets again is "no changes", whatever IV sealed them.
  await assert.rejects(savePresetVersion({ presetId: p.id, yaml: v3.yaml, baseVersion: 3, userId: null }), (e) => e instanceof AppError && /No changes/.test(e.message));
  await assert.rejects(createPreset({ name: `${PREFIX}nomask`, yaml: v3.yaml, userId: null }), (e) => e instanceof AppError && /shows the secret mask but no saved value/.test(e.message));
  assert.ok(!(await auditText(p.id)).includes(HF));
});

test("duplicate copies the sealed value; re-importing the same file is unchanged", async () => {
  const p = await createPreset({ name: `${PREFIX}dup`, yaml: WILD, userId: null });
  const d = await duplicatePreset({ presetId: p.id, name: `${PREFIX}dup2`, userId: null });
  assert.deepEqual(openSecrets((await rawRows(d.id))[0]!.secretsSealed), { swanlab_api_key: KEY });
  const first = await importPresetYaml({ name: `${PREFIX}imp`, yaml: WILD, userId: null as unknown as string });
  const again = await importPresetYaml({ name: `${PREFIX}imp`, yaml: WILD, userId: null as unknown as string });
  assert.equal(first.created, true);
  assert.equal(again.unchanged, true);
});

test("the migration seals plain-text secrets left by older versions, once", async () => {
  const p = await createPreset({ name: `${PREFIX}old`, yaml: readWild("linxiang-qwen25-7b-sft-m1.yaml"), userId: null });
  const plain = setKey(readWild("linxiang-qwen25-7b-sft-m1.yaml"), "hub_token", HF);
  // As a row written before sealing existed: plain text, no sealed column.
  await prisma.$executeRaw`UPDATE preset_versions SET yaml = ${plain}, "secretsSealed" = NULL WHERE "presetId" = ${p.id}`;
  const first = await sealExistingSecrets();
  assert.ok(first.versions >= 1);
  const [row] = await rawRows(p.id);
  assert.ok(!row!.yaml.includes(HF));
  assert.deepEqual(openSecrets(row!.secretsSealed), { hub_token: HF });
  const second = await sealExistingSecrets();
  assert.equal(second.versions, 0);
});

test("allowExtraKeys is stored per version: lint warns instead of refusing and launch reads ALLOW_EXTRA_ARGS from it", async () => {
  const extra = setKey(readWild("linxiang-qwen25-7b-sft-m1.yaml"), "my_plugin_flag", true);
  await assert.rejects(createPreset({ name: `${PREFIX}strict`, yaml: extra, userId: null }), (e) => e instanceof AppError && /my_plugin_flag: is not a LLaMA-Factory/.test(e.message));
  const p = await createPreset({ name: `${PREFIX}extra`, yaml: extra, allowExtraKeys: true, userId: null });
  assert.equal(await presetVersionAllowsExtraKeys(p.versionId), true);
  assert.deepEqual(await extraArgsEnv(p.versionId), { ALLOW_EXTRA_ARGS: "1" });
  // A later save keeps the choice unless it is changed; turning it off makes the same text invalid.
  const v2 = await savePresetVersion({ presetId: p.id, yaml: setKey(extra, "learning_rate", 1e-4), userId: null });
  const row = await prisma.presetVersion.findUniqueOrThrow({ where: { id: v2.versionId } });
  assert.equal(row.allowExtraKeys, true);
  await assert.rejects(savePresetVersion({ presetId: p.id, yaml: setKey(extra, "learning_rate", 2e-4), allowExtraKeys: false, userId: null }), /my_plugin_flag/);
  assert.deepEqual(await extraArgsEnv(null), {});
});
