// Audit rows written inside lib carry "from where" when the caller passes it (server actions and
// route handlers do): preset create/save/duplicate/archive, run launch and stop.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { createPreset } from "@/lib/presets/create-preset";
import { savePresetVersion } from "@/lib/presets/save-preset-version";
import { duplicatePreset } from "@/lib/presets/duplicate-preset";
import { archivePreset } from "@/lib/presets/archive-preset";
import { createRun } from "@/lib/runs/create-run";
import { offlineProfileData } from "@/lib/hosts/profile/testing/offline-profile";
import { requestStop } from "@/lib/runs/request-stop";
import { closeQueues } from "@/lib/queue/enqueue";
import { SIM_YAML } from "@/lib/runs/testing/run-fixtures";

const tag = `audit-meta-${process.pid}-${Date.now()}`;
const cleanup: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => {});
  await closeQueues();
  await prisma.$disconnect();
});

test("lib audit writers record ip and user agent", async () => {
  const meta = { ip: "203.0.113.7", userAgent: "audit-meta-test/1.0" };
  const p = await createPreset({ name: `${tag}-p`, yaml: SIM_YAML, userId: null }, meta);
  cleanup.push(() => prisma.preset.deleteMany({ where: { name: { startsWith: tag } } }));
  await savePresetVersion({ presetId: p.id, yaml: `${SIM_YAML}# edit\n`, userId: null }, meta);
  const d = await duplicatePreset({ presetId: p.id, name: `${tag}-d`, userId: null }, meta);
  await archivePreset({ presetId: d.id, userId: null }, meta);

  // A host row without probing (the QUEUED run is cancelled before any host is touched).
  const host = await prisma.host.create({ data: { name: `${tag}-h`, address: "127.0.0.1", port: 1, username: "x", privateKeyEnc: "x", hostKeyFingerprint: "SHA256:x",
    gpus: [{ index: 0, name: "A100", memoryTotalMiB: 81920, memoryUsedMiB: 0, utilization: 0 }], ...offlineProfileData() } });
  cleanup.unshift(() => prisma.host.delete({ where: { id: host.id } }));
  cleanup.push(() => prisma.run.deleteMany({ where: { hostId: host.id } }));
  const r = await createRun({ presetVersionId: p.versionId, hostId: host.id, gpuIndices: [0], name: `${tag} run`, userId: null }, { meta });
  const s = await requestStop({ runId: r.runId, userId: null, kind: "GRACEFUL" }, meta);
  assert.equal(s.status, "CANCELLED");

  const rows = await prisma.auditEvent.findMany({ where: { OR: [{ targetId: { in: [p.id, d.id, r.runId] } }] }, orderBy: { id: "asc" } });
  const actions = rows.map((x) => x.action);
  for (const a of ["preset.create", "preset.save", "preset.duplicate", "preset.archive", "run.launch", "run.stop"]) assert.ok(actions.includes(a), `${a} audited (have ${actions.join(", ")})`);
  for (const x of rows) {
    assert.equal(x.ip, meta.ip, `${x.action} ip`);
    assert.equal(x.userAgent, meta.userAgent, `${x.action} user agent`);
  }
  // Without meta (worker, CLI-less internal calls) the columns stay empty rather than invented.
  const q = await createRun({ presetVersionId: p.versionId, hostId: host.id, gpuIndices: [0], name: `${tag} run2`, userId: null });
  const row = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: q.runId, action: "run.launch" } });
  assert.equal(row.ip, null);
  await requestStop({ runId: q.runId, userId: null, kind: "KILL" });
});
