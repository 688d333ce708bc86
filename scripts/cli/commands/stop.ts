// `ffloor stop ID [--reason TEXT] [--json]`: graceful stop (LLaMA-Factory saves, then exits).
import { remoteCommand, UsageError } from "@/lib/api/cli-command";

const USAGE = "usage: ffloor stop ID [--reason TEXT] [--json]\n";

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, { reason: { type: "string" } }, async ({ values, positionals, api, o }) => {
    const [id, ...extra] = positionals;
    if (!id || extra.length) throw new UsageError("give exactly one run ID");
    const r = await api.post<{ runId: string; status: string; alreadyRequested: boolean }>(`/runs/${encodeURIComponent(id)}/stop`, values.reason ? { reason: values.reason } : {});
    o.emit({ ok: true, ...r });
    o.print(`Graceful stop ${r.alreadyRequested ? "already requested" : "requested"} for ${r.runId}: ${r.status}`);
    return 0;
  });
}
