// The SSH executor over N hosts (a multi-node run): every rank is the single-host SSH executor on its
// own host (detached group, exit_code file, ps as proof), with the torchrun variables of its rank.
// Status, signals and the proof of death cover every node; the handle carries each node's group.
import { sshExecutor } from "@/lib/executors/ssh-executor";
import type { THostConnectRow } from "@/lib/ssh/host-pool";
import type { TProfile } from "@/lib/hosts/profile/profile-input";
import { withoutDistVars } from "@/lib/runs/multi-node/dist-env";
import type { TExecutor, TRunHandle, TRunSpec, TRunState } from "@/lib/executors/contract";

export type TNodeTarget = {
  rank: number;
  host: THostConnectRow & { name: string };
  dir: string;
  gpuIndices: number[];
  profile?: Pick<TProfile, "activation" | "lfDir" | "envVars">;
};
type TSshHandle = Extract<TRunHandle, { executor: "SSH" }>;
type TNodeHandle = NonNullable<TSshHandle["nodes"]>[number];

function asMulti(h: TRunHandle): TSshHandle & { nodes: TNodeHandle[] } {
  if (h.executor !== "SSH" || !h.nodes) throw new Error("the multi-node executor got a handle without nodes");
  return h as TSshHandle & { nodes: TNodeHandle[] };
}

export function multiNodeSshExecutor(o: { nodes: TNodeTarget[]; masterAddr: string; masterPort: number }): TExecutor {
  const nodes = [...o.nodes].sort((a, b) => a.rank - b.rank);
  const rank0 = nodes[0]!;
  const target = (rank: number) => {
    const n = nodes.find((x) => x.rank === rank);
    if (!n) throw new Error(`node ${rank} is not part of this run`);
    return n;
  };
  const single = (rank: number) => sshExecutor(target(rank).host);
  const nodeHandle = (h: TSshHandle, n: TNodeHandle): TSshHandle => ({ executor: "SSH", runId: h.runId, dir: n.dir, pgid: n.pgid });
  const started = (h: TRunHandle) => asMulti(h).nodes.filter((n) => n.pgid > 1);
  const names = (ns: { rank: number }[]) => ns.map((n) => target(n.rank).host.name).join(", ");

  async function startAll(spec: TRunSpec, out: TNodeHandle[]): Promise<void> {
    for (const n of [...nodes].reverse()) {
      const profile = n.profile ?? spec.profile;
      const h = await single(n.rank).submit({
        ...spec, dir: n.dir, gpuIndices: n.gpuIndices,
        profile: { ...profile, envVars: withoutDistVars(profile.envVars).envVars },
        launchEnv: { ...spec.launchEnv, FORCE_TORCHRUN: "1" },
        dist: { nnodes: nodes.length, nodeRank: n.rank, masterAddr: o.masterAddr, masterPort: o.masterPort },
      }) as TSshHandle;
      out.push({ rank: n.rank, hostId: n.host.id, dir: n.dir, pgid: h.pgid });
    }
  }

  return {
    kind: "SSH",
    filesHostId: rank0.host.id,
    async submit(spec: TRunSpec) {
      // Highest rank first: the other ranks wait in torchrun's rendezvous for rank 0, which starts last.
      const out: TNodeHandle[] = [];
      try {
        await startAll(spec, out);
      } catch (e) {
        // A rank that did start would wait in the rendezvous for the one that did not: take it down.
        await Promise.all(out.map((n) => single(n.rank).cancel({ executor: "SSH", runId: spec.runId, dir: n.dir, pgid: n.pgid }).catch(() => undefined)));
        throw e;
      }
      out.sort((a, b) => a.rank - b.rank);
      return { executor: "SSH", runId: spec.runId, dir: rank0.dir, pgid: out[0]!.pgid, nodes: out };
    },
    async status(handles) {
      const result = new Map<string, TRunState>();
      for (const h0 of handles) {
        const h = asMulti(h0);
        const per = await Promise.all(h.nodes.map(async (n) => {
          const host = target(n.rank).host.name;
          if (n.pgid <= 1) return { rank: n.rank, host, phase: "pending" as const, exitCode: null };
          try {
            const s = (await single(n.rank).status([nodeHandle(h, n)])).get(h.runId);
            return { rank: n.rank, host, phase: s ? (s.phase === "ended" ? "ended" as const : "running" as const) : "unknown" as const, exitCode: s?.exitCode ?? null };
          } catch {
            return { rank: n.rank, host, phase: "unknown" as const, exitCode: null };
          }
        }));
        const live = per.filter((p) => p.phase !== "ended");
        const r0 = per.find((p) => p.rank === 0);
        result.set(h.runId, {
          phase: live.length === 0 ? "ended" : "running",
          native: live.length === 0 ? "every node exited" : `${per.length - live.length}/${per.length} nodes exited`,
          exitCode: live.length === 0 ? (r0?.exitCode ?? null) : null,
          queuePosition: null, queueReason: null, timeLimit: "none", runSeconds: null, node: null, nodes: per,
        });
      }
      return result;
    },
    async blockOrFind(runId, dir) {
      // Every node either blocks its launch lock or reports the group a launch started there.
      const found = await Promise.all(nodes.map(async (n) => ({ rank: n.rank, hostId: n.host.id, dir: n.dir, h: await single(n.rank).blockOrFind(runId, n.dir) })));
      if (found.every((f) => !f.h)) return null;
      const ns = found.map((f) => ({ rank: f.rank, hostId: f.hostId, dir: f.dir, pgid: f.h && f.h.executor === "SSH" ? f.h.pgid : 0 }));
      return { executor: "SSH", runId, dir, pgid: ns.find((n) => n.pgid > 1)!.pgid, nodes: ns };
    },
    async signal(h, sig) {
      const ns = started(h);
      await Promise.all(ns.map((n) => single(n.rank).signal(nodeHandle(asMulti(h), n), sig)));
      return sig === "ABRT"
        ? `SIGABRT sent to the training processes on ${ns.length} nodes (${names(ns)})`
        : `SIG${sig} sent to the process groups on ${ns.length} nodes (${ns.map((n) => `${target(n.rank).host.name} ${n.pgid}`).join(", ")})`;
    },
    async cancel(h) {
      return this.signal(h, "KILL");
    },
    async verifyGone(h) {
      const ns = started(h);
      const per = await Promise.all(ns.map(async (n) => ({ n, v: await single(n.rank).verifyGone(nodeHandle(asMulti(h), n)) })));
      const left = per.filter((p) => !p.v.gone);
      const groups = ns.map((n) => `${target(n.rank).host.name} group ${n.pgid}`).join(", ");
      return {
        gone: left.length === 0,
        exitCode: per.find((p) => p.n.rank === 0)?.v.exitCode ?? null,
        what: left.length === 0 ? `No process of the run is left on any of its ${ns.length} nodes (${groups})` : `Live processes on ${names(left.map((p) => p.n))}`,
        proof: "verified with ps on every node",
        native: left.length === 0 ? "exited" : "alive",
      };
    },
  };
}

