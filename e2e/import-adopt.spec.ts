// Import and adopt on a real sandbox host (test-b, LF in a venv off the login PATH): the demo's
// ready-made saves/ history is placed with scripts/sandbox/place-saves.sh and imported from the Hosts
// page (progress bar, "13 new"), the runs appear in the runs table with curves and a verdict, a second
// import adds nothing; a larger folder shows the bar moving. Then a training started by hand over
// SSH (cd into the checkout, activate the venv, nohup) is found, adopted, its curve grows on its run
// page, and Stop ends it with SIGTERM (no LLAMABOARD_ENABLED), verified on the host.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInAs, withDb } from "./helpers/auth";
import { screenshotAll } from "./helpers/screens";
import { ensureHostRegistered, headerStatus, hostIdOf, runRow, sandboxHost, sshOnSandbox, waitForRunStatus } from "./helpers/runs";
import { writeSyntheticSaves } from "@/lib/imports/testing/synthetic-saves";

// test-b by default (the wrappers start it; global setup registers it); another sandbox host by name.
const HOST = process.env.E2E_IMPORT_HOST ?? "test-b";
const stamp = Date.now().toString(36);

/** Every aria-valuenow the page's import bars show (a MutationObserver: a value between polls is still seen). */
async function recordBars(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __ffBars?: number[] };
    w.__ffBars = [];
    const note = () => document.querySelectorAll('[data-testid="import-panel"] [role="progressbar"]').forEach((b) => w.__ffBars!.push(Number(b.getAttribute("aria-valuenow"))));
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
}

test("import a saves/ folder with a progress bar, again adds nothing; adopt a hand-started run, watch it, stop it", async ({ page, context }) => {
  test.setTimeout(120_000);
  const h = sandboxHost(HOST);
  const home = path.join(path.dirname(h.privateKeyPath), "home");
  ensureHostRegistered(HOST);
  execFileSync("bash", ["scripts/sandbox/place-saves.sh", "--name", HOST]);
  const hostId = await hostIdOf(HOST);
  await signInAs(context);
  await page.goto("/hosts");
  const card = page.getByTestId(`host-${HOST}`);
  const panel = card.getByTestId("import-panel");
  const input = panel.getByLabel(`Folder on ${HOST}`);
  await expect(input).toHaveValue(/LLaMA-Factory\/saves$/);

  await input.fill("   ");
  await panel.getByRole("button", { name: "Import" }).click();
  await expect(panel.getByRole("alert")).toContainText("Give a folder on the host.");
  await input.fill("~/no-such-folder");
  await panel.getByRole("button", { name: "Import" }).click();
  await expect(panel.getByTestId("import-row").first()).toContainText(/does not exist on the host/, { timeout: 20_000 });

  await input.fill("~/LLaMA-Factory/saves");
  await panel.getByRole("button", { name: "Import" }).click();
  const first = panel.getByTestId("import-row").first();
  await expect(first.getByTestId("import-summary")).toHaveText("13 new, 0 already imported", { timeout: 30_000 });
  await expect(first.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  // The runs table: imported runs like any other, with a verdict; the real healthy run has its curve.
  await first.getByRole("link", { name: "imported runs →" }).click();
  await expect(page).toHaveURL(new RegExp(`host=${hostId}`));
  const row = page.getByRole("row").filter({ hasText: "llama-byte-10m/full/dev-healthy" });
  await expect(row).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "llama-byte-10m/full/dev-nan" })).toBeVisible();
  await screenshotAll(page, "import-runs-table", { fullPage: false });
  await row.getByRole("link", { name: "llama-byte-10m/full/dev-healthy" }).click();
  await expect(page.getByTestId("run-verdict")).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId("chart-loss").getAttribute("data-points")), { timeout: 15_000 }).toBeGreaterThan(10);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotAll(page, "import-run-page", { fullPage: false });

  await page.goto("/hosts");
  await input.fill("LLaMA-Factory/saves"); // relative = from the login home: the same folder
  await panel.getByRole("button", { name: "Import" }).click();
  await expect(panel.getByTestId("import-row").first().getByTestId("import-summary")).toHaveText("0 new, 13 already imported", { timeout: 30_000 });
  expect(Number((await withDb((c) => c.query<{ n: string }>(`SELECT count(*) AS n FROM runs WHERE "hostId" = $1 AND origin = 'IMPORTED'`, [hostId]))).rows[0]!.n)).toBe(13);

  // A bigger folder: the bar moves while it imports.
  const big = writeSyntheticSaves(path.join(home, `big-${stamp}`), { runs: 40, linesPerRun: 10_000 });
  execFileSync("chown", ["-R", `${h.username}:`, path.join(home, `big-${stamp}`)]);
  await recordBars(page);
  await input.fill(`~/big-${stamp}`);
  await panel.getByRole("button", { name: "Import" }).click();
  const bigRow = panel.getByTestId("import-row").first();
  await expect(bigRow).toHaveAttribute("data-status", "RUNNING", { timeout: 15_000 });
  await screenshotAll(page, "import-progress", { clip: panel });
  await expect(bigRow.getByTestId("import-summary")).toHaveText("40 new, 0 already imported", { timeout: 60_000 });
  const bars = await page.evaluate(() => (window as unknown as { __ffBars?: number[] }).__ffBars ?? []);
  expect(bars.some((v) => v > 0 && v < 100), `an intermediate value among ${bars.join(",")}`).toBe(true);
  await expect(bigRow).toContainText(`${big.lines.toLocaleString("en-US")} lines`);

  // Adopt: started by hand from the checkout with the venv activated, as a user would over SSH.
  // Outside saves/: the sandbox home outlives a test run, and the import above counts saves/ exactly.
  const out = `hand-runs/e2e-hand-${stamp}`;
  const yaml = `model_name_or_path: Qwen/Qwen2.5-7B-Instruct\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: alpaca_en_demo\ntemplate: qwen\ncutoff_len: 1024\noutput_dir: ${out}\nlogging_steps: 5\nsave_steps: 500\nper_device_train_batch_size: 2\ngradient_accumulation_steps: 4\nlearning_rate: 1.0e-4\nmax_steps: 4000\nlr_scheduler_type: cosine\nbf16: true\n`;
  await sshOnSandbox(HOST, `cat > ~/LLaMA-Factory/hand-${stamp}.yaml <<'EOF'\n${yaml}EOF`);
  await sshOnSandbox(HOST, `cd ~/LLaMA-Factory; source .venv/bin/activate; nohup llamafactory-cli train hand-${stamp}.yaml > hand-${stamp}.log 2>&1 < /dev/null &`);
  const adopt = card.getByTestId("adopt-panel");
  await adopt.getByRole("button", { name: /Look for running trainings|Look again/ }).click();
  const proc = adopt.getByTestId("adoptable-row").filter({ hasText: `e2e-hand-${stamp}` });
  await expect(proc).toBeVisible({ timeout: 15_000 });
  await expect(proc).toContainText(`${home}/LLaMA-Factory/${out}`);
  await expect(proc).toContainText("no LLAMABOARD_ENABLED");
  await card.scrollIntoViewIfNeeded();
  await screenshotAll(page, "adopt-list", { clip: card });
  await proc.getByRole("button", { name: "Adopt" }).click();
  await expect(page).toHaveURL(/\/runs\/[A-Za-z0-9]+$/);
  const runId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByTestId("adopted-stop-note")).toContainText("A graceful stop needs LLAMABOARD_ENABLED");
  const points = async () => Number(await page.getByTestId("chart-loss").getAttribute("data-points"));
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(2);
  const p1 = await points();
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(p1); // the curve grows live
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotAll(page, "adopt-run-page", { fullPage: false });

  // Adopting the same process again is refused.
  await page.goto("/hosts");
  await adopt.getByRole("button", { name: "Look for running trainings" }).click();
  await expect(proc.getByRole("link", { name: "adopted: open run →" })).toBeVisible({ timeout: 15_000 });
  await page.goto(`/runs/${runId}`);

  await page.getByTestId("stop-run").click();
  await expect(page.getByRole("dialog")).toContainText("SIGTERM");
  await page.getByRole("button", { name: "Stop gracefully" }).click();
  const done = await waitForRunStatus(runId, ["STOPPED", "KILLED", "FAILED"], 30_000);
  expect(done.status).toBe("STOPPED");
  const pgid = (await runRow(runId)).remotePgid!;
  expect((await sshOnSandbox(HOST, `ps -eo pgid=,stat= | awk -v g=${pgid} '$1==g && $2 !~ /^Z/' | wc -l`)).stdout.trim()).toBe("0");
  await page.reload();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "STOPPED");
});
