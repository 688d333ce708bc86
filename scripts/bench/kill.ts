// `npm run bench kill`: the kill path end to end on a live sandbox host with the real worker. Each
// run is training when it is stopped; the clock runs from requestStop (what the run page, the runs
// list, the API and the CLI call: DB write + enqueue) until its row reads KILLED with the kill
// verified, what the page shows as gone. After every stop, ps on the host must show nothing of the
// run, or the bench throws. The graceful option (SIGABRT, LLaMA-Factory saves, exit 0) is timed
// until the same row reads STOPPED, verified, with the saved adapter on the host.
import path from "node:path";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { requestStop } from "@/lib/runs/request-stop";
import { waitFor } from "@/lib/runs/testing/run-fixtures";
import { shQuote } from "@/lib/ssh/quote";
import { startLiveHarness, type TLiveHarness, type TLiveHost } from "./live-harness";
import { median, ms, print, quantile, vsTarget } from "./report";

const KILLS = 10;
const GRACEFUL = 4;
const GPUS = 4;
// A real LLaMA-Factory step takes seconds; 0.25 s keeps the bench short while SIGABRT still has to
// wait for a step boundary, as it does on a GPU.
const STEP_SECONDS = 0.25;
const TARGET_MS = 2_000;
const TERMINAL = ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "CANCELLED"];

type TTarget = { id: string; name: string };

/** Launches n long runs (one GPU each) and waits until every one has logged training steps. */
async function launchTraining(h: TLiveHarness, n: number, tag: string): Promise<TTarget[]> {
  const runs: TTarget[] = [];
  for (let i = 0; i < n; i++) {
    const name = `bench ${tag} ${i + 1}`;
    const { runId } = await createRun({ presetVersionId: h.presetVersionId, hostId: h.hostIds[0]!, gpuIndices: [i], name, userId: null, overrides: ["num_train_epochs=50"] });
    runs.push({ id: runId, name });
  }
  await waitFor(`${n} runs to be training`, async () => {
    const rows = await prisma.run.findMany({ where: { id: { in: runs.map((r) => r.id) } }, select: { name: true, status: true, lastStep: true, errorExcerpt: true } });
    const ended = rows.find((r) => TERMINAL.includes(r.status));
    if (ended) throw new Error(`run "${ended.name}" ended ${ended.status} before the bench stopped it: ${ended.errorExcerpt ?? ""}`);
    return rows.every((r) => r.status === "RUNNING" && (r.lastStep ?? 0) > 0);
  }, 90_000, 100);
  return runs;
}

/** Stops one run as a user would and polls its row every 10 ms until the stop is verified. */
async function stopAndTime(runId: string, kind: "KILL" | "GRACEFUL") {
  const want = kind === "KILL" ? "KILLED" : "STOPPED";
  const t0 = performance.now();
  await requestStop({ runId, userId: null, kind });
  for (;;) {
    const r = await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, killStage: true, remotePgid: true, outputDir: true, exitCode: true } });
    if (r.status === want && r.killStage === "VERIFIED") {
      const took = ms(t0);
      const ev = await prisma.runEvent.findFirst({ where: { runId, type: "KILL_VERIFIED" }, select: { data: true } });
      const lastStage = String((ev?.data as { lastStage?: string } | null)?.lastStage ?? "?").replace("_SENT", "");
      return { ms: took, run: r, lastStage };
    }
    if (TERMINAL.includes(r.status)) throw new Error(`run ${runId} ended ${r.status}, expected ${want}`);
    if (ms(t0) > 30_000) throw new Error(`run ${runId} still ${r.status}/${r.killStage} 30 s after the ${kind} request`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

/**
 * Live processes of the run on the host: its process group or session (the launch wrapper leads
 * both, via setsid), or anything naming its config file. The config path is passed to awk in two
 * halves so this ps pipeline never matches its own command line. Zombies count as gone.
 */
function leftOnHost(host: TLiveHost, pgid: number, outputDir: string): string[] {
  const out = host.sh(`ps -eo pid=,pgid=,sid=,stat=,args= | awk -v g=${pgid} -v d=${shQuote(outputDir)} -v f=/config.yaml '($2==g || $3==g || index($0, d f)) && $4 !~ /^Z/'`);
  return out.split("\n").map((l) => l.trim()).filter(Boolean);
}

function assertGone(host: TLiveHost, label: string, run: { remotePgid: number | null; outputDir: string }): void {
  if (!run.remotePgid) throw new Error(`${label}: the run has no process group recorded; nothing to check on the host`);
  const left = leftOnHost(host, run.remotePgid, run.outputDir);
  if (left.length) throw new Error(`${label}: ps on ${host.name} still shows ${left.length} process(es) of the run:\n${left.join("\n")}`);
}

export async function benchKill(): Promise<void> {
  const t0 = performance.now();
  const h = await startLiveHarness({ hosts: 1, gpusPerHost: GPUS, stepSeconds: STEP_SECONDS, pollIntervalMs: 1000 });
  const host = h.hosts[0]!;
  try {
    print("kill: live harness up (sshd + worker process)", `${(ms(t0) / 1000).toFixed(1)} s; ${host.name} :${host.port}, ${GPUS} GPUs, ${STEP_SECONDS} s/step`);
    const kills: number[] = [];
    while (kills.length < KILLS) {
      for (const r of await launchTraining(h, Math.min(GPUS, KILLS - kills.length), "kill")) {
        const label = `kill ${kills.length + 1}/${KILLS}`;
        const { ms: took, run, lastStage } = await stopAndTime(r.id, "KILL");
        assertGone(host, label, run);
        kills.push(took);
        print(`${label}: KILLED, verified; ps: group ${run.remotePgid} empty`, `${took.toFixed(0)} ms (gone after ${lastStage})`);
      }
    }
    print(`kill: request -> KILLED + verified, median of ${KILLS}`, vsTarget(median(kills), { atMost: TARGET_MS }, " ms"));
    print(`kill: request -> KILLED + verified, p95 of ${KILLS}`, vsTarget(quantile(kills, 0.95), { atMost: TARGET_MS }, " ms"));

    const graceful: number[] = [];
    for (const r of await launchTraining(h, GRACEFUL, "graceful")) {
      const label = `graceful ${graceful.length + 1}/${GRACEFUL}`;
      const { ms: took, run, lastStage } = await stopAndTime(r.id, "GRACEFUL");
      assertGone(host, label, run);
      // "Saved" = what LLaMA-Factory writes when it stops on SIGABRT: the adapter and trainer state, exit 0.
      const dir = path.posix.resolve(host.home, run.outputDir);
      const saved = host.sh(`test -s ${shQuote(dir)}/adapter_model.safetensors && test -s ${shQuote(dir)}/trainer_state.json && echo saved || echo missing`).trim();
      if (saved !== "saved" || run.exitCode !== 0) throw new Error(`${label}: stopped but not saved (files ${saved}, exit code ${run.exitCode})`);
      graceful.push(took);
      print(`${label}: saved, exit 0; ps: group ${run.remotePgid} empty`, `${took.toFixed(0)} ms (gone after ${lastStage})`);
    }
    print(`graceful stop: request -> saved + gone, median of ${GRACEFUL}`, `${median(graceful).toFixed(0)} ms (no target; waits for a step boundary and the save)`);
  } catch (e) {
    process.stderr.write(`kill bench failed; worker log: ${h.workerLog}\n`);
    throw e;
  } finally {
    await h.stop();
  }
}
