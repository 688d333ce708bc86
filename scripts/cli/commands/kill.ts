// `ffloor kill ID [--reason TEXT] [--json]`: the kill ladder, verified on the host; a queued run is just cancelled.
import { remoteCommand, UsageError } from "@/lib/api/cli-command";

const USAGE = "usage: ffloor kill ID [--reason TEXT] [--json]\n";

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, { reason: { type: "string" } }, async ({ values, positionals, api, o }) => {
    const [id, ...extra] = positionals;
    if (!id || extra.length) throw new UsageError("give exactly one run ID");
    const r = await api.post<{ runId: string; status: string; alreadyRequested: boolean }>(`/runs/${encodeURIComponent(id)}/kill`, values.reason ? { reason: values.reason } : {});
    o.emit({ ok: true, ...r });
    o.print(`Kill ${r.alreadyRequested ? "already requested" : "requested"} for ${r.runId}: ${r.status}`);
    return 0;
  });
}
