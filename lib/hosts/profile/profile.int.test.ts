// Host runtime profiles against a real sshd whose LLaMA-Factory lives in a venv off the login PATH:
// the default profile cannot start LF and says why, Detect finds the layout, saving probes versions
// and datasets, launches are refused in seconds with the field named, and a launch through the
// profile (DeepSpeed on one GPU → FORCE_TORCHRUN=1) trains to the end.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createHost } from "@/lib/hosts/create-host";
import { detectHostProfile } from "@/lib/hosts/profile/detect-host-profile";
import { saveHostProfile } from "@/lib/hosts/profile/save-profile";
import { getHostProfile } from "@/lib/hosts/profile/host-profile";
import { refreshHostGpus } from "@/lib/hosts/refresh-host-gpus";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { superviseHost } from "@/lib/runs/supervise-host";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { SIM_YAML, waitFor } from "@/lib/runs/testing/run-fixtures";

let sshd: TThrowawaySshd;
let conda: TThrowawaySshd;
let hostId = "";
let condaHostId = "";
let presetVersionId = "";
const tag = `h13p-${process.pid}`;

before(async () => {
  sshd = startThrowawaySshd({ port: 22361, sim: { gpus: 1, stepSeconds: 0.01 } });
  conda = startThrowawaySshd({ port: 22362, sim: { gpus: 1, stepSeconds: 0.01, layout: "conda" } });
  const preset = await prisma.preset.create({ data: { name: `${tag}-preset`, versions: { create: { version: 1, yaml: SIM_YAML } } }, include: { versions: true } });
  presetVersionId = preset.versions[0]!.id;
});
after(async () => {
  await closeAllHostConnections();
  sshd.stop();
  conda.stop();
  for (const id of [hostId, condaHostId].filter(Boolean)) {
    await prisma.run.deleteMany({ where: { hostId: id } });
    await prisma.host.delete({ where: { id } });
  }
  await prisma.preset.deleteMany({ where: { name: `${tag}-preset` } });
  await prisma.auditEvent.deleteMany({ where: { action: { in: ["host.profile.save", "host.create", "run.launch"] }, data: { path: ["host"], string_starts_with: tag } } });
  await closeQueues();
  await prisma.$disconnect();
});

const add = (s: TThrowawaySshd, name: string) =>
  createHost({ name, address: s.address, port: s.port, username: s.username, privateKey: s.privateKey, hostKeyFingerprint: s.hostKeyFingerprint, userId: null });

async function refused(p: Promise<unknown>): Promise<{ fields: { field: string; message: string }[]; ms: number }> {
  const t0 = Date.now();
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, "invalid");
    return { fields: e.fields ?? [{ field: e.field ?? "", message: e.message }], ms: Date.now() - t0 };
  }
  assert.fail("the launch was not refused");
}

test("a new host with the default profile cannot start LF and says why; launching there is refused on the host field", async () => {
  const dto = await add(sshd, `${tag}-venv`);
  hostId = dto.id;
  assert.equal(dto.profile?.version, 1);
  assert.equal(dto.runtime?.ok, false);
  assert.match(dto.runtime!.problem!, /llamafactory-cli is not on PATH after the activation line.*press Detect/);
  const r = await refused(createRun({ presetVersionId, hostId, gpuIndices: [0], name: "no profile yet", userId: null }));
  assert.deepEqual(r.fields.map((f) => f.field), ["hostId"]);
  assert.match(r.fields[0]!.message, /llamafactory-cli is not found through the runtime profile/);
  assert.equal(await prisma.run.count({ where: { hostId } }), 0);
});

test("Detect finds the venv and the checkout; saving probes LF/transformers/torch, driver, disk and datasets (versioned, audited)", async () => {
  const found = await detectHostProfile(hostId);
  assert.deepEqual(found.candidates[0], { activation: "source ~/LLaMA-Factory/.venv/bin/activate", lfDir: "~/LLaMA-Factory", via: "virtualenv" });
  const saved = await saveHostProfile({ hostId, userId: null, input: { ...found.candidates[0]!, runsDir: "~/ffloor-runs", envVars: { HF_HOME: "/tmp/hf cache", WANDB_API_KEY: "wk-secret-1" } } });
  assert.equal(saved.profile.version, 2);
  assert.equal(saved.probeError, null);
  const rt = saved.runtime!;
  assert.equal(rt.ok, true, rt.problem ?? "");
  assert.equal(rt.lfVersion, "0.9.6.dev0");
  assert.equal(rt.transformersVersion, "4.57.1");
  assert.equal(rt.torchVersion, "2.8.0+cu128");
  assert.equal(rt.cudaDriver, "570.133.20");
  assert.equal(rt.runsDirAbs, `${sshd.home}/ffloor-runs`);
  assert.ok((rt.diskFreeBytes ?? 0) > 2 ** 30);
  for (const d of ["alpaca_en_demo", "identity", "support_chats_v2", "team_dpo_pairs"]) assert.ok(rt.datasets.includes(d), d);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "host.profile.save", targetId: hostId }, orderBy: { createdAt: "desc" } });
  assert.doesNotMatch(JSON.stringify(audit.data), /wk-secret-1/, "a secret env value never reaches the audit log");
  // Saving the same profile again is not a new version; refresh re-probes and keeps it current.
  assert.equal((await saveHostProfile({ hostId, userId: null, input: { ...found.candidates[0]!, runsDir: "~/ffloor-runs", envVars: { HF_HOME: "/tmp/hf cache", WANDB_API_KEY: "••••••" } } })).profile.version, 2);
  assert.equal((await getHostProfile(hostId)).profile!.envVars.WANDB_API_KEY, "wk-secret-1");
  const refreshed = await refreshHostGpus({ hostId });
  assert.equal(refreshed.runtime?.ok, true);
  // A bad profile is refused before anything is saved.
  await assert.rejects(saveHostProfile({ hostId, userId: null, input: { activation: "source ~/x; rm -rf ~", lfDir: "~/LLaMA-Factory", runsDir: "~/r" } }), /activation: "rm" is not an activation command/);
  await assert.rejects(saveHostProfile({ hostId, userId: null, input: { activation: "", lfDir: "~/LLaMA-Factory", runsDir: "~/r", envVars: { CUDA_VISIBLE_DEVICES: "0" } } }), /envVars\.CUDA_VISIBLE_DEVICES: CUDA_VISIBLE_DEVICES is set per run/);
  assert.equal((await getHostProfile(hostId)).profile!.version, 2);
});

test("preflight refuses in seconds, naming the field: missing dataset, missing DeepSpeed file, typo key, local model path", async () => {
  const go = (overrides: string[]) => createRun({ presetVersionId, hostId, gpuIndices: [0], name: "refused", userId: null, overrides });
  const ds = await refused(go(["dataset=alpaca_en_demo,support_chats_v3"]));
  assert.deepEqual(ds.fields.map((f) => f.field), ["config.dataset"]);
  assert.match(ds.fields[0]!.message, /"support_chats_v3" is not in .*LLaMA-Factory\/data\/dataset_info\.json.*did you mean "support_chats_v2"\?/);
  const dsp = await refused(go(["deepspeed=examples/deepspeed/ds_z9_config.json"]));
  assert.deepEqual(dsp.fields.map((f) => f.field), ["config.deepspeed"]);
  assert.match(dsp.fields[0]!.message, /LLaMA-Factory\/examples\/deepspeed\/ds_z9_config\.json does not exist on/);
  const typo = await refused(go(["learnig_rate=1.0e-4"]));
  assert.deepEqual(typo.fields.map((f) => f.field), ["config.learnig_rate"]);
  assert.match(typo.fields[0]!.message, /did you mean `learning_rate`\?/);
  const model = await refused(go(["model_name_or_path=/models/qwen-7b-missing", "dataset=nope"]));
  assert.deepEqual(model.fields.map((f) => f.field).sort(), ["config.dataset", "config.model_name_or_path"]);
  for (const r of [ds, dsp, typo, model]) assert.ok(r.ms < 5000, `refused in ${r.ms} ms`);
  assert.equal(await prisma.run.count({ where: { hostId } }), 0, "nothing was queued");
  const refusals = await prisma.auditEvent.count({ where: { action: "run.launch", ok: false, targetId: hostId } });
  assert.ok(refusals >= 4);
});

test("a launch through the profile: from the LF checkout, output in the runs folder, DeepSpeed on one GPU gets FORCE_TORCHRUN=1 and trains", async () => {
  const { runId, preflight } = await createRun({ presetVersionId, hostId, gpuIndices: [0], name: "through profile", userId: null,
    overrides: ["dataset=support_chats_v2", "deepspeed=examples/deepspeed/ds_z3_config.json", "num_train_epochs=1", "max_samples=64"] });
  assert.equal(preflight.checked, true);
  let run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.deepEqual(run.launchEnv, { FORCE_TORCHRUN: "1" });
  assert.equal(run.outputDir, `${sshd.home}/ffloor-runs/${runId}`);
  assert.equal(await launchRun({ runId }), "started");
  run = await waitFor("the run to finish", async () => {
    await superviseHost({ hostId });
    const r = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    return ["SUCCEEDED", "FAILED"].includes(r.status) ? r : null;
  }, 60_000, 300);
  const console = sshd.sh(`cat ${run.outputDir}/console.log`);
  assert.equal(run.status, "SUCCEEDED", console.slice(-1500));
  assert.match(console, /Initializing 1 distributed tasks/);
  assert.ok(sshd.sh(`test -s ${run.outputDir}/trainer_log.jsonl && echo y`).includes("y"));
});

test("a conda layout: Detect proposes `source ~/miniconda3/bin/activate lf` and the probe reads LF through it", async () => {
  const dto = await add(conda, `${tag}-conda`);
  condaHostId = dto.id;
  assert.equal(dto.runtime?.ok, false);
  const found = await detectHostProfile(condaHostId);
  assert.equal(found.candidates[0]?.activation, "source ~/miniconda3/bin/activate lf");
  assert.equal(found.candidates[0]?.lfDir, "~/LLaMA-Factory");
  const saved = await saveHostProfile({ hostId: condaHostId, userId: null, input: { ...found.candidates[0]!, runsDir: "/tmp/ffh13-conda-runs" } });
  assert.equal(saved.runtime?.ok, true, saved.runtime?.problem ?? saved.probeError ?? "");
  assert.equal(saved.runtime?.runsDirAbs, "/tmp/ffh13-conda-runs");
});
