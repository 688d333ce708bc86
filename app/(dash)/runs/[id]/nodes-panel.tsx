// A multi-node run's nodes: where each rank runs, its GPUs and folder, its process group and how it ended.
type TNode = { rank: number; host: { name: string }; gpuIndices: number[]; outputDir: string; remotePgid: number | null; exitCode: number | null; endedAt: Date | null; endNote: string | null };

function state(n: TNode, live: boolean): { text: string; tone: string } {
  if (n.endedAt) return n.exitCode === 0 ? { text: "exited 0", tone: "text-emerald-700 dark:text-emerald-400" } : { text: n.exitCode === null ? "gone, no exit code" : `exited ${n.exitCode}`, tone: "text-red-700 dark:text-red-300" };
  if (!n.remotePgid) return { text: live ? "not started" : "never started", tone: "text-zinc-500" };
  return live ? { text: "running", tone: "text-accent-700 dark:text-accent-400" } : { text: "stopped", tone: "text-zinc-500" };
}

export function NodesPanel({ nodes, masterAddr, masterPort, live }: { nodes: TNode[]; masterAddr: string | null; masterPort: number | null; live: boolean }) {
  return (
    <section className="ff-card p-4" data-testid="nodes-panel">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">Nodes <span className="font-normal text-zinc-500">· torchrun over {nodes.length} hosts</span></h2>
        <p className="text-xs text-zinc-500">MASTER_ADDR <code>{masterAddr}</code> · MASTER_PORT <code>{masterPort}</code> · the log is node 0&apos;s</p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs">
          <thead className="text-zinc-500">
            <tr><th className="py-1 pr-3 font-medium">NODE_RANK</th><th className="pr-3 font-medium">host</th><th className="pr-3 font-medium">GPUs</th><th className="pr-3 font-medium">process group</th><th className="pr-3 font-medium">state</th><th className="font-medium">folder</th></tr>
          </thead>
          <tbody>
            {nodes.map((n) => {
              const s = state(n, live);
              return (
                <tr key={n.rank} className="border-t border-zinc-100 dark:border-zinc-800" data-testid={`node-row-${n.rank}`}>
                  <td className="py-1.5 pr-3 font-mono">{n.rank}</td>
                  <td className="pr-3">{n.host.name}</td>
                  <td className="pr-3 font-mono">{n.gpuIndices.join(",")}</td>
                  <td className="pr-3 font-mono">{n.remotePgid ?? "–"}</td>
                  <td className={`pr-3 ${s.tone}`} title={n.endNote ?? undefined}>{s.text}</td>
                  <td className="max-w-72 truncate font-mono text-zinc-500" title={n.outputDir}>{n.outputDir}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
