// The executor contract, one suite run against both engines: the SSH executor on a real sshd sandbox
// host, the Slurm executor on the real one-node Slurm (scripts/sandbox/slurm.sh) through a sandbox
// login sshd. Each: submit exactly once, status, files on the files host, SIGABRT makes the LF
// simulator stop at the next step and exit 0 (as LF does with LLAMABOARD_ENABLED), cancel, and the
// engine's own proof that the run is gone; a stop before submit blocks the submit for good.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { seal } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { getHostConnection, closeAllHostConnections, type THostConnectRow } from "@/lib/ssh/host-pool";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { mkdirCommand, CONFIG_FILE } from "@/lib/runs/remote-commands";
import { SIM_YAML, waitFor } from "@/lib/runs/testing/run-fixtures";
import { sshExecutor } from "@/lib/executors/ssh-executor";
import { slurmExecutor } from "@/lib/executors/slurm/slurm-executor";
import { ExecutorFatalError, ZRunHandle, ZRunState, type TExecutor, type TRunHandle } from "@/lib/executors/contract";
import { slurmDown, slurmUp, startLoginSshd } from "@/lib/executors/testing/slurm-sandbox";

type TEngine = { name: string; sshd: TThrowawaySshd; ex: TExecutor; host: THostConnectRow & { name: string } };

function hostRow(sshd: TThrowawaySshd, name: string): THostConnectRow & { name: string } {
  return { id: `contract-${name}-${process.pid}`, name, address: sshd.address, port: sshd.port, username: sshd.username, privateKeyEnc: seal(sshd.privateKey, env().HOST_KEY_SECRET), hostKeyFingerprint: sshd.hostKeyFingerprint };
}

const engines: TEngine[] = [];
before(() => {
  slurmUp();
  const a = startThrowawaySshd({ port: 22811, sim: { gpus: 2, stepSeconds: 0.1 } });
  const ha = hostRow(a, "ssh-target");
  engines.push({ name: "SSH", sshd: a, host: ha, ex: sshExecutor(ha) });
  const b = startLoginSshd({ port: 22812, stepSeconds: 0.1 });
  const hb = hostRow(b, "slurm-login");
  engines.push({ name: "SLURM", sshd: b, host: hb, ex: slurmExecutor({ clusterName: "sandbox", login: hb, defaults: { partition: "gpu", account: null, qos: null, timeLimitMin: 10 } }) });
});
after(async () => {
  await closeAllHostConnections();
  for (const e of engines) e.sshd.stop();
  slurmDown();
});

let seq = 0;
async function prepare(e: TEngine, o: { epochs?: number } = {}): Promise<{ runId: string; dir: string }> {
  const runId = `ct${e.name.toLowerCase()}${process.pid}x${seq++}`;
  const dir = path.posix.join(e.sshd.home, "ffloor-runs", runId);
  const conn = await getHostConnection(e.host);
  assert.equal((await conn.exec(mkdirCommand(dir))).code, 0);
  await conn.writeFile(path.posix.join(dir, CONFIG_FILE), SIM_YAML.replace("output_dir: saves/placeholder", `output_dir: ${dir}`).replace("num_train_epochs: 2.0", `num_train_epochs: ${o.epochs ?? 2}.0`), 0o600);
  return { runId, dir };
}
const spec = (e: TEngine, p: { runId: string; dir: string }, gpus = [0]) => ({ ...p, gpuIndices: gpus, launchEnv: {}, profile: { ...e.sshd.profile!, envVars: {} } });

async function stateOf(e: TEngine, h: TRunHandle) {
  const s = (await e.ex.status([h])).get(h.runId);
  if (s) ZRunState.parse(s);
  return s ?? null;
}

for (const name of ["SSH", "SLURM"]) {
  describe(`${name} executor`, () => {
    const eng = () => engines.find((x) => x.name === name)!;

    test("submit once, running, files on the files host, SIGABRT: LF stops at the next step and exits 0, proven gone", async () => {
      const e = eng();
      const p = await prepare(e, { epochs: 20 });
      const h = await e.ex.submit(spec(e, p));
      ZRunHandle.parse(h);
      assert.equal(h.executor, name);
      // A retried submit (worker died after sbatch/setsid, before the DB write) finds the same run.
      assert.deepEqual(await e.ex.submit(spec(e, p)), h);
      assert.equal(e.ex.filesHostId, e.host.id);
      await waitFor("running", async () => (await stateOf(e, h))?.phase === "running", 30_000, 100);
      const conn = await getHostConnection(e.host);
      await waitFor("trainer_log.jsonl lines", async () => (await conn.readFrom(path.posix.join(p.dir, "trainer_log.jsonl"), 0, 4096)).toString().includes('"current_steps"'), 30_000, 100);
      assert.equal((await e.ex.verifyGone(h)).gone, false);
      const msg = await e.ex.signal(h, "ABRT");
      assert.match(msg, /SIGABRT/);
      const v = await waitFor("gone after SIGABRT", async () => { const r = await e.ex.verifyGone(h); return r.gone ? r : null; }, 30_000, 100);
      assert.equal(v.exitCode, 0, "LF with LLAMABOARD_ENABLED exits 0 after SIGABRT");
      const s = await stateOf(e, h);
      assert.equal(s?.phase, "ended");
      assert.equal(s?.exitCode, 0);
      const log = (await conn.readFrom(path.posix.join(p.dir, "trainer_log.jsonl"), 0, 1 << 20)).toString().trim().split("\n");
      const last = JSON.parse(log.at(-1)!);
      assert.ok(last.current_steps < last.total_steps, "stopped before the end (an abort's summary line)");
    });

    test("cancel ends a running run and the engine proves it gone", async () => {
      const e = eng();
      const p = await prepare(e, { epochs: 20 });
      const h = await e.ex.submit(spec(e, p));
      await waitFor("running", async () => (await stateOf(e, h))?.phase === "running", 30_000, 100);
      await e.ex.cancel(h);
      const v = await waitFor("gone after cancel", async () => { const r = await e.ex.verifyGone(h); return r.gone ? r : null; }, 30_000, 100);
      assert.match(v.what, name === "SSH" ? /No process of group \d+ is left/ : /Slurm job \d+ is CANCELLED/);
      assert.match(v.proof, name === "SSH" ? /ps/ : /scontrol/);
    });

    test("a stop before submit blocks the submit for good; one after finds the run", async () => {
      const e = eng();
      const p = await prepare(e);
      assert.equal(await e.ex.blockOrFind(p.runId, p.dir), null);
      await assert.rejects(e.ex.submit(spec(e, p)), ExecutorFatalError);
      const q = await prepare(e);
      const h = await e.ex.submit(spec(e, q));
      assert.deepEqual(await e.ex.blockOrFind(q.runId, q.dir), h);
      await e.ex.signal(h, "KILL");
      await waitFor("gone after SIGKILL", async () => (await e.ex.verifyGone(h)).gone, 30_000, 100);
    });
  });
}
