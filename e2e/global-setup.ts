// Seeds the test database through the same script the demo uses and starts the worker process the
// e2e tests launch runs through. Refuses to touch a non-local database.
import { spawn, spawnSync } from "node:child_process";
import { openSync } from "node:fs";

export default async function globalSetup() {
  const url = new URL(process.env.DATABASE_URL ?? "");
  if (!["127.0.0.1", "localhost"].includes(url.hostname)) throw new Error(`e2e refuses non-local DATABASE_URL ${url.hostname}`);
  const password = process.env.E2E_ADMIN_PASSWORD ?? "factory-floor-admin";
  const seed = spawnSync("npx", ["tsx", "scripts/seed.ts", "--hosts", "test-b", "--admin-password", password], { stdio: "inherit" });
  if (seed.status !== 0) throw new Error("seeding the e2e database failed");
  const out = openSync(".run/e2e-worker.log", "a");
  const worker = spawn("npx", ["tsx", "workers/index.ts"], { stdio: ["ignore", out, out], detached: true });
  return async () => {
    if (worker.pid) try { process.kill(-worker.pid, "SIGTERM"); } catch { /* already gone */ }
  };
}
