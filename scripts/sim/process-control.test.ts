// Signals, resume/overwrite, multi-GPU process tree and nvidia-smi against live simulated runs.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { collect, makeSandbox, NVSMI, readLog, runCli, sleep, startCli, waitFor, writeConfig, type TSandbox } from "./test-helpers.ts";

const logSteps = (sb: TSandbox, out = "out") => { try { return readLog(sb, out).map((l) => l.current_steps); } catch { return []; } };
const nvsmi = (sb: TSandbox) => execFileSync(process.execPath, [NVSMI, "--query-gpu=index,name,memory.total,memory.used,utilization.gpu", "--format=csv,noheader,nounits"], { env: { HOME: sb.home } }).toString();
const children = (pid: number): number[] => {
  const out: number[] = [];
  for (const d of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try { const st = fs.readFileSync(`/proc/${d}/stat`, "utf8"); if (Number(st.slice(st.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(d)); } catch { /* exited */ }
  }
  return out;
};
const alive = (pid: number) => { try { process.kill(pid, 0); return !/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8")); } catch { return false; } };

test("SIGABRT with LLAMABOARD_ENABLED: stops at a step boundary, saves, exit 0", async () => {
  const sb = makeSandbox();
  try {
    writeConfig(sb);
    const child = startCli(sb, ["train", "cfg.yaml"], { SIM_STEP_SECONDS: "0.01", LLAMABOARD_ENABLED: "1", LLAMABOARD_WORKDIR: path.join(sb.cwd, "out") });
    const done = collect(child);
    await waitFor(() => logSteps(sb).length >= 3);
    child.kill("SIGABRT");
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    const lines = readLog(sb);
    const last = lines.at(-1)!;
    assert.ok(!("loss" in last) && !("eval_loss" in last), "summary line last");
    assert.ok(Number(last.current_steps) < Number(last.total_steps) && Number(last.percentage) < 100);
    for (const f of ["adapter_model.safetensors", "trainer_state.json", "train_results.json", "running_log.txt"]) assert.ok(fs.existsSync(path.join(sb.cwd, "out", f)), f);
    assert.match(fs.readFileSync(path.join(sb.cwd, "out", "running_log.txt"), "utf8"), /^\[INFO\|[\d-]+ [\d:]+\] parser\.py:\d+ >> Process rank: 0/);
  } finally { sb.cleanup(); }
});

for (const [sig, env, expect] of [["SIGABRT", {}, "SIGABRT"], ["SIGTERM", {}, "SIGTERM"], ["SIGINT", {}, "SIGINT"]] as const) {
  test(`${sig} without webui mode kills the run like Python (${expect})`, async () => {
    const sb = makeSandbox();
    try {
      writeConfig(sb);
      const child = startCli(sb, ["train", "cfg.yaml"], { SIM_STEP_SECONDS: "0.01", ...env });
      const done = collect(child);
      await waitFor(() => logSteps(sb).length >= 2);
      child.kill(sig);
      const r = await done;
      assert.equal(r.signal, expect, `shell status ${128 + ({ SIGABRT: 6, SIGTERM: 15, SIGINT: 2 } as const)[expect]}`);
      if (sig === "SIGINT") assert.match(r.stderr, /Traceback \(most recent call last\):[\s\S]*\nKeyboardInterrupt\n/);
      assert.ok(!fs.existsSync(path.join(sb.cwd, "out", "train_results.json")));
    } finally { sb.cleanup(); }
  });
}

test("a reader can catch a partial last line (async, chunked appends)", async () => {
  const sb = makeSandbox();
  try {
    writeConfig(sb);
    const file = path.join(sb.cwd, "out", "trainer_log.jsonl");
    const done = collect(startCli(sb, ["train", "cfg.yaml"]));
    let partial = false, finished = false;
    void done.then(() => { finished = true; });
    while (!finished && !partial) {
      try { const t = fs.readFileSync(file, "utf8"); if (t.length && !t.endsWith("\n")) partial = true; } catch { /* not yet */ }
      await sleep(1);
    }
    await done;
    assert.ok(partial, "saw the file end mid-line at least once");
    assert.ok(fs.readFileSync(file, "utf8").endsWith("}\n"));
  } finally { sb.cleanup(); }
});

test("auto-resume from the last checkpoint appends (duplicate steps, elapsed restarts); overwrite deletes", async () => {
  const sb = makeSandbox();
  try {
    writeConfig(sb, { save_steps: 20, overwrite_output_dir: false });
    const child = startCli(sb, ["train", "cfg.yaml"], { SIM_STEP_SECONDS: "0.01" });
    const done = collect(child);
    await waitFor(() => logSteps(sb).some((s) => s >= 35));
    child.kill("SIGKILL");
    await done;
    const before = logSteps(sb);
    const r = await runCli(sb, ["train", "cfg.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Resuming training from out\/checkpoint-20\./);
    const steps = logSteps(sb);
    assert.deepEqual(steps.slice(0, before.length), before, "old lines kept");
    const drop = steps.findIndex((s, i) => i > 0 && s < steps[i - 1]!);
    assert.equal(drop, before.length, "current_steps decreases at the resume boundary");
    assert.equal(steps[drop], 25, "continues after checkpoint-20");
    assert.ok(steps.filter((s) => s === 25).length === 2 && steps.filter((s) => s === 30).length >= 2, "duplicate steps");
    assert.equal(readLog(sb)[drop]!.elapsed_time, "0:00:00");
    const total = Number(readLog(sb).at(-1)!.total_steps);
    assert.equal(steps.at(-1), total);

    const ow = await runCli(sb, ["train", "cfg.yaml", "overwrite_output_dir=true", "max_samples=100"]);
    assert.equal(ow.code, 0, ow.stderr);
    assert.match(ow.stdout, /Previous trainer log in this folder will be deleted\./);
    const fresh = logSteps(sb);
    assert.equal(fresh[0], 5);
    assert.ok(fresh.every((s, i) => i === 0 || s >= fresh[i - 1]!), "no resume boundary after overwrite");
  } finally { sb.cleanup(); }
});

test("explicit resume_from_checkpoint continues from that checkpoint", async () => {
  const sb = makeSandbox();
  try {
    writeConfig(sb, { save_steps: 40, max_samples: 200 });
    assert.equal((await runCli(sb, ["train", "cfg.yaml"])).code, 0);
    const first = logSteps(sb);
    const r = await runCli(sb, ["train", "cfg.yaml", "overwrite_output_dir=false", "resume_from_checkpoint=out/checkpoint-40"]);
    assert.equal(r.code, 0, r.stderr);
    const steps = logSteps(sb);
    assert.equal(steps[first.length], 45);
    const bad = await runCli(sb, ["train", "cfg.yaml", "resume_from_checkpoint=out/checkpoint-999"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Can't find a valid checkpoint at out\/checkpoint-999/);
  } finally { sb.cleanup(); }
});

test("multi-GPU: cli → torchrun → N workers, nvidia-smi shows them, the group dies together", async () => {
  const sb = makeSandbox(2);
  try {
    writeConfig(sb, { num_train_epochs: "20.0" });
    assert.match(nvsmi(sb), /^0, NVIDIA A100-SXM4-80GB, 81920, 0, 0\n1, NVIDIA A100-SXM4-80GB, 81920, 0, 0\n$/);
    const child = startCli(sb, ["train", "cfg.yaml"], { CUDA_VISIBLE_DEVICES: "0,1", SIM_STEP_SECONDS: "0.01" }, { detached: true });
    const done = collect(child);
    await waitFor(() => logSteps(sb).length >= 1);
    const rows = nvsmi(sb).trim().split("\n").map((l) => l.split(", "));
    assert.equal(rows.length, 2);
    for (const row of rows) { assert.ok(Number(row[3]) > 1000, `memory used ${row[3]}`); assert.ok(Number(row[4]) > 50, `util ${row[4]}`); }
    const torchrun = children(child.pid!);
    assert.equal(torchrun.length, 1);
    assert.match(fs.readFileSync(`/proc/${torchrun[0]}/cmdline`, "utf8"), /torchrun\.mjs\x00--nnodes\x001\x00--node_rank\x000\x00--nproc_per_node\x002/);
    const workers = children(torchrun[0]!);
    assert.equal(workers.length, 2);
    const table = execFileSync(process.execPath, [NVSMI], { env: { HOME: sb.home } }).toString();
    for (const w of workers) assert.match(table, new RegExp(`\\s${w}\\s+C\\s+python`));
    process.kill(-child.pid!, "SIGTERM");
    const r = await done;
    assert.equal(r.signal, "SIGTERM");
    await waitFor(() => [...workers, ...torchrun].every((p) => !alive(p)), 3000);
    assert.match(nvsmi(sb), /^0, NVIDIA A100-SXM4-80GB, 81920, 0, 0\n1, NVIDIA A100-SXM4-80GB, 81920, 0, 0\n$/);
  } finally { sb.cleanup(); }
});

test("multi-GPU webui-style abort (SIGABRT to workers, then torchrun and cli): rank 0 saves", async () => {
  const sb = makeSandbox(2);
  try {
    writeConfig(sb);
    const child = startCli(sb, ["train", "cfg.yaml"], { CUDA_VISIBLE_DEVICES: "0,1", SIM_STEP_SECONDS: "0.01", LLAMABOARD_ENABLED: "1", LLAMABOARD_WORKDIR: path.join(sb.cwd, "out") }, { detached: true });
    const done = collect(child);
    await waitFor(() => logSteps(sb).length >= 2);
    const torchrun = children(child.pid!)[0]!;
    const workers = children(torchrun);
    for (const w of workers) process.kill(w, "SIGABRT");
    process.kill(torchrun, "SIGABRT");
    process.kill(child.pid!, "SIGABRT");
    await done;
    await waitFor(() => workers.every((p) => !alive(p)), 5000);
    const last = readLog(sb).at(-1)!;
    assert.ok(!("loss" in last) && Number(last.current_steps) < Number(last.total_steps));
    assert.ok(fs.existsSync(path.join(sb.cwd, "out", "adapter_model.safetensors")));
    assert.ok(fs.existsSync(path.join(sb.cwd, "out", "trainer_state.json")));
  } finally { sb.cleanup(); }
});

test("a failing rank under torchrun → ChildFailedError, CalledProcessError, exit 1", async () => {
  const sb = makeSandbox(2);
  try {
    writeConfig(sb, { template: "nope" });
    const r = await runCli(sb, ["train", "cfg.yaml"], { CUDA_VISIBLE_DEVICES: "0,1" });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Initializing 2 distributed tasks at: 127\.0\.0\.1:\d+/);
    assert.match(r.stderr, /ValueError: Template nope does not exist\./);
    assert.match(r.stderr, /torch\.distributed\.elastic\.multiprocessing\.errors\.ChildFailedError/);
    assert.match(r.stderr, /subprocess\.CalledProcessError: Command '\['torchrun', '--nnodes', '1'/);
  } finally { sb.cleanup(); }
});

test("nvidia-smi: header/units, plain table without processes, bad field", () => {
  const sb = makeSandbox(2);
  try {
    const run = (args: string[]) => { try { return { out: execFileSync(process.execPath, [NVSMI, ...args], { env: { HOME: sb.home } }).toString(), code: 0 }; } catch (e) { const x = e as { stdout: Buffer; status: number }; return { out: x.stdout.toString(), code: x.status }; } };
    assert.equal(run(["--query-gpu=index,memory.used", "--format=csv"]).out, "index, memory.used [MiB]\n0, 0 MiB\n1, 0 MiB\n");
    const table = run([]).out;
    assert.match(table, /NVIDIA-SMI [\d.]+ +Driver Version/);
    assert.match(table, /No running processes found/);
    const bad = run(["--query-gpu=index,bogus", "--format=csv"]);
    assert.equal(bad.code, 2);
    assert.match(bad.out, /Field "bogus" is not a valid field to query\./);
  } finally { sb.cleanup(); }
});
