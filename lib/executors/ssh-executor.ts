// The SSH executor: the run is a detached session on a GPU host (its pid is its process group), its
// exit code the file its wrapper writes, and "gone" means ps lists no live process of the group.
import type { TSshConnection } from "@/lib/ssh/connect";
import { getHostConnection, type THostConnectRow } from "@/lib/ssh/host-pool";
import { shQuote } from "@/lib/ssh/quote";
import {
  abortTreeCommand, blockOrReadPidCommand, countGroupCommand, parseStatusOutput, signalGroupCommand, startCommand, statusCommand, EXIT_FILE,
} from "@/lib/runs/remote-commands";
import { ExecutorFatalError, type TExecutor, type TRunHandle, type TRunSpec, type TRunState } from "@/lib/executors/contract";

type TSshHandle = Extract<TRunHandle, { executor: "SSH" }>;

function asSsh(h: TRunHandle): TSshHandle {
  if (h.executor !== "SSH") throw new Error(`the SSH executor got a ${h.executor} handle`);
  return h;
}

export function sshExecutor(host: THostConnectRow & { name: string }): TExecutor {
  const conn = (): Promise<TSshConnection> => getHostConnection(host);
  const groupCount = async (pgid: number): Promise<number> => {
    const r = await (await conn()).exec(countGroupCommand(pgid), { timeoutMs: 10_000 });
    const n = Number(r.stdout.trim());
    if (r.code !== 0 || !Number.isInteger(n)) throw new Error(`ps on the host failed: ${r.stderr.trim().slice(0, 200)}`);
    return n;
  };
  return {
    kind: "SSH",
    filesHostId: host.id,
    async submit(spec: TRunSpec) {
      const r = await (await conn()).exec(startCommand({ dir: spec.dir, gpuIndices: spec.gpuIndices, profile: spec.profile, launchEnv: spec.launchEnv, dist: spec.dist }), { timeoutMs: 30_000 });
      const pid = Number(r.stdout.trim().split("\n").pop());
      if (r.code !== 0 || !Number.isInteger(pid) || pid <= 1)
        throw new ExecutorFatalError(`The training process did not report a pid on ${host.name} (${(r.stdout + r.stderr).trim().slice(0, 300) || `exit ${r.code}`}).`);
      return { executor: "SSH", runId: spec.runId, dir: spec.dir, pgid: pid };
    },
    async status(handles) {
      const hs = handles.map(asSsh);
      const out = new Map<string, TRunState>();
      if (hs.length === 0) return out;
      const r = await (await conn()).exec(statusCommand(hs.map((x) => ({ key: x.runId, dir: x.dir, pgid: x.pgid }))), { timeoutMs: 10_000 });
      if (r.code !== 0) throw new Error(`status check exited ${r.code}: ${r.stderr.trim().slice(0, 200)}`);
      for (const [runId, s] of parseStatusOutput(r.stdout)) {
        out.set(runId, {
          phase: s.alive > 0 ? "running" : "ended",
          native: s.alive > 0 ? `${s.alive} live processes` : "exited",
          exitCode: s.alive > 0 ? null : s.exitCode,
          queuePosition: null, queueReason: null, timeLimit: "none", runSeconds: null, node: null,
        });
      }
      return out;
    },
    async blockOrFind(runId, dir) {
      const r = await (await conn()).exec(blockOrReadPidCommand(dir), { timeoutMs: 20_000 });
      const out = r.stdout.trim();
      const pid = Number(out);
      if (out === "BLOCKED" || out === "NOPID" || !Number.isInteger(pid) || pid <= 1) return null;
      return { executor: "SSH", runId, dir, pgid: pid };
    },
    async signal(h, sig) {
      const { pgid } = asSsh(h);
      if (sig === "ABRT") {
        await (await conn()).exec(abortTreeCommand(pgid), { timeoutMs: 10_000 });
        return "SIGABRT sent to the training processes (children first)";
      }
      await (await conn()).exec(signalGroupCommand(pgid, sig), { timeoutMs: 10_000 });
      return `SIG${sig} sent to process group ${pgid}`;
    },
    async cancel(h) {
      return this.signal(h, "KILL");
    },
    async verifyGone(h) {
      const { pgid, dir } = asSsh(h);
      const what = `No process of group ${pgid} is left`;
      if ((await groupCount(pgid)) > 0) return { gone: false, exitCode: null, proof: "verified with ps", what, native: "alive" };
      const ec = await (await conn()).exec(`cat -- ${shQuote(dir)}/${EXIT_FILE} 2>/dev/null`, { timeoutMs: 10_000 });
      const exitCode = /^-?\d+$/.test(ec.stdout.trim()) ? Number(ec.stdout.trim()) : null;
      return { gone: true, exitCode, proof: "verified with ps", what, native: "exited" };
    },
  };
}
