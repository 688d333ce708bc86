// Adopt a hand-started training: it becomes a RUNNING run (origin ADOPTED) with its pid and process
// group, which the poller then tails from byte 0 of its trainer_log.jsonl (the history so far, then
// live), the rules judge, and the kill ladder can stop. One process is one run: a partial unique
// index on (host, pid) among live adopted runs refuses a second adoption even when two requests race.
import path from "node:path";
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { maskSecrets, sealSecrets } from "@/lib/presets/secrets";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { addRunEvent } from "@/lib/runs/run-events";
import { scanHost, type TAdoptable } from "./list-adoptable";

export const ZAdoptInput = z.object({
  hostId: z.string().min(1).max(64),
  pid: z.number({ error: "Give the pid of the llamafactory-cli process." }).int("The pid is a whole number.").min(2, "The pid is a whole number above 1.").max(2 ** 31),
  userId: z.string().min(1).nullable(),
});

function snapshot(f: TAdoptable): string {
  const head = [
    `# Adopted from pid ${f.pid} (process group ${f.pgid}), started by hand: ${f.command}`,
    `# Working directory: ${f.cwd ?? "unknown"}; output_dir: ${f.outputDir}`,
  ];
  if (f.configText) return `${head.join("\n")}\n# ${f.configPath} as it is now on the host (overrides on the command line are in the line above):\n${f.configText}${f.configText.endsWith("\n") ? "" : "\n"}`;
  return `${head.join("\n")}\n# No config file: the settings are the command line's flags.\noutput_dir: ${JSON.stringify(f.outputDir)}\n`;
}

function gpusOf(cvd: string | null): number[] {
  if (!cvd) return [];
  const parts = cvd.split(",").map((s) => s.trim());
  return parts.every((p) => /^\d{1,2}$/.test(p)) ? parts.map(Number) : [];
}

export async function adoptProcess(raw: z.input<typeof ZAdoptInput>, meta: TAuditMeta = {}): Promise<{ runId: string; name: string; outputDir: string }> {
  const parsed = ZAdoptInput.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError("invalid", i.message, String(i.path[0] ?? "pid"));
  }
  const { hostId, pid, userId } = parsed.data;
  const { host, found } = await scanHost(hostId);
  const f = found.find((x) => x.pid === pid);
  if (!f) throw new AppError("not_found", `No LLaMA-Factory training with pid ${pid} runs on ${host.name} as its login user (it may have finished; pick one from the list).`, "pid");
  if (f.runId)
    throw new AppError("conflict", f.runOrigin === "ADOPTED" ? `pid ${pid} is already adopted (run ${f.runId}).` : `pid ${pid} was launched by Factory Floor (run ${f.runId}).`, "pid");
  if (f.problem || !f.outputDir) throw new AppError("invalid", `pid ${pid} cannot be adopted: ${f.problem ?? "no output_dir"}.`, "pid");

  let configYaml = snapshot(f), configSecretsSealed: string | null = null;
  try { const m = maskSecrets(configYaml); configYaml = m.masked; configSecretsSealed = sealSecrets(m.secrets); } catch { /* not a mapping: kept as text */ }
  const name = path.posix.basename(f.outputDir).slice(0, 200) || `pid ${pid}`;
  const processInfo = {
    rootPid: f.pid, pgid: f.pgid, command: f.command, cwd: f.cwd, configPath: f.configPath, llamaboard: f.llamaboard,
    torchrun: f.torchrun, ranks: f.ranks, cudaVisibleDevices: f.cudaVisibleDevices, stdoutPath: f.stdoutPath, startedAt: f.startedAt,
  };
  try {
    const run = await prisma.$transaction(async (tx) => {
      const r = await tx.run.create({
        data: {
          name, status: "RUNNING", origin: "ADOPTED", hostId, gpuIndices: gpusOf(f.cudaVisibleDevices), configYaml, configSecretsSealed,
          outputDir: f.outputDir!, remotePid: f.pid, remotePgid: f.pgid, launchStep: "PROCESS_STARTED", processInfo,
          startedAt: new Date(f.startedAt), createdById: userId,
        },
        select: { id: true },
      });
      await addRunEvent({
        runId: r.id, type: "STARTED",
        message: `Adopted on ${host.name}: pid ${f.pid}, process group ${f.pgid}${f.torchrun ? `, torchrun with ${f.ranks} rank${f.ranks === 1 ? "" : "s"}` : ""}; ${f.llamaboard ? "LLAMABOARD_ENABLED is set, so a graceful stop saves first" : "LLAMABOARD_ENABLED is not set, so a stop is SIGTERM then SIGKILL (no save)"}`,
        data: processInfo,
      }, tx);
      return r;
    });
    await recordAudit({ actorId: userId, action: "host.adopt", targetType: "run", targetId: run.id, data: { hostId, pid, outputDir: f.outputDir }, ...meta });
    return { runId: run.id, name, outputDir: f.outputDir };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("conflict", `pid ${pid} is already adopted.`, "pid");
    throw e;
  }
}
