// 200 concurrent runs on 20 sandbox hosts (real sshd each), one poller process: every run logs a
// step every second (LogCallback line + printed dict), far more often than real fine-tuning with
// logging_steps >= 5. Measures the poll cycle and the poller's CPU while all of it is ingested.
import { appendStep, spawnPoller, startFleet } from "./fleet";
import { median, ms, print, quantile, vsTarget } from "./report";
import { prisma } from "@/lib/db";

export async function benchPollFleet(o: { hosts?: number; runsPerHost?: number; seconds?: number } = {}): Promise<void> {
  const hosts = o.hosts ?? 20, per = o.runsPerHost ?? 10, seconds = o.seconds ?? 30;
  const t0 = performance.now();
  const fleet = await startFleet({ hosts, runsPerHost: per, firstPort: 22501, tag: "bench-fleet" });
  print(`poll fleet: ${hosts} sshd hosts, ${hosts * per} RUNNING runs set up in`, `${(ms(t0) / 1000).toFixed(1)} s`);
  for (const r of fleet.runs) for (let i = 0; i < 20; i++) appendStep(r);
  const poller = spawnPoller(1000);
  let writer: NodeJS.Timeout | null = null;
  try {
    // Warm-up: SSH handshakes to 20 hosts and the first ingest of every run are not steady state.
    const warm = Date.now() + 60_000;
    while (poller.cycles.length < 5 && Date.now() < warm) await new Promise((r) => setTimeout(r, 200));
    if (poller.cycles.length < 5) throw new Error("the poller did not complete 5 cycles in 60 s");
    writer = setInterval(() => { for (const r of fleet.runs) appendStep(r); }, 1000);
    const from = poller.cycles.length;
    const cpu0 = poller.cpuSeconds();
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = poller.cpuSeconds() - cpu0;
    const wall = ms(w0) / 1000;
    clearInterval(writer);
    writer = null;
    const cyc = poller.cycles.slice(from).map((c) => c.ms);
    // Everything written must have landed: the last step of every run is stored.
    const lag = await prisma.run.count({ where: { id: { in: fleet.runs.map((r) => r.id) }, lastStep: { lt: Math.min(...fleet.runs.map((r) => r.step)) - 2 } } });
    print(`poll fleet: cycles in ${seconds} s / median / p95 / max ms`,
      `${cyc.length} / ${median(cyc).toFixed(0)} / ${quantile(cyc, 0.95).toFixed(0)} / ${Math.max(...cyc).toFixed(0)}`);
    print("poll fleet: p95 poll cycle, 200 runs on 20 hosts", vsTarget(quantile(cyc, 0.95), { atMost: 1000 }, " ms"));
    print("poll fleet: poller CPU, % of one core", vsTarget((100 * cpu) / wall, { atMost: 50 }, " %"));
    print("poll fleet: runs more than 2 steps behind at the end", String(lag));
  } finally {
    if (writer) clearInterval(writer);
    await poller.stop();
    await fleet.stop();
  }
}
