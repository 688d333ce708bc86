// The simulated host: ~/.sim/host.json describes its GPUs and speed; ~/.sim/gpus/<index>-<pid>.json
// records which live process holds which GPU (read by nvidia-smi and by the OOM check).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const simDir = () => path.join(process.env.HOME || os.homedir(), ".sim");
const gpuDir = () => path.join(simDir(), "gpus");

const DEFAULT_HOST = { gpus: [{ name: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920 }], stepSeconds: 0.5 };

export function readHost() {
  let host = DEFAULT_HOST;
  try { host = { ...DEFAULT_HOST, ...JSON.parse(fs.readFileSync(path.join(simDir(), "host.json"), "utf8")) }; }
  catch (e) { if (e.code !== "ENOENT") throw new Error(`~/.sim/host.json: ${e.message}`); }
  const env = Number(process.env.SIM_STEP_SECONDS);
  return { ...host, stepSeconds: Number.isFinite(env) && process.env.SIM_STEP_SECONDS !== "" ? env : Number(host.stepSeconds ?? 0.5) };
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch { return false; }
}

/** Live holders per GPU index; stale files of dead pids are removed on the way. */
export function listHolders() {
  const out = [];
  let files = [];
  try { files = fs.readdirSync(gpuDir()); } catch { return out; }
  for (const f of files) {
    if (!f.endsWith(".json")) continue;
    const p = path.join(gpuDir(), f);
    try {
      const h = JSON.parse(fs.readFileSync(p, "utf8"));
      if (isAlive(h.pid)) out.push(h);
      else fs.rmSync(p, { force: true });
    } catch { /* a half-written file of a starting process: skip this time */ }
  }
  return out;
}

export function registerGpu(index, memoryMiB, name) {
  fs.mkdirSync(gpuDir(), { recursive: true });
  const p = path.join(gpuDir(), `${index}-${process.pid}.json`);
  const tmp = `${p}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ index, pid: process.pid, memoryMiB, utilization: 0, name, since: Date.now() }));
  fs.renameSync(tmp, p);
  process.on("exit", () => { try { fs.rmSync(p, { force: true }); } catch { /* already gone */ } });
  return p;
}

export function setUtilization(file, utilization, memoryMiB) {
  try {
    const h = JSON.parse(fs.readFileSync(file, "utf8"));
    h.utilization = utilization;
    if (memoryMiB !== undefined) h.memoryMiB = memoryMiB;
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(h));
    fs.renameSync(`${file}.tmp`, file);
  } catch { /* best effort */ }
}

/** CUDA_VISIBLE_DEVICES → physical indices; null when some id is not a GPU of this host. */
export function visibleDevices(host, env = process.env) {
  const all = host.gpus.map((_, i) => i);
  if (env.CUDA_VISIBLE_DEVICES === undefined) return { ok: true, ids: all };
  const raw = env.CUDA_VISIBLE_DEVICES.trim();
  if (raw === "") return { ok: false, ids: [], reason: "none" };
  const ids = raw.split(",").map((s) => s.trim());
  if (ids.some((s) => !/^\d+$/.test(s) || Number(s) >= host.gpus.length)) return { ok: false, ids: [], reason: "ordinal" };
  const nums = ids.map(Number);
  if (new Set(nums).size !== nums.length) return { ok: false, ids: [], reason: "ordinal" };
  return { ok: true, ids: nums };
}
