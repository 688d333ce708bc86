// A queued run's page: instead of empty charts it says which host it waits on, its place in the
// queue and which run holds its GPU; an operator cancels it from there (the confirmation names the
// run and the host) and it ends CANCELLED without anything reaching the host. A viewer sees the
// panel but no Cancel button. The holder's page shows why its tokens/s chart is empty.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, ensureHostRegistered, headerStatus, runEvents, runRow, sshOnSandbox, waitForRunStatus } from "./helpers/runs";

const PRESET = "LoRA SFT 7B (24 GB)"; // seeded starter (it sets include_num_input_tokens_seen: true)
const HOST = process.env.E2E_QUEUE_HOST ?? "test-a"; // one GPU: a second run on GPU 0 must wait
const VIEWER = "e2e-queue-viewer@factory.local";
const stamp = Date.now().toString(36);
const created: string[] = [];

test.beforeAll(async () => {
  await withDb((c) => c.query(
    `INSERT INTO users (id, email, name, "passwordHash", role, "updatedAt") VALUES ('e2equeueviewer', $1, 'Quinn Viewer', 'x', 'VIEWER', now())
     ON CONFLICT (email) DO UPDATE SET role = 'VIEWER'`, [VIEWER]));
});
test.afterAll(async () => {
  await deleteFinishedRuns(created);
});

async function launch(page: Page, name: string, overrides: Record<string, unknown>): Promise<string> {
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: HOST, gpus: [0], name, overrides } });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);
  return runId;
}

test("a queued run shows where it waits and is cancelled from its page without touching the host", async ({ page, context, browser }) => {
  test.setTimeout(180_000);
  ensureHostRegistered(HOST);
  await signInAs(context);
  // Long, never evaluated, and without token counting: the throughput chart must explain itself.
  const holder = { name: `e2e-q-holder-${stamp}`, id: "" };
  holder.id = await launch(page, holder.name, { num_train_epochs: 50, eval_steps: 5000, save_steps: 5000, include_num_input_tokens_seen: false });
  await waitForRunStatus(holder.id, ["RUNNING"], 60_000);
  const waiter = { name: `e2e-q-waiter-${stamp}`, id: "" };
  waiter.id = await launch(page, waiter.name, { num_train_epochs: 1 });
  expect((await runRow(waiter.id)).status).toBe("QUEUED");

  // The queued run's page: the waiting panel, no empty charts, and Cancel for an operator.
  await page.goto(`/runs/${waiter.id}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "QUEUED");
  const panel = page.getByTestId("queued-panel");
  await expect(panel.getByRole("heading")).toHaveText(`Waiting for GPUs on ${HOST} — position 1 in the queue`);
  await expect(panel.getByTestId("queue-reason")).toHaveText(`GPU 0 held by ${holder.name}`);
  await expect(panel.getByRole("link", { name: holder.name })).toHaveAttribute("href", `/runs/${holder.id}`);
  await expect(page.getByTestId("chart-loss")).toHaveCount(0);
  await expect(page.getByTestId("progress")).toHaveCount(0);
  await expect(page.getByTestId("cancel-run")).toBeVisible();
  await expect(page.getByTestId("kill-run")).toHaveCount(0);
  await screenshot(page, "queued-run-page");

  // A viewer sees where the run stands but cannot cancel it.
  const viewer = await browser.newContext();
  await signInAs(viewer, VIEWER);
  const vPage = await viewer.newPage();
  await vPage.goto(`/runs/${waiter.id}`);
  await expect(vPage.getByTestId("queued-panel")).toBeVisible();
  await expect(vPage.getByTestId("cancel-run")).toHaveCount(0);
  await viewer.close();

  // Cancel: the confirmation names the run and its host.
  await page.getByTestId("cancel-run").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(`Cancel "${waiter.name}" on ${HOST}?`);
  await expect(dialog).toContainText("nothing is sent to the host");
  await expect(dialog.getByTestId("kill-list").locator("li").filter({ hasText: waiter.name })).toContainText(`on ${HOST}`);
  await screenshot(page, "queued-run-cancel-confirm");
  await dialog.getByRole("button", { name: "Cancel run" }).click();
  await expect(dialog).toBeHidden();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "CANCELLED", { timeout: 15_000 });
  await expect(page.getByTestId("queued-panel")).toHaveCount(0);
  await expect(page.getByTestId("cancel-run")).toHaveCount(0);
  await expect(page.getByTestId("events").getByText("Cancelled before it started", { exact: true })).toBeVisible();
  await screenshot(page, "queued-run-cancelled");

  // Nothing reached the host: no pid, no run folder, no launch or signal event; the holder runs on.
  const w = await runRow(waiter.id);
  expect(w.status).toBe("CANCELLED");
  expect(w.remotePgid).toBeNull();
  const dir = await withDb((c) => c.query<{ outputDir: string }>(`SELECT "outputDir" FROM runs WHERE id = $1`, [waiter.id]));
  const exists = await sshOnSandbox(HOST, `test -e '${dir.rows[0]!.outputDir.replace(/'/g, "")}' && echo exists || echo absent`);
  expect(exists.stdout.trim()).toBe("absent");
  const types = (await runEvents(waiter.id)).map((e) => e.type);
  expect(types).toContain("CANCELLED");
  expect(types.filter((t) => ["LAUNCHING", "STARTED", "SIGNAL_SENT", "KILL_VERIFIED"].includes(t))).toEqual([]);
  expect((await runRow(holder.id)).status).toBe("RUNNING");

  // The running holder's page: curves, and a throughput chart that says which key it needs.
  await page.goto(`/runs/${holder.id}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "RUNNING");
  await expect.poll(async () => Number(await page.getByTestId("chart-loss").getAttribute("data-points")), { timeout: 60_000 }).toBeGreaterThan(3);
  await expect(page.getByTestId("chart-throughput-empty")).toContainText("include_num_input_tokens_seen: true");
  await screenshot(page, "running-run-page");

  const res = await page.request.post(`/api/v1/runs/${holder.id}/kill`, { data: {} });
  expect(res.ok(), await res.text()).toBe(true);
  await waitForRunStatus(holder.id, ["KILLED"], 30_000);
});

test("a run that has not logged a step yet shows a note instead of empty charts", async ({ page, context }) => {
  test.setTimeout(120_000);
  await signInAs(context);
  // logging_steps far beyond where it gets: RUNNING, but no trainer_log.jsonl line for minutes.
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: "test-b", gpus: [1], name: `e2e-q-silent-${stamp}`,
    overrides: { num_train_epochs: 50, logging_steps: 100000, eval_steps: 100000, save_steps: 100000 } } });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);
  await waitForRunStatus(runId, ["RUNNING"], 60_000);
  await page.goto(`/runs/${runId}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "RUNNING");
  await expect(page.getByTestId("charts-pending")).toContainText("No metrics yet");
  await expect(page.getByTestId("chart-loss")).toHaveCount(0);
  await expect(page.getByTestId("progress")).toBeVisible();
  await screenshot(page, "running-run-no-points-yet");
  const kill = await page.request.post(`/api/v1/runs/${runId}/kill`, { data: {} });
  expect(kill.ok(), await kill.text()).toBe(true);
  await waitForRunStatus(runId, ["KILLED"], 30_000);
});
