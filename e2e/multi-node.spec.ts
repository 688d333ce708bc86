// A 2-node run over the sandbox hosts test-a and test-b (real sshd each): launched from the page with
// a node added, both nodes shown running with their NODE_RANK, killed from the page with ps proof on
// both; a node that dies mid-run (its group SIGKILLed) fails the run, naming that node; the rules stop a
// NaN run early on both nodes, and a gracefully stopped run resumes from its page on the same two nodes.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, ensureHostRegistered, headerStatus, hostIdOf, runEvents, runIdFromUrl, runRow, sshOnSandbox, waitForRunStatus } from "./helpers/runs";

const PRESET = "LoRA SFT 7B (24 GB)"; // seeded starter
const HOST_A = "test-a";
const HOST_B = "test-b";
const LONG = ["num_train_epochs=50", "logging_steps=5", "eval_steps=5000", "save_steps=5000"];
const stamp = Date.now().toString(36);
const created: string[] = [];
const port = () => 29600 + Math.floor(Math.random() * 300);

test.beforeAll(() => { ensureHostRegistered(HOST_A); ensureHostRegistered(HOST_B); });
test.afterAll(async () => { await deleteFinishedRuns(created); });

async function nodes(runId: string): Promise<{ rank: number; host: string; pgid: number | null }[]> {
  const r = await withDb((c) => c.query<{ rank: number; host: string; pgid: number | null }>(
    `SELECT n.rank, h.name AS host, n."remotePgid" AS pgid FROM run_nodes n JOIN hosts h ON h.id = n."hostId" WHERE n."runId" = $1 ORDER BY n.rank`, [runId]));
  return r.rows;
}

async function liveInGroup(host: string, pgid: number): Promise<number> {
  const r = await sshOnSandbox(host, `ps -eo pgid=,stat= | awk -v g=${pgid} '$1==g && $2 !~ /^Z/' | wc -l`);
  return Number(r.stdout.trim());
}

async function presetPage(page: Page): Promise<void> {
  const r = await withDb((c) => c.query<{ id: string }>(`SELECT id FROM presets WHERE name = $1`, [PRESET]));
  await page.goto(`/launch?preset=${r.rows[0]!.id}`);
}

test("launch a 2-node run from the page, see both nodes run, kill it and prove both gone", async ({ page, context }) => {
  test.setTimeout(150_000);
  await signInAs(context);
  await presetPage(page);
  await page.locator("#launch-host").selectOption(await hostIdOf(HOST_A));
  const multi = page.getByTestId("multi-node");
  await expect(multi).toContainText("One node.");
  await multi.getByRole("button", { name: "Add a node" }).click();
  await page.getByLabel("Node 1 host").selectOption(await hostIdOf(HOST_B));
  // As many GPUs as node 0 (one): the lowest free GPU of test-b is ticked.
  await expect(page.getByLabel("Node 1 GPU 0", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Node 1 GPU 1", { exact: true })).not.toBeChecked();
  const masterPort = port();
  await page.locator("#launch-master-port").fill(String(masterPort));
  await expect(multi).toContainText("NNODES=2");
  await page.locator("#launch-overrides").fill(LONG.join("\n"));
  await page.locator("#launch-name").fill(`e2e-2node-${stamp}`);
  await screenshot(page, "launch-multi-node");
  await page.getByRole("button", { name: "Launch", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/, { timeout: 30_000 });
  const id = runIdFromUrl(page.url());
  created.push(id);

  await waitForRunStatus(id, ["RUNNING"], 60_000);
  await expect.poll(async () => (await runRow(id)).lastStep ?? 0, { timeout: 40_000 }).toBeGreaterThan(5);
  await page.reload();
  const panel = page.getByTestId("nodes-panel");
  await expect(panel).toContainText(`MASTER_PORT ${masterPort}`);
  await expect(page.getByTestId("node-row-0")).toContainText(HOST_A);
  await expect(page.getByTestId("node-row-1")).toContainText(HOST_B);
  await expect(page.getByTestId("node-row-1")).toContainText("running");
  await expect(page.getByTestId("run-executor")).toContainText("SSH · 2 nodes");
  await screenshot(page, "run-multi-node-running");
  const ns = await nodes(id);
  expect(ns.map((n) => n.host)).toEqual([HOST_A, HOST_B]);
  for (const n of ns) expect(await liveInGroup(n.host, n.pgid!)).toBeGreaterThan(0);
  // Node 1's worker knows it is global rank 1 of 2.
  const dir = (await withDb((c) => c.query<{ outputDir: string }>(`SELECT "outputDir" FROM run_nodes WHERE "runId" = $1 AND rank = 1`, [id]))).rows[0]!.outputDir;
  expect((await sshOnSandbox(HOST_B, `grep -c 'Process rank: 1, world size: 2' ${dir}/console.log`)).stdout.trim()).toBe("1");

  await page.getByTestId("kill-run").click();
  await page.getByRole("dialog").getByRole("button", { name: "Kill run" }).click();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "KILLED", { timeout: 40_000 });
  const verified = (await runEvents(id)).find((e) => e.type === "KILL_VERIFIED");
  expect(verified?.message).toMatch(/^No process of the run is left on any of its 2 nodes \(test-a group \d+, test-b group \d+\) \(verified with ps on every node/);
  await expect(page.getByTestId("events").getByText(verified!.message, { exact: true })).toBeVisible();
  for (const n of ns) expect(await liveInGroup(n.host, n.pgid!)).toBe(0);
  const leases = await withDb((c) => c.query(`SELECT 1 FROM gpu_leases WHERE "runId" = $1`, [id]));
  expect(leases.rowCount).toBe(0);
});

test("a node that dies mid-run fails the run, named on its page, with nothing left on either host", async ({ page, context }) => {
  test.setTimeout(150_000);
  await signInAs(context);
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: HOST_A, gpus: [0], nodes: [{ host: HOST_B, gpus: [1] }], masterPort: port(), name: `e2e-node-dies-${stamp}`, overrides: LONG } });
  expect(res.status(), await res.text()).toBe(201);
  const { runId: id } = (await res.json()) as { runId: string };
  created.push(id);
  await waitForRunStatus(id, ["RUNNING"], 60_000);
  await expect.poll(async () => (await runRow(id)).lastStep ?? 0, { timeout: 40_000 }).toBeGreaterThan(5);
  const ns = await nodes(id);
  await sshOnSandbox(HOST_B, `kill -s KILL -- -${ns[1]!.pgid}`);
  await waitForRunStatus(id, ["FAILED"], 60_000);
  await page.goto(`/runs/${id}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "FAILED");
  await expect(page.getByTestId("error-excerpt")).toContainText("node 1 (test-b)");
  await expect(page.getByTestId("node-row-1")).toContainText("gone, no exit code");
  await screenshot(page, "run-multi-node-node-died");
  for (const n of ns) expect(await liveInGroup(n.host, n.pgid!)).toBe(0);
});

test("on two nodes: the rules stop a NaN run early, and a gracefully stopped run resumes from the page on the same nodes", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signInAs(context);
  const launch = async (name: string, overrides: string[]) => {
    const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: HOST_A, gpus: [0], nodes: [{ host: HOST_B, gpus: [0] }], masterPort: port(), name, overrides } });
    expect(res.status(), await res.text()).toBe(201);
    const { runId } = (await res.json()) as { runId: string };
    created.push(runId);
    return runId;
  };
  // NaN: lr 3.0 blows up within a few steps; the rules stop it on both nodes.
  const nan = await launch(`e2e-2node-nan-${stamp}`, ["learning_rate=3.0", "lr_scheduler_type=constant", "warmup_ratio=0", "num_train_epochs=3.0", "logging_steps=5", "seed=2"]);
  const stopped = await waitForRunStatus(nan, ["STOPPED_EARLY", "FAILED", "SUCCEEDED", "KILLED"], 90_000);
  expect(stopped.status).toBe("STOPPED_EARLY");
  await page.goto(`/runs/${nan}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "STOPPED_EARLY");
  await expect(page.getByTestId("run-stop")).toContainText("early stop");
  for (const n of await nodes(nan)) expect(await liveInGroup(n.host, n.pgid!)).toBe(0);
  await screenshot(page, "run-multi-node-early-stop");

  // Graceful stop from the page once a checkpoint exists, then Resume from the page.
  const id = await launch(`e2e-2node-resume-${stamp}`, ["num_train_epochs=50", "logging_steps=5", "save_steps=10", "eval_steps=5000"]);
  await waitForRunStatus(id, ["RUNNING"], 60_000);
  await expect.poll(async () => (await runRow(id)).lastStep ?? 0, { timeout: 60_000 }).toBeGreaterThan(12);
  await page.goto(`/runs/${id}`);
  await page.getByTestId("stop-run").click();
  await page.getByRole("button", { name: "Stop gracefully" }).click();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "STOPPED", { timeout: 40_000 });
  for (const n of await nodes(id)) expect(await liveInGroup(n.host, n.pgid!)).toBe(0);
  await page.getByTestId("resume-run").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("resume-checkpoints").locator("label").first()).toContainText("latest", { timeout: 20_000 });
  await dialog.getByRole("button", { name: /^Resume from step \d+$/ }).click();
  await page.waitForURL((u) => /^\/runs\/[a-z0-9]+$/.test(u.pathname) && u.pathname !== `/runs/${id}`, { timeout: 30_000 });
  const child = runIdFromUrl(page.url());
  created.unshift(child);
  expect((await nodes(child)).map((n) => n.host)).toEqual([HOST_A, HOST_B]);
  await waitForRunStatus(child, ["RUNNING"], 60_000);
  await page.reload();
  await expect(page.getByTestId("node-row-1")).toContainText("running");
  await page.getByTestId("kill-run").click();
  await page.getByRole("dialog").getByRole("button", { name: "Kill run" }).click();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "KILLED", { timeout: 40_000 });
});
