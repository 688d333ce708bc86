// `npm run bench -- import`: a large saves/ history (1,000 output dirs, 1,000,000 trainer_log.jsonl
// lines) on a real sshd host imported by the import job body (one remote find, then each dir over
// SFTP through the live ingest, the rules' verdict and final metrics). The figure is end to end:
// what a user waits for after pressing Import, progress bookkeeping included. Small runs are bound by
// per-run fixed costs (a run row, its config snapshot, final metrics and verdict: ~25 ms each on our
// 2-core CI machine), so the same million lines in ten long runs is printed too.
import path from "node:path";
import { execFileSync } from "node:child_process";
import { prisma } from "@/lib/db";
import { createHost } from "@/lib/hosts/create-host";
import { runImport } from "@/lib/imports/run-import";
import { getImport } from "@/lib/imports/list-imports";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { FAKE_NVIDIA_SMI_2XA100, startThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { writeSyntheticSaves } from "@/lib/imports/testing/synthetic-saves";
import { claimPorts, releasePorts } from "./live-harness";
import { ms, print, vsTarget } from "./report";

const RUNS = 1_000;
const LINES_PER_RUN = 1_000;

export async function benchImport(): Promise<void> {
  const [port] = await claimPorts(1, 24_650);
  const sshd = startThrowawaySshd({ port: port!, bin: { "nvidia-smi": FAKE_NVIDIA_SMI_2XA100 } });
  let hostId = "";
  try {
    const t0 = performance.now();
    const big = writeSyntheticSaves(path.join(sshd.home, "LLaMA-Factory", "saves"), { runs: RUNS, linesPerRun: LINES_PER_RUN });
    execFileSync("chown", ["-R", `${sshd.username}:`, sshd.home]);
    print("import: saves/ tree written on the host", `${RUNS.toLocaleString()} runs, ${big.lines.toLocaleString()} lines, ${(big.bytes / 2 ** 20).toFixed(0)} MiB in ${(ms(t0) / 1000).toFixed(1)} s`);
    hostId = (await createHost({ name: `bench-import-${process.pid}`, address: sshd.address, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, userId: null })).id;
    // The row as startImport writes it, run in this process (no queue hop in the figure).
    const job = await prisma.importJob.create({ data: { hostId, rootPath: "~/LLaMA-Factory/saves" } });
    const t1 = performance.now();
    await runImport({ importId: job.id });
    const s = ms(t1) / 1000;
    const done = (await getImport(job.id))!;
    if (done.status !== "SUCCEEDED" || done.runsCreated !== RUNS || done.linesDone !== big.lines)
      throw new Error(`import bench: ${done.status} ${done.runsCreated} runs ${done.linesDone} lines (${done.error ?? ""})`);
    print("import: runs/s (find + SFTP + ingest + verdict + final metrics)", `${Math.round(RUNS / s).toLocaleString()}; ${RUNS.toLocaleString()} runs in ${s.toFixed(1)} s`);
    print("import: lines/s end to end", vsTarget(big.lines / s, { atLeast: 100_000 }));
    // The same million lines in ten long runs: the per-line cost, without 990 runs' fixed costs.
    const long = writeSyntheticSaves(path.join(sshd.home, "long-saves"), { runs: 10, linesPerRun: 100_000 });
    execFileSync("chown", ["-R", `${sshd.username}:`, path.join(sshd.home, "long-saves")]);
    const longJob = await prisma.importJob.create({ data: { hostId, rootPath: "long-saves" } });
    const t3 = performance.now();
    await runImport({ importId: longJob.id });
    const sl = ms(t3) / 1000;
    if ((await getImport(longJob.id))!.linesDone !== long.lines) throw new Error("import bench: the long runs did not import fully");
    print("import: lines/s, 10 runs x 100k lines", `${vsTarget(long.lines / sl, { atLeast: 100_000 })}; ${sl.toFixed(1)} s`);
    const t2 = performance.now();
    const again = await prisma.importJob.create({ data: { hostId, rootPath: "~/LLaMA-Factory/saves" } });
    await runImport({ importId: again.id });
    print("import: the same folder again (adds nothing)", `${(ms(t2) / 1000).toFixed(1)} s; ${(await getImport(again.id))!.summary}`);
  } finally {
    await closeAllHostConnections();
    sshd.stop();
    if (hostId) {
      await prisma.run.deleteMany({ where: { hostId } });
      await prisma.host.delete({ where: { id: hostId } });
    }
    await metricsPool().query(`ANALYZE metric_points, metric_blocks`);
    releasePorts([port!]);
  }
}
