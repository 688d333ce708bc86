// The executor contract, one suite run against every engine: the SSH executor on a real sshd sandbox
// host, the Slurm executor on the real one-node Slurm (scripts/sandbox/slurm.sh) through a sandbox
// login sshd, and the SSH executor over two sandbox hosts (a 2-node torchrun run). Each: submit exactly once, status, files on the files host, SIGABRT makes the LF
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
import { freePort, SIM_YAML, waitFor } from "@/lib/runs/testing/run-fixtures";
import { sshExecutor } from "@/lib/executors/ssh-executor";
import { slurmExecutor } from "@/lib/executors/slurm/slurm-executor";
import { multiNodeSshExecutor } from "@/lib/executors/multi-node-ssh-executor";
import { ExecutorFatalError, ZRunHandle, ZRunState, type TExecutor, type TRunHandle } from "@/lib/executors/contract";
import { slurmDown, slurmUp, startLoginSshd } from "@/lib/executors/testing/slurm-sandbox";

type TRunDirs = { runId: string; dir: string; node1Dir?: string; masterPort?: number };
/** `exFor` gives the executor for one prepared run (a multi-node executor knows each node's folder). */
type TEngine = { name: string; sshd: TThrowawaySshd; exFor(p: TRunDirs): TExecutor; host: THostConnectRow & { name: string }; node1?: { sshd: TThrowawaySshd; host: THostConnectRow & { name: string } } };

function hostRow(sshd: TThrowawaySshd, name: string): THostConnectRow & { name: string } {
  return { id: `contract-${name}-${process.pid}`, name, address: sshd.address, port: sshd.port, username: sshd.username, privateKeyEnc: seal(sshd.privateKey, env().HOST_KEY_SECRET), hostKeyFingerprint: sshd.hostKeyFingerprint };
}

const engines: TEngine[] = [];
before(() => {
  slurmUp();
  const a = startThrowawaySshd({ port: 22811, sim: { gpus: 2, stepSeconds: 0.1 } });
  const ha = hostRow(a, "ssh-target");
  engines.push({ name: "SSH", sshd: a, host: ha, exFor: () => sshExecutor(ha) });
  const b = startLoginSshd({ port: 22812, stepSeconds: 0.1 });
  const hb = hostRow(b, "slurm-login");
  const slurm = slurmExecutor({ clusterName: "sandbox", login: hb, defaults: { partition: "gpu", account: null, qos: null, timeLimitMin: 10 } });
  engines.push({ name: "SLURM", sshd: b, host: hb, exFor: () => slurm });
  const [m0, m1] = [startThrowawaySshd({ port: 22815, sim: { gpus: 1, stepSeconds: 0.1 } }), startThrowawaySshd({ port: 22816, sim: { gpus: 1, stepSeconds: 0.1 } })];
  const [h0, h1] = [hostRow(m0, "node0"), hostRow(m1, "node1")];
  engines.push({ name: "SSH 2 nodes", sshd: m0, host: h0, node1: { sshd: m1, host: h1 }, exFor: (p) => multiNodeSshExecutor({ masterAddr: "127.0.0.1", masterPort: p.masterPort!,
    nodes: [{ rank: 0, host: h0, dir: p.dir, gpuIndices: [0] }, { rank: 1, host: h1, dir: p.node1Dir!, gpuIndices: [0] }] }) });
});
after(async () => {
  await closeAllHostConnections();
  for (const e of engines) { e.sshd.stop(); e.node1?.sshd.stop(); }
  slurmDown();
});

let seq = 0;
async function prepare(e: TEngine, o: { epochs?: number } = {}): Promise<TRunDirs> {
  const runId = `ct${e.name.toLowerCase().replace(/[^a-z0-9]/g, "")}${process.pid}x${seq++}`;
  const place = async (sshd: TThrowawaySshd, host: THostConnectRow) => {
    const dir = path.posix.join(sshd.home, "ffloor-runs", runId);
    const conn = await getHostConnection(host);
    assert.equal((await conn.exec(mkdirCommand(dir))).code, 0);
    await conn.writeFile(path.posix.join(dir, CONFIG_FILE), SIM_YAML.replace("output_dir: saves/placeholder", `output_dir: ${dir}`).replace("num_train_epochs: 2.0", `num_train_epochs: ${o.epochs ?? 2}.0`), 0o600);
    return dir;
  };
  return { runId, dir: await place(e.sshd, e.host), ...(e.node1 ? { node1Dir: await place(e.node1.sshd, e.node1.host), masterPort: await freePort() } : {}) };
}
const spec = (e: TEngine, p: TRunDirs, gpus = [0]) => ({ runId: p.runId, dir: p.dir, gpuIndices: gpus, launchEnv: {}, profile: { ...e.sshd.profile!, envVars: {} } });

async function stateOf(ex: TExecutor, h: TRunHandle) {
  const s = (await ex.status([h])).get(h.runId);
  if (s) ZRunState.parse(s);
  return s ?? null;
}

for (const name of ["SSH", "SLURM", "SSH 2 nodes"]) {
  describe(`${name} executor`, () => {
    const eng = () => engines.find((x) => x.name === name)!;

    test("submit once, running, files on the files host, SIGABRT: LF stops at the next step and exits 0, proven gone", async () => {
      const e = eng();
      const p = await prepare(e, { epochs: 20 });
      const ex = e.exFor(p);
      const h = await ex.submit(spec(e, p));
      ZRunHandle.parse(h);
      assert.equal(h.executor, name === "SLURM" ? "SLURM" : "SSH");
      // A retried submit (worker died after sbatch/setsid, before the DB write) finds the same run.
      assert.deepEqual(await ex.submit(spec(e, p)), h);
      assert.equal(ex.filesHostId, e.host.id);
      await waitFor("running", async () => (await stateOf(ex, h))?.phase === "running", 30_000, 100);
      const conn = await getHostConnection(e.host);
      await waitFor("trainer_log.jsonl lines", async () => (await conn.readFrom(path.posix.join(p.dir, "trainer_log.jsonl"), 0, 4096)).toString().includes('"current_steps"'), 30_000, 100);
      assert.equal((await ex.verifyGone(h)).gone, false);
      const msg = await ex.signal(h, "ABRT");
      assert.match(msg, /SIGABRT/);
      const v = await waitFor("gone after SIGABRT", async () => { const r = await ex.verifyGone(h); return r.gone ? r : null; }, 30_000, 100);
      const s = await stateOf(ex, h);
      assert.equal(s?.phase, "ended");
      if (name === "SSH 2 nodes") {
        // Under torchrun (every multi-node rank) the training ranks save and exit 0, but llamafactory-cli and
        // torchrun have no SIGABRT handler and die of it, as under LLaMA-Board: the exit code is the signal's.
        assert.ok(v.exitCode !== null && [1, 134].includes(v.exitCode), `exit code ${v.exitCode}`);
      } else {
        assert.equal(v.exitCode, 0, "LF with LLAMABOARD_ENABLED exits 0 after SIGABRT");
        assert.equal(s?.exitCode, 0);
      }
      const log = (await conn.readFrom(path.posix.join(p.dir, "trainer_log.jsonl"), 0, 1 << 20)).toString().trim().split("\n");
      const last = JSON.parse(log.at(-1)!);
      assert.ok(last.current_steps < last.total_steps, "stopped before the end (an abort's summary line)");
    });

    test("cancel ends a running run and the engine proves it gone", async () => {
      const e = eng();
      const p = await prepare(e, { epochs: 20 });
      const ex = e.exFor(p);
      const h = await ex.submit(spec(e, p));
      await waitFor("running", async () => (await stateOf(ex, h))?.phase === "running", 30_000, 100);
      await ex.cancel(h);
      const v = await waitFor("gone after cancel", async () => { const r = await ex.verifyGone(h); return r.gone ? r : null; }, 30_000, 100);
      assert.match(v.what, { SSH: /No process of group \d+ is left/, SLURM: /Slurm job \d+ is CANCELLED/, "SSH 2 nodes": /No process of the run is left on any of its 2 nodes/ }[name]!);
      assert.match(v.proof, { SSH: /ps/, SLURM: /scontrol/, "SSH 2 nodes": /ps on every node/ }[name]!);
    });

    test("a stop before submit blocks the submit for good; one after finds the run", async () => {
      const e = eng();
      const p = await prepare(e);
      const exP = e.exFor(p);
      assert.equal(await exP.blockOrFind(p.runId, p.dir), null);
      await assert.rejects(exP.submit(spec(e, p)), ExecutorFatalError);
      const q = await prepare(e);
      const ex = e.exFor(q);
      const h = await ex.submit(spec(e, q));
      assert.deepEqual(await ex.blockOrFind(q.runId, q.dir), h);
      await ex.signal(h, "KILL");
      await waitFor("gone after SIGKILL", async () => (await ex.verifyGone(h)).gone, 30_000, 100);
    });
  });
}
