// Hand-started LLaMA-Factory trainings on a host (one ps over SSH, then each one's YAML read over
// SFTP for its output_dir), with what Factory Floor already knows about each: a run we launched, a
// run already adopted, or nothing yet (adoptable). The adopt action re-runs this, so what it adopts
// is what ps shows at that moment, never what a page showed a minute ago.
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import type { TSshConnection } from "@/lib/ssh/connect";
import { ancestors, descendants, isLfProcess, isTorchrun, parsePsScan, psScanCommand, trainingRoots, type TProc, type TPsScan } from "./ps-scan";
import { parseLfArgs, resolveFromCwd } from "./lf-args";

const MAX_YAML = 1024 * 1024;
const ACTIVE = ["STARTING", "RUNNING", "UNREACHABLE", "STOPPING"] as const;

export type TAdoptable = {
  pid: number; pgid: number; command: string; cwd: string | null; startedAt: string;
  configPath: string | null; outputDir: string | null;
  /** Why the process cannot be adopted (no output_dir found, group shared with other processes...). */
  problem: string | null;
  /** LF's SIGABRT handler is armed only when LLAMABOARD_ENABLED is set in the training's environment. */
  llamaboard: boolean; torchrun: boolean; ranks: number; cudaVisibleDevices: string | null; stdoutPath: string | null;
  /** The run this process already is: launched by Factory Floor or adopted before. */
  runId: string | null; runOrigin: "LAUNCHED" | "ADOPTED" | null;
  /** Internal: the YAML text (for the adopted run's config snapshot); not sent to clients. */
  configText?: string | null;
};

const truthy = (v: string | undefined) => /^(true|y|1)$/i.test(v ?? "");

async function readConfig(conn: TSshConnection, file: string): Promise<{ text: string | null; error: string | null }> {
  try {
    const st = await conn.stat(file);
    if (!st) return { text: null, error: `its config ${file} is not there (moved, or a path with spaces, which ps cannot show)` };
    if (st.size > MAX_YAML) return { text: null, error: `its config ${file} is larger than 1 MiB` };
    return { text: (await conn.readFrom(file, 0, st.size)).toString("utf8"), error: null };
  } catch (e) {
    return { text: null, error: `its config ${file} cannot be read: ${(e as Error).message}` };
  }
}

/** Processes of the group that are neither the training's tree nor its wrappers would be signalled too. */
function foreignGroupMembers(scan: TPsScan, root: TProc): TProc[] {
  const mine = new Set([root.pid, ...descendants(scan.procs, root.pid).map((p) => p.pid), ...ancestors(scan.procs, root.pid).map((p) => p.pid)]);
  return [...scan.procs.values()].filter((p) => p.pgid === root.pgid && !mine.has(p.pid));
}

async function describe(conn: TSshConnection, scan: TPsScan, root: TProc): Promise<TAdoptable> {
  const info = scan.info.get(root.pid) ?? { cwd: null, stdout: null, env: {} };
  const tree = descendants(scan.procs, root.pid);
  const torchrun = isTorchrun(root.args) || tree.some((p) => isTorchrun(p.args));
  const ranks = tree.filter((p) => isLfProcess(p.args) && !isTorchrun(p.args)).length || 1;
  const base: TAdoptable = {
    pid: root.pid, pgid: root.pgid, command: root.args.slice(0, 1000), cwd: info.cwd,
    startedAt: new Date(Date.now() - root.etimeS * 1000).toISOString(), configPath: null, outputDir: null, problem: null,
    llamaboard: truthy(info.env.LLAMABOARD_ENABLED) && !!info.env.LLAMABOARD_WORKDIR, torchrun, ranks,
    cudaVisibleDevices: info.env.CUDA_VISIBLE_DEVICES ?? null, stdoutPath: info.stdout, runId: null, runOrigin: null, configText: null,
  };
  const a = parseLfArgs(root.args);
  if (!a.ok) return { ...base, problem: a.reason };
  let outputDir = a.outputDirArg;
  if (a.configPath) {
    const file = resolveFromCwd(a.configPath, info.cwd);
    if (!file) return { ...base, problem: "its working directory cannot be read, so its relative config path cannot be resolved" };
    base.configPath = file;
    const cfg = await readConfig(conn, file);
    base.configText = cfg.text;
    if (!outputDir) {
      if (cfg.error) return { ...base, problem: cfg.error };
      try {
        const doc = parseYaml(cfg.text!) as Record<string, unknown> | null;
        const od = doc && typeof doc === "object" ? doc.output_dir : undefined;
        if (typeof od === "string" && od.trim()) outputDir = od.trim();
        else return { ...base, problem: `${path.posix.basename(file)} has no output_dir` };
      } catch (e) {
        return { ...base, problem: `${file} does not parse as YAML: ${(e as Error).message.split("\n")[0]}` };
      }
    }
  }
  if (!outputDir) return { ...base, problem: "no output_dir on its command line" };
  const dir = resolveFromCwd(outputDir, info.cwd);
  if (!dir) return { ...base, problem: "its working directory cannot be read, so its relative output_dir cannot be resolved" };
  const foreign = foreignGroupMembers(scan, root);
  const problem = foreign.length
    ? `its process group ${root.pgid} also holds other processes (${foreign.slice(0, 3).map((p) => `${p.pid} ${p.args.slice(0, 40)}`).join("; ")}): stopping it from here would signal them too. Start it with setsid or nohup from its own shell.`
    : null;
  return { ...base, outputDir: dir, problem };
}

export async function scanHost(hostId: string): Promise<{ host: { id: string; name: string }; found: TAdoptable[] }> {
  const host = await prisma.host.findUnique({ where: { id: hostId } });
  if (!host || host.archived) throw new AppError("not_found", "Host not found.", "hostId");
  let conn: TSshConnection;
  try {
    conn = await getHostConnection(host);
  } catch (e) {
    throw new AppError("unreachable", `${host.name} does not answer: ${(e as Error).message}`, "hostId");
  }
  let out;
  try {
    out = await conn.exec(psScanCommand(), { timeoutMs: 15_000 });
  } catch (e) {
    dropHostConnection(host.id);
    throw new AppError("unreachable", `ps on ${host.name} failed: ${(e as Error).message}`, "hostId");
  }
  const scan = parsePsScan(out.stdout);
  if ("error" in scan) throw new AppError("unreachable", `${host.name}: ${scan.error} ${out.stderr.trim().slice(0, 200)}`, "hostId");
  const found = await Promise.all(trainingRoots(scan).map((r) => describe(conn, scan, r)));
  // Ours already: a launched run's group is its wrapper's pgid; an adopted run keeps the root pid.
  const live = await prisma.run.findMany({
    where: { hostId, status: { in: [...ACTIVE] }, OR: [{ remotePgid: { in: found.map((f) => f.pgid) } }, { remotePid: { in: found.map((f) => f.pid) } }] },
    select: { id: true, origin: true, remotePid: true, remotePgid: true },
  });
  for (const f of found) {
    const r = live.find((x) => (x.origin === "ADOPTED" ? x.remotePid === f.pid : x.remotePgid === f.pgid));
    if (r) Object.assign(f, { runId: r.id, runOrigin: r.origin === "ADOPTED" ? "ADOPTED" : "LAUNCHED" });
  }
  return { host: { id: host.id, name: host.name }, found };
}

export async function listAdoptable(o: { hostId: string }): Promise<TAdoptable[]> {
  return (await scanHost(o.hostId)).found.map(({ configText: _omit, ...rest }) => rest);
}
