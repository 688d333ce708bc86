import { test } from "node:test";
import assert from "node:assert/strict";
import { batchScript, parseJobId, parseScontrolLine, parseSinfo, parseStatus, phaseOf, sbatchArgs, slurmDuration, submitCommand, timeLimitOutcome } from "@/lib/executors/slurm/commands";

const LINE = "JobId=42 JobName=ff-rabc UserId=ffh4u22812(1001) GroupId=x(1) Priority=4294901758 Account=(null) QOS=(null) JobState=PENDING Reason=Resources Dependency=(null) ExitCode=0:0 RunTime=00:00:00 TimeLimit=00:30:00 NodeList=(null) Command=/tmp/x/ffloor.sbatch";

test("scontrol -o lines: state, reason, exit code (signal as 128+N), durations, node", () => {
  const p = parseScontrolLine(LINE)!;
  assert.deepEqual(p, { jobId: "42", state: "PENDING", reason: "Resources", exitCode: null, runSeconds: 0, timeLimitSeconds: 1800, node: null });
  const done = parseScontrolLine("JobId=43 JobState=COMPLETED Reason=None ExitCode=0:0 RunTime=00:01:02 TimeLimit=1-00:00:00 NodeList=vm")!;
  assert.equal(done.exitCode, 0);
  assert.equal(done.reason, null);
  assert.equal(done.timeLimitSeconds, 86400);
  assert.equal(done.node, "vm");
  assert.equal(parseScontrolLine("JobId=44 JobState=CANCELLED ExitCode=0:9")!.exitCode, 137);
  assert.equal(parseScontrolLine("JobId=45 JobState=FAILED ExitCode=3:0")!.exitCode, 3);
  assert.equal(slurmDuration("UNLIMITED"), null);
  assert.equal(slurmDuration("05:07"), 307);
});

test("status output: jobs, a purged job, and the partition's pending order", () => {
  const out = `JOB ${LINE}\nJOB JobId=7 JobState=GONE\nPD 40\nPD 42\n`;
  const s = parseStatus(out);
  assert.deepEqual(s.pendingOrder, ["40", "42"]);
  assert.equal(s.jobs.get("7")!.state, "GONE");
  assert.equal(phaseOf("GONE"), "ended");
  assert.equal(phaseOf("COMPLETING"), "running", "COMPLETING still has processes");
  assert.equal(phaseOf("PENDING"), "pending");
});

test("time limit: TIMEOUT is killed, a clean exit inside the warning window is warned, a finished run is not", () => {
  const j = (state: string, run: number) => ({ jobId: "1", state, reason: null, exitCode: 0, runSeconds: run, timeLimitSeconds: 3600, node: "vm" });
  assert.equal(timeLimitOutcome(j("TIMEOUT", 3600), null), "killed");
  assert.equal(timeLimitOutcome(j("COMPLETED", 3500), false), "warned");
  assert.equal(timeLimitOutcome(j("COMPLETED", 3500), true), "none");
  assert.equal(timeLimitOutcome(j("COMPLETED", 600), false), "none");
});

test("sbatch gets every value as its own quoted word; the batch script holds no user value", () => {
  const args = sbatchArgs({ runId: "rabc", dir: "/home/u/ffloor-runs/rabc", gpus: 2, cluster: { partition: "gpu", account: "lab", qos: null, timeLimitMin: 90 } });
  assert.ok(args.includes("--gres=gpu:2") && args.includes("--parsable") && args.includes("--signal=B:ABRT@120") && args.includes("--time=90") && args.includes("--account=lab"));
  assert.throws(() => sbatchArgs({ runId: "r", dir: "/d", gpus: 1, cluster: { partition: "gpu; rm -rf ~", account: null, qos: null, timeLimitMin: 1 } }), /not a valid Slurm name/);
  const cmd = submitCommand({ dir: "/d/it's", args, runId: "rabc" });
  assert.match(cmd, /squeue -h --name="\$N"/, "a lost job id is found again by the job name");
  assert.match(cmd, /D='\/d\/it'\\''s'/);
  assert.match(cmd, /'--gres=gpu:2'/);
  const script = batchScript({ profile: { activation: "source ~/LLaMA-Factory/.venv/bin/activate", lfDir: "~/LLaMA-Factory", envVars: { HF_HOME: "/data/$(whoami)" } }, launchEnv: { FORCE_TORCHRUN: "1" } });
  assert.match(script, /exec llamafactory-cli train "\$D\/config.yaml"/);
  assert.match(script, /export HF_HOME='\/data\/\$\(whoami\)'/);
  assert.match(script, /LLAMABOARD_ENABLED=1 LLAMABOARD_WORKDIR="\$D" FORCE_TORCHRUN=1/);
});

test("job ids and sinfo", () => {
  assert.equal(parseJobId("123\n"), "123");
  assert.equal(parseJobId("123;cluster\n"), "123");
  assert.equal(parseJobId("NOJOB"), null);
  assert.deepEqual(parseSinfo("vm|idle|gpu:4\nvm|idle|gpu:4\nn2|mix|gpu:a100:8(S:0-1)\nn3|idle|(null)\n").nodes, [
    { name: "vm", state: "idle", gpus: 4 }, { name: "n2", state: "mix", gpus: 8 }, { name: "n3", state: "idle", gpus: 0 }]);
});
