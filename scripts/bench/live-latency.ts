// "Line written on a sandbox host -> visible through the API": a step appended to trainer_log.jsonl
// on a real sshd host, the poller process on a 1 s interval, and the production web server's live
// endpoint (the run page's own poll, GET /api/runs/{id}/live with a Bearer token) asked every 25 ms.
// Lines are written at random phases of the poll cycle, one at a time.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { prisma } from "@/lib/db";
import { upsertUser } from "@/lib/auth/create-user";
import { createApiToken } from "@/lib/tokens/create-token";
import { appendStep, spawnPoller, startFleet } from "./fleet";
import { median, ms, print, quantile, vsTarget } from "./report";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = 3411;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function startWeb(): Promise<ChildProcess> {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(ROOT, dist, "BUILD_ID"))) {
    print("live latency: no production build, running next build", "(~2 min)");
    await new Promise<void>((resolve, reject) => {
      const b = spawn("npx", ["next", "build"], { cwd: ROOT, stdio: "ignore" });
      b.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited ${code}`))));
    });
  }
  const web = spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT, env: { ...process.env, NODE_ENV: "production", APP_URL: `http://127.0.0.1:${PORT}` }, stdio: "ignore", detached: true,
  });
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(250)) {
    if (await fetch(`http://127.0.0.1:${PORT}/signin`).then((r) => r.ok, () => false)) return web;
  }
  process.kill(-web.pid!, "SIGKILL");
  throw new Error("next start did not answer in 60 s");
}

export async function benchLiveLatency(samples = 40): Promise<void> {
  const fleet = await startFleet({ hosts: 1, runsPerHost: 1, firstPort: 22521, tag: "bench-latency" });
  const run = fleet.runs[0]!;
  // One read-only bench account, reused; its token is revoked when the bench ends.
  const user = await upsertUser({ email: "bench@factory.local", name: "Benchmarks", password: randomBytes(18).toString("base64"), role: "VIEWER" });
  const { id: tokenId, token } = await createApiToken({ userId: user.id, name: "npm run bench (live latency)" });
  let web: ChildProcess | null = null;
  const poller = spawnPoller(1000);
  try {
    web = await startWeb();
    let after = -1;
    const seen = async (step: number) => {
      const r = await fetch(`http://127.0.0.1:${PORT}/api/runs/${run.id}/live?after=${after}`, { headers: { authorization: `Bearer ${token}` } });
      if (!r.ok) throw new Error(`live endpoint answered ${r.status}`);
      const body = (await r.json()) as { points: { offset: number; step: number }[] };
      for (const p of body.points) after = Math.max(after, p.offset);
      return body.points.some((p) => p.step === step);
    };
    appendStep(run);
    for (const until = Date.now() + 60_000; !(await seen(run.step)); await sleep(100)) {
      if (Date.now() > until) throw new Error("the first line never showed up through the API");
    }
    const lat: number[] = [];
    for (let i = 0; i < samples; i++) {
      await sleep(Math.random() * 1000);
      appendStep(run);
      const t0 = performance.now();
      while (!(await seen(run.step))) {
        if (ms(t0) > 10_000) throw new Error(`step ${run.step} not visible after 10 s`);
        await sleep(25);
      }
      lat.push(ms(t0));
    }
    print(`live latency: line on host -> API, ${samples} lines, median ms`, median(lat).toFixed(0));
    print("live latency: line on host -> API, p95 (1 s poll)", vsTarget(quantile(lat, 0.95), { atMost: 1500 }, " ms"));
  } finally {
    await poller.stop();
    if (web?.pid) try { process.kill(-web.pid, "SIGTERM"); } catch {}
    await prisma.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await fleet.stop();
  }
}
