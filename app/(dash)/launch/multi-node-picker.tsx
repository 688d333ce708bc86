"use client";
// The other nodes of a multi-node run: a host and its GPUs per node (as many as node 0 has), and the
// master port. Node 0 is the target picked above; it writes the run's log.
import type { THostDto } from "@/lib/hosts/host-dto";

type THost = { id: string; name: string; status: THostDto["status"]; gpus: THostDto["gpus"] };
export type TNodePick = { hostId: string; gpuIndices: number[] };

const firstFree = (h: THost | undefined, n: number) =>
  (h?.gpus ?? []).filter((g) => !g.busyRunId).map((g) => g.index).sort((a, b) => a - b).slice(0, Math.max(1, n));

export function MultiNodePicker(p: {
  hosts: THost[]; rank0HostId: string; gpuCount: number; nodes: TNodePick[]; onNodes(n: TNodePick[]): void;
  masterPort: string; onMasterPort(v: string): void; masterAddr: string | null; errors: { field: string; message: string }[];
}) {
  const used = new Set([p.rank0HostId, ...p.nodes.map((n) => n.hostId)]);
  const spare = p.hosts.filter((h) => !used.has(h.id));
  const set = (i: number, n: TNodePick) => p.onNodes(p.nodes.map((x, j) => (j === i ? n : x)));
  const add = () => spare[0] && p.onNodes([...p.nodes, { hostId: spare[0].id, gpuIndices: firstFree(spare[0], p.gpuCount) }]);
  return (
    <fieldset className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid="multi-node">
      <legend className="ff-label px-1">Nodes</legend>
      {p.nodes.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">One node. Add nodes to train across several hosts with torchrun (every node needs the same number of GPUs).</p>
      ) : (
        <ol className="space-y-2 text-xs">
          <li className="text-zinc-500 dark:text-zinc-400">Node 0: the target above ({p.gpuCount} GPU{p.gpuCount === 1 ? "" : "s"}); it writes the log.</li>
          {p.nodes.map((n, i) => {
            const h = p.hosts.find((x) => x.id === n.hostId);
            return (
              <li key={i} className="flex flex-wrap items-center gap-2" data-testid={`node-${i + 1}`}>
                <span className="w-14 font-medium">Node {i + 1}</span>
                <select aria-label={`Node ${i + 1} host`} className="ff-input w-auto min-w-40" value={n.hostId}
                  onChange={(e) => { const nh = p.hosts.find((x) => x.id === e.target.value); set(i, { hostId: e.target.value, gpuIndices: firstFree(nh, p.gpuCount) }); }}>
                  {p.hosts.filter((x) => x.id === n.hostId || !used.has(x.id)).map((x) => (
                    <option key={x.id} value={x.id}>{x.name}{x.status !== "ONLINE" ? " · unreachable" : ""}</option>
                  ))}
                </select>
                {(h?.gpus ?? []).map((g) => (
                  <label key={g.index} className="flex items-center gap-1 font-mono" title={g.busyRunId ? `busy: ${g.busyRunName}` : "free"}>
                    <input type="checkbox" className="accent-accent-600" aria-label={`Node ${i + 1} GPU ${g.index}`} checked={n.gpuIndices.includes(g.index)}
                      onChange={() => set(i, { ...n, gpuIndices: n.gpuIndices.includes(g.index) ? n.gpuIndices.filter((x) => x !== g.index) : [...n.gpuIndices, g.index].sort((a, b) => a - b) })} />
                    GPU {g.index}{g.busyRunId ? " (busy)" : ""}
                  </label>
                ))}
                <button type="button" className="ml-auto text-zinc-500 hover:text-red-600" onClick={() => p.onNodes(p.nodes.filter((_, j) => j !== i))}>Remove</button>
              </li>
            );
          })}
        </ol>
      )}
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <button type="button" className="rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800" onClick={add} disabled={spare.length === 0}>
          Add a node
        </button>
        {p.nodes.length > 0 && (
          <div>
            <label htmlFor="launch-master-port" className="ff-label">Master port</label>
            <input id="launch-master-port" className="ff-input w-28" inputMode="numeric" value={p.masterPort} onChange={(e) => p.onMasterPort(e.target.value)} />
          </div>
        )}
      </div>
      {p.nodes.length > 0 && (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          Every node starts <code>llamafactory-cli train</code> with FORCE_TORCHRUN=1, NNODES={p.nodes.length + 1}, its NODE_RANK, MASTER_ADDR={p.masterAddr ?? "node 0's address"} and this MASTER_PORT. Before the start, Factory Floor checks that every node reaches it.
        </p>
      )}
      {p.errors.length > 0 && (
        <ul role="alert" data-testid="preflight-nodes" className="mt-2 space-y-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200">
          {p.errors.map((e, i) => <li key={i}><code className="mr-1 rounded bg-red-100 px-1 font-mono text-[11px] dark:bg-red-900/60">{e.field}</code>{e.message}</li>)}
        </ul>
      )}
    </fieldset>
  );
}
