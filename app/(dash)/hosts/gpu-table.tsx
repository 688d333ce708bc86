import Link from "next/link";
import { formatMiB } from "@/lib/format/format-time";
import type { THostDto } from "@/lib/hosts/host-dto";

export function GpuTable({ gpus }: { gpus: THostDto["gpus"] }) {
  if (gpus.length === 0) return <p className="text-sm text-zinc-500">No GPUs reported.</p>;
  return (
    <table className="ff-table" data-testid="gpu-table">
      <thead>
        <tr>
          <th className="w-12">GPU</th>
          <th>Model</th>
          <th className="w-60">Memory</th>
          <th className="w-20 text-right">Util</th>
          <th className="w-56">State</th>
        </tr>
      </thead>
      <tbody>
        {gpus.map((g) => {
          const pct = g.memoryTotalMiB > 0 ? Math.min(100, (g.memoryUsedMiB / g.memoryTotalMiB) * 100) : 0;
          return (
            <tr key={g.index} data-gpu-index={g.index}>
              <td className="font-mono text-zinc-500">{g.index}</td>
              <td className="whitespace-nowrap font-medium">{g.name}</td>
              <td>
                <div className="flex items-center gap-2">
                  <div className="h-1.5 w-28 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
                    <div className={`h-full rounded-full ${pct > 80 ? "bg-amber-500" : "bg-accent-500"}`} style={{ width: `${pct}%` }} />
                  </div>
                  <span className="whitespace-nowrap text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                    {formatMiB(g.memoryUsedMiB)} / {formatMiB(g.memoryTotalMiB)}
                  </span>
                </div>
              </td>
              <td className="text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                {g.utilization === null ? "n/a" : `${g.utilization}%`}
              </td>
              <td>
                {g.busyRunId ? (
                  <span className="text-xs">
                    <span className="mr-1.5 inline-block size-1.5 rounded-full bg-blue-500 align-middle" />
                    In use by{" "}
                    <Link href={`/runs/${g.busyRunId}`} className="font-medium text-accent-600 hover:underline dark:text-accent-400">
                      {g.busyRunName}
                    </Link>
                  </span>
                ) : (
                  <span className="text-xs text-emerald-700 dark:text-emerald-400">
                    <span className="mr-1.5 inline-block size-1.5 rounded-full bg-emerald-500 align-middle" />
                    Free
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
