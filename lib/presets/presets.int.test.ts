// Against the real Postgres in .env: versions, conflicts, audit rows, and that a refused save
// leaves nothing behind.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createPreset } from "@/lib/presets/create-preset";
import { savePresetVersion } from "@/lib/presets/save-preset-version";
import { duplicatePreset } from "@/lib/presets/duplicate-preset";
import { archivePreset } from "@/lib/presets/archive-preset";
import { listPresets } from "@/lib/presets/list-presets";
import { getPreset } from "@/lib/presets/get-preset";
import { resolveConfig } from "@/lib/presets/resolve-config";
import { setKey } from "@/lib/presets/yaml";
import { readExample } from "@/lib/presets/test-fixtures";

const PREFIX = `h3-presets-${process.pid}-`;
const FIXTURE = readExample("train_lora/qwen3_lora_sft.yaml");

after(async () => {
  const ids = (await prisma.preset.findMany({ where: { name: { startsWith: PREFIX } }, select: { id: true } })).map((p) => p.id);
  await prisma.auditEvent.deleteMany({ where: { targetType: "preset", targetId: { in: ids } } });
  await prisma.preset.deleteMany({ where: { id: { in: ids } } });
  await prisma.$disconnect();
});

const isApp = (code: string, field?: string) => (e: unknown) =>
  e instanceof AppError && e.code === code && (field === undefined || e.field === field);

test("create stores the bytes as version 1 with an audit row; a duplicate name is a conflict on name", async () => {
  const p = await createPreset({ name: `${PREFIX}a`, yaml: FIXTURE, userId: null });
  const got = await getPreset({ presetId: p.id });
  assert.equal(got?.versions.length, 1);
  assert.equal(got?.versions[0]?.yaml, FIXTURE);
  const audit = await prisma.auditEvent.findMany({ where: { targetId: p.id } });
  assert.deepEqual(audit.map((a) => [a.action, a.targetType]), [["preset.create", "preset"]]);
  await assert.rejects(createPreset({ name: `${PREFIX}a`, yaml: FIXTURE, userId: null }), isApp("conflict", "name"));
});

test("invalid YAML, non-training configs and lint errors are refused and write nothing", async () => {
  const before = await prisma.preset.count();
  await assert.rejects(createPreset({ name: `${PREFIX}bad1`, yaml: "a: [1\n", userId: null }), (e: unknown) => isApp("invalid", "yaml")(e) && /line/.test((e as Error).message));
  await assert.rejects(createPreset({ name: `${PREFIX}bad2`, yaml: readExample("inference/qwen3.yaml"), userId: null }), /inference config/);
  await assert.rejects(createPreset({ name: `${PREFIX}bad3`, yaml: setKey(FIXTURE, "learning_rate", -1), userId: null }), /learning_rate/);
  await assert.rejects(createPreset({ name: "", yaml: FIXTURE, userId: null }), /Name is required/);
  assert.equal(await prisma.preset.count(), before);
});

test("every save is a new version; stale base versions and no-op saves are refused", async () => {
  const p = await createPreset({ name: `${PREFIX}b`, yaml: FIXTURE, userId: null });
  const v2yaml = setKey(FIXTURE, "learning_rate", 5e-5);
  const v2 = await savePresetVersion({ presetId: p.id, yaml: v2yaml, message: "lower lr", baseVersion: 1, userId: null });
  assert.equal(v2.version, 2);
  await assert.rejects(savePresetVersion({ presetId: p.id, yaml: setKey(FIXTURE, "cutoff_len", 512), baseVersion: 1, userId: null }), isApp("conflict"));
  await assert.rejects(savePresetVersion({ presetId: p.id, yaml: v2yaml, userId: null }), /No changes since version 2/);
  await assert.rejects(savePresetVersion({ presetId: p.id, yaml: "stage: [", userId: null }), isApp("invalid", "yaml"));
  const got = await getPreset({ presetId: p.id });
  assert.deepEqual(got?.versions.map((v) => [v.version, v.message]), [[2, "lower lr"], [1, "Created"]]);
  assert.equal(got?.versions[1]?.yaml, FIXTURE, "version 1 is unchanged");
  const actions = (await prisma.auditEvent.findMany({ where: { targetId: p.id }, orderBy: { id: "asc" } })).map((a) => a.action);
  assert.deepEqual(actions, ["preset.create", "preset.save"]);
});

test("concurrent saves from the same base: exactly one wins", async () => {
  const p = await createPreset({ name: `${PREFIX}race`, yaml: FIXTURE, userId: null });
  const results = await Promise.allSettled([1, 2, 3, 4].map((i) =>
    savePresetVersion({ presetId: p.id, yaml: setKey(FIXTURE, "cutoff_len", 1000 + i), userId: null, baseVersion: 1 })));
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  for (const r of results) if (r.status === "rejected") assert.ok(isApp("conflict")(r.reason), String(r.reason));
  assert.equal((await getPreset({ presetId: p.id }))?.versions.length, 2);
});

test("duplicate copies the latest bytes; archive hides from the list until asked", async () => {
  const p = await createPreset({ name: `${PREFIX}c`, yaml: FIXTURE, userId: null });
  await savePresetVersion({ presetId: p.id, yaml: setKey(FIXTURE, "lora_rank", 16), userId: null });
  const d = await duplicatePreset({ presetId: p.id, name: `${PREFIX}c-copy`, userId: null });
  const copy = await getPreset({ presetId: d.id });
  assert.equal(copy?.versions[0]?.yaml, setKey(FIXTURE, "lora_rank", 16));
  assert.match(copy!.versions[0]!.message, /Duplicated from .*c v2/);
  await archivePreset({ presetId: p.id, userId: null });
  assert.ok(!(await listPresets()).some((x) => x.id === p.id));
  const all = await listPresets({ includeArchived: true });
  const row = all.find((x) => x.id === p.id);
  assert.equal(row?.archived, true);
  assert.equal(row?.latestVersion, 2);
  await assert.rejects(savePresetVersion({ presetId: p.id, yaml: FIXTURE, userId: null }), /archived/);
  await archivePreset({ presetId: p.id, archived: false, userId: null });
  assert.ok((await listPresets()).some((x) => x.id === p.id));
});

test("resolveConfig: version + overrides give validated text; bad overrides name the key", async () => {
  const p = await createPreset({ name: `${PREFIX}d`, yaml: FIXTURE, userId: null });
  const r = await resolveConfig({ presetVersionId: p.versionId, overrides: ["learning_rate=2e-5", "logging_steps=1"] });
  assert.match(r.yaml, /^learning_rate: 2\.0e-5$/m);
  assert.match(r.yaml, /^logging_steps: 1$/m);
  assert.equal(r.presetVersionId, p.versionId);
  await assert.rejects(resolveConfig({ presetVersionId: p.versionId, overrides: "eval_strategy=steps" }), /eval_strategy/);
  await assert.rejects(resolveConfig({ presetVersionId: "nope", overrides: {} }), isApp("not_found"));
});
