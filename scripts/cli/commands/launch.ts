// `ffloor launch PRESET (--host H --gpus 0,1 | --cluster C --gpus N) [--node HOST:0,1 ...] [--master-port P] [--set key=value ...] [--name N] [--priority P] [--version V]`.
// Overrides travel as "key=value" strings in JSON and are validated by the server like the preset.
import { remoteCommand, UsageError } from "@/lib/api/cli-command";

const USAGE = "usage: ffloor launch PRESET (--host HOST --gpus 0,1 | --cluster SLURM_CLUSTER --gpus COUNT) [--node HOST:0,1]... [--master-port PORT] [--set key=value]... [--name NAME] [--priority N] [--version N] [--json]\n";

export function parseGpus(s: string): number[] {
  const parts = s.split(",").map((x) => x.trim()).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d{1,2}$/.test(p))) throw new UsageError(`--gpus must be a comma-separated list of GPU indices, got "${s}"`);
  return parts.map(Number);
}

/** `--node HOST:0,1`: one more node of a multi-node run (node 0 is --host/--gpus). */
export function parseNode(s: string): { host: string; gpus: number[] } {
  const at = s.lastIndexOf(":");
  if (at <= 0) throw new UsageError(`--node must be HOST:GPUS, e.g. gpu-b:0,1; got "${s}"`);
  return { host: s.slice(0, at), gpus: parseGpus(s.slice(at + 1)) };
}

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, {
    host: { type: "string" }, cluster: { type: "string" }, gpus: { type: "string" }, set: { type: "string", multiple: true }, name: { type: "string" },
    priority: { type: "string" }, version: { type: "string" }, node: { type: "string", multiple: true }, "master-port": { type: "string" },
  }, async ({ values, positionals, api, o }) => {
    const [preset, ...extra] = positionals;
    if (!preset || extra.length) throw new UsageError("give exactly one PRESET (name or id)");
    if (!values.host && !values.cluster) throw new UsageError("--host (or --cluster) is required");
    if (values.host && values.cluster) throw new UsageError("give --host or --cluster, not both");
    if (!values.gpus) throw new UsageError("--gpus is required");
    if (values.node?.length && values.cluster) throw new UsageError("--node is for SSH hosts; a Slurm run gets its nodes from Slurm");
    // On a Slurm cluster --gpus is a count (Slurm picks the devices): 2 means gres gpu:2.
    const gpus = values.cluster ? (/^[1-9]\d?$/.test(values.gpus) ? Array.from({ length: Number(values.gpus) }, (_, i) => i) : (() => { throw new UsageError("--gpus with --cluster is a count, e.g. --gpus 2"); })()) : parseGpus(values.gpus);
    const body = {
      preset, ...(values.cluster ? { cluster: values.cluster } : { host: values.host }), gpus, overrides: (values.set ?? []) as string[],
      ...(values.name ? { name: values.name } : {}),
      ...(values.priority ? { priority: Number(values.priority) } : {}),
      ...(values.version ? { version: Number(values.version) } : {}),
      ...(values.node?.length ? { nodes: (values.node as string[]).map(parseNode) } : {}),
      ...(values["master-port"] ? { masterPort: Number(values["master-port"]) } : {}),
    };
    const r = await api.post<{ runId: string; url: string; warnings: { key: string; message: string }[] }>("/runs", body);
    o.emit({ ok: true, ...r });
    o.print(`Queued run ${r.runId}\n${r.url}${r.warnings.map((w) => `\nwarning: ${w.key}: ${w.message}`).join("")}`);
    return 0;
  });
}
