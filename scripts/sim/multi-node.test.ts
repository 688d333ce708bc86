// Multi-node runs: two sandbox "nodes" (separate HOMEs, one GPU each) meet over TCP on 127.0.0.1 the
// way torchrun's static rendezvous does, train in lock-step, and fail together when one of them dies.
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { test } from "node:test";
import { collect, makeSandbox, NVSMI, readLog, runCli, sleep, startCli, waitFor, writeConfig, type TRunResult, type TSandbox } from "./test-helpers.ts";

const logSteps = (sb: TSandbox) => { try { return readLog(sb).map((l) => l.current_steps); } catch { return []; } };
const out = (sb: TSandbox, f = "") => path.join(sb.cwd, "out", f);
const nvsmiUsed = (sb: TSandbox) => execFileSync(process.execPath, [NVSMI, "--query-gpu=memory.used", "--format=csv,noheader,nounits"], { env: { HOME: sb.home } }).toString().trim();
const children = (pid: number): number[] => {
  const found: number[] = [];
  for (const d of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try { const st = fs.readFileSync(`/proc/${d}/stat`, "utf8"); if (Number(st.slice(st.lastIndexOf(")") + 2).split(" ")[1]) === pid) found.push(Number(d)); } catch { /* exited */ }
  }
  return found;
};
/** pid and its descendants, parents before children. */
const tree = (pid: number): number[] => [pid, ...children(pid).flatMap(tree)];
const alive = (pid: number) => { try { process.kill(pid, 0); return !/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8")); } catch { return false; } };

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "0.0.0.0", () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

type TNode = { sb: TSandbox; env: Record<string, string> };
/** Node 0 and node 1 of one run; node 1's GPU has gpuMiB. */
function twoNodes(port: number, extra: Record<string, string> = {}, gpuMiB = 81920): [TNode, TNode] {
  const node = (r: number): TNode => ({
    sb: makeSandbox(1, r === 1 ? gpuMiB : 81920),
    env: { FORCE_TORCHRUN: "1", NNODES: "2", NODE_RANK: String(r), MASTER_ADDR: "127.0.0.1", MASTER_PORT: String(port), ...extra },
  });
  return [node(0), node(1)];
}
const start = (n: TNode, env: Record<string, string> = {}): ChildProcess => startCli(n.sb, ["train", "cfg.yaml"], { ...n.env, ...env }, { detached: true });
const timed = (p: Promise<TRunResult>) => p.then((r) => ({ ...r, at: Date.now() }));
const cleanup = (...ns: TNode[]) => { for (const n of ns) n.sb.cleanup(); };

test("2 nodes × 1 GPU: both exit 0, only node 0 writes, steps planned for world size 2", async () => {
  const port = await freePort();
  const [n0, n1] = twoNodes(port);
  try {
    for (const n of [n0, n1]) writeConfig(n.sb);
    // Node 1's GPUs are 10x slower: in lock-step its pace is everyone's.
    const [r0, r1] = await Promise.all([timed(collect(start(n0))), timed(collect(start(n1, { SIM_STEP_SECONDS: "0.02" })))]);
    assert.equal(r0.code, 0, r0.stderr);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r0.stdout, /Process rank: 0, world size: 2, device: cuda:0, distributed training: True/);
    assert.match(r1.stdout, /Process rank: 1, world size: 2, device: cuda:0, distributed training: True/);
    assert.doesNotMatch(r1.stdout + r1.stderr, /Running training|Traceback/);
    assert.match(r0.stderr, /Total train batch size \(w\. parallel, distributed & accumulation\) = 16/);
    assert.ok(fs.existsSync(out(n0.sb, "trainer_log.jsonl")) && fs.existsSync(out(n0.sb, "train_results.json")));
    assert.ok(!fs.existsSync(out(n1.sb)), "node 1 writes no output_dir");
    assert.ok(Math.abs(r0.at - r1.at) < 1500, `nodes end together (${r0.at - r1.at} ms apart)`);

    // Same config on one node: 450 train samples, batch 2 × accum 4: 57 updates an epoch (world 1)
    // against 29 (world 2), over 2 epochs.
    const two = readLog(n0.sb).at(-1)!;
    const single = await runCli(n0.sb, ["train", "cfg.yaml", "output_dir=single"]);
    assert.equal(single.code, 0, single.stderr);
    const one = readLog(n0.sb, "single").at(-1)!;
    assert.equal(Number(one.total_steps), 114);
    assert.equal(Number(two.total_steps), 58);
    assert.equal(two.current_steps, 58);
    const runtime = Number(JSON.parse(fs.readFileSync(out(n0.sb, "train_results.json"), "utf8")).train_runtime);
    assert.ok(runtime >= 58 * 0.02 * 0.9, `rank 0 trained in ${runtime}s, faster than node 1 can`);
    // rng states sit on the disk of the node whose rank saved them.
    const ck = out(n0.sb, "checkpoint-58");
    assert.ok(fs.existsSync(path.join(ck, "rng_state_0.pth")) && !fs.existsSync(path.join(ck, "rng_state_1.pth")));
  } finally { cleanup(n0, n1); }
});

test("node 1 started first waits for node 0; no worker starts before both joined", async () => {
  const port = await freePort();
  const [n0, n1] = twoNodes(port);
  try {
    for (const n of [n0, n1]) writeConfig(n.sb);
    const c1 = start(n1);
    let early = "";
    c1.stdout!.on("data", (d) => (early += d));
    const d1 = collect(c1);
    await waitFor(() => children(c1.pid!).length === 1);
    await sleep(1000);
    const torchrun = children(c1.pid!)[0]!;
    assert.match(fs.readFileSync(`/proc/${torchrun}/cmdline`, "utf8"), /--nnodes\x002\x00--node_rank\x001\x00/);
    assert.deepEqual(children(torchrun), [], "no worker while node 0 is missing");
    assert.doesNotMatch(early, /Process rank/);
    assert.equal(nvsmiUsed(n1.sb), "0");
    const [r0, r1] = await Promise.all([collect(start(n0)), d1]);
    assert.equal(r0.code, 0, r0.stderr);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r1.stdout, /Process rank: 1, world size: 2/);
  } finally { cleanup(n0, n1); }
});

test("rendezvous timeouts (SIM_RDZV_TIMEOUT_S): master without clients, client without master", async () => {
  const [p0, p1] = [await freePort(), await freePort()];
  const [m] = twoNodes(p0, { SIM_RDZV_TIMEOUT_S: "1" });
  const [, c] = twoNodes(p1, { SIM_RDZV_TIMEOUT_S: "1" });
  try {
    for (const n of [m, c]) writeConfig(n.sb);
    const [rm, rc] = await Promise.all([collect(start(m)), collect(start(c))]);
    assert.equal(rm.code, 1);
    assert.match(rm.stderr, /static_tcp_rendezvous\.py", line 67, in next_rendezvous\n[\s\S]*\ntorch\.distributed\.DistStoreError: Timed out after 2 seconds waiting for clients\. 1\/2 clients joined\.\n/);
    assert.equal(rc.code, 1);
    assert.match(rc.stderr, new RegExp(`torch\\.distributed\\.DistNetworkError: The client socket has timed out after 1000ms while trying to connect to \\(127\\.0\\.0\\.1, ${p1}\\)\\.`));
    for (const r of [rm, rc]) assert.match(r.stderr, /subprocess\.CalledProcessError: Command '\['torchrun', '--nnodes', '2'/);
  } finally { cleanup(m, c); }
});

test("SIGKILL of node 1's process group mid-run: node 0 fails with the NCCL error within seconds, nothing left", async () => {
  const port = await freePort();
  const [n0, n1] = twoNodes(port, { SIM_STEP_SECONDS: "0.05" });
  try {
    for (const n of [n0, n1]) writeConfig(n.sb, { num_train_epochs: "20.0" });
    const c0 = start(n0), c1 = start(n1);
    const [d0, d1] = [timed(collect(c0)), collect(c1)];
    await waitFor(() => logSteps(n0.sb).length >= 2);
    const pids = [...tree(c0.pid!), ...tree(c1.pid!)];
    assert.equal(pids.length, 6, "cli → torchrun → worker on each node");
    assert.ok(Number(nvsmiUsed(n1.sb)) > 1000, "node 1's rank holds its GPU");
    const t = Date.now();
    process.kill(-c1.pid!, "SIGKILL");
    const [r0] = await Promise.all([d0, d1]);
    assert.equal(r0.code, 1);
    assert.ok(r0.at - t < 5000, `node 0 failed after ${r0.at - t} ms`);
    assert.match(r0.stderr, /\[rank0\]: Traceback \(most recent call last\):\n[\s\S]*\[rank0\]:   File ".*\/torch\/autograd\/graph\.py", line \d+, in _engine_run_backward\n/);
    assert.match(r0.stderr, /\[rank0\]: torch\.distributed\.DistBackendError: NCCL error in: \.\.\/torch\/csrc\/distributed\/c10d\/ProcessGroupNCCL\.cpp:1970, remote process exited or there was a network error, NCCL version 2\.21\.5\n\[rank0\]: ncclRemoteError: /);
    assert.match(r0.stderr, /ChildFailedError[\s\S]*rank      : 0 \(local_rank: 0\)[\s\S]*subprocess\.CalledProcessError/);
    assert.ok(!fs.existsSync(out(n0.sb, "train_results.json")));
    await waitFor(() => pids.every((p) => !alive(p)), 3000);
  } finally { cleanup(n0, n1); }
});

test("a rank failing on node 1 (OOM) fails node 0 too, in its first collective", async () => {
  const port = await freePort();
  const [n0, n1] = twoNodes(port, {}, 4096);
  try {
    for (const n of [n0, n1]) writeConfig(n.sb);
    const [r0, r1] = await Promise.all([collect(start(n0)), collect(start(n1))]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /torch\.OutOfMemoryError: CUDA out of memory\./);
    assert.match(r1.stderr, /rank      : 1 \(local_rank: 0\)/);
    assert.equal(r0.code, 1);
    assert.match(r0.stderr, /_verify_param_shape_across_processes\n[\s\S]*\[rank0\]: torch\.distributed\.DistBackendError: NCCL error in: /);
    assert.ok(!fs.existsSync(out(n0.sb, "trainer_log.jsonl")));
  } finally { cleanup(n0, n1); }
});

test("master_port already in use on node 0: EADDRINUSE, exit 1", async () => {
  const port = await freePort();
  const [n0, n1] = twoNodes(port);
  const squatter = net.createServer();
  await new Promise<void>((r) => squatter.listen(port, "0.0.0.0", () => r()));
  try {
    writeConfig(n0.sb);
    const r = await runCli(n0.sb, ["train", "cfg.yaml"], n0.env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`next_rendezvous\\n    self\\._store = TCPStore\\(  # type: ignore\\[call-arg\\]\\ntorch\\.distributed\\.DistNetworkError: The server socket has failed to listen on any local network address\\. port: ${port}, useIpv6: false, code: -98, name: EADDRINUSE, message: address already in use\\n`));
    assert.match(r.stderr, /subprocess\.CalledProcessError/);
    assert.doesNotMatch(r.stdout, /Process rank/);
  } finally { squatter.close(); cleanup(n0, n1); }
});

const webui = (n: TNode) => ({ SIM_STEP_SECONDS: "0.01", LLAMABOARD_ENABLED: "1", LLAMABOARD_WORKDIR: out(n.sb) });

/** Two nodes in webui mode (LLaMA-Board's SIGABRT handler armed) on a long run, once rank 0 has logged two steps. */
async function startWebuiPair(): Promise<{ n0: TNode; n1: TNode; c0: ChildProcess; c1: ChildProcess }> {
  const [n0, n1] = twoNodes(await freePort());
  for (const n of [n0, n1]) writeConfig(n.sb, { num_train_epochs: "20.0" });
  return { n0, n1, c0: start(n0, webui(n0)), c1: start(n1, webui(n1)) };
}

test("LLaMA-Board abort (SIGABRT bottom-up to every process of both nodes): rank 0 saves, ranks end cleanly", async () => {
  const { n0, n1, c0, c1 } = await startWebuiPair();
  try {
    const [d0, d1] = [collect(c0), collect(c1)];
    await waitFor(() => logSteps(n0.sb).length >= 2);
    const pids = [...tree(c0.pid!), ...tree(c1.pid!)];
    assert.equal(pids.length, 6);
    for (const c of [c0, c1]) for (const p of tree(c.pid!).reverse()) process.kill(p, "SIGABRT");
    const [r0, r1] = await Promise.all([d0, d1]);
    // As with the real launcher and torchrun: no SIGABRT handler there, so they die of it (or the
    // launcher sees torchrun die of it first, the race LLaMA-Board's bottom-up walk has too).
    for (const r of [r0, r1]) assert.ok(r.signal === "SIGABRT" || (r.code === 1 && /CalledProcessError: .* died with <Signals\.SIGABRT: 6>\./.test(r.stderr)), `${r.code} ${r.signal}`);
    await waitFor(() => pids.every((p) => !alive(p)), 5000);
    assert.ok(fs.existsSync(out(n0.sb, "train_results.json")), r0.stderr);
    const last = readLog(n0.sb).at(-1)!;
    assert.ok(!("loss" in last) && Number(last.current_steps) < Number(last.total_steps));
    assert.ok(!fs.existsSync(out(n1.sb, "trainer_log.jsonl")) && !fs.existsSync(out(n1.sb, "train_results.json")));
    for (const r of [r0, r1]) assert.doesNotMatch(r.stderr, /\[rank\d\]|NCCL|ChildFailedError/);
  } finally { cleanup(n0, n1); }
});

test("SIGABRT to the ranks of both nodes (webui mode): rank 0 saves, both nodes exit 0", async () => {
  const { n0, n1, c0, c1 } = await startWebuiPair();
  try {
    const [d0, d1] = [collect(c0), collect(c1)];
    await waitFor(() => logSteps(n0.sb).length >= 2);
    const ranks = [c0, c1].map((c) => children(children(c.pid!)[0]!)[0]!);
    for (const p of ranks) process.kill(p, "SIGABRT");
    const [r0, r1] = await Promise.all([d0, d1]);
    assert.equal(r0.code, 0, r0.stderr);
    assert.equal(r1.code, 0, r1.stderr);
    assert.ok(fs.existsSync(out(n0.sb, "train_results.json")) && fs.existsSync(out(n0.sb, "adapter_model.safetensors")));
    assert.ok(Number(readLog(n0.sb).at(-1)!.current_steps) < Number(readLog(n0.sb).at(-1)!.total_steps));
    assert.ok(!fs.existsSync(out(n1.sb, "train_results.json")));
  } finally { cleanup(n0, n1); }
});

test("a graceful stop on node 0 only: node 0 saves and exits 0, node 1 fails with the NCCL error (no hang)", async () => {
  const { n0, n1, c0, c1 } = await startWebuiPair();
  try {
    const [d0, d1] = [collect(c0), timed(collect(c1))];
    await waitFor(() => logSteps(n0.sb).length >= 2);
    const pids = [...tree(c0.pid!), ...tree(c1.pid!)];
    const t = Date.now();
    process.kill(children(children(c0.pid!)[0]!)[0]!, "SIGABRT");
    const [r0, r1] = await Promise.all([d0, d1]);
    assert.equal(r0.code, 0, r0.stderr);
    assert.ok(fs.existsSync(out(n0.sb, "train_results.json")));
    assert.equal(r1.code, 1);
    assert.ok(r1.at - t < 5000, `node 1 failed after ${r1.at - t} ms`);
    assert.match(r1.stderr, /\[rank1\]: torch\.distributed\.DistBackendError: NCCL error in: .*remote process exited or there was a network error/);
    assert.match(r1.stderr, /rank      : 1 \(local_rank: 0\)/);
    await waitFor(() => pids.every((p) => !alive(p)), 3000);
  } finally { cleanup(n0, n1); }
});
