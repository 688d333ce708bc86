// A Slurm cluster end to end in the browser: the real one-node Slurm (scripts/sandbox/slurm.sh, 4 GRES
// GPUs) behind a sandbox login sshd is added on the Hosts page (host key pinned, GPUs per node read with
// sinfo), its login node's runtime profile set with Detect, then runs are launched onto it from the
// launch form's target picker: one holds all 4 GPUs, the next one waits PENDING with Slurm's reason and
// position, starts RUNNING with live curves when the first is killed, and is killed in turn, verified
// with scontrol.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { screenshotAll } from "./helpers/screens";
import { signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, headerStatus, runEvents, runIdFromUrl, runRow, sandboxHost, waitForRunStatus } from "./helpers/runs";

const LOGIN = "e2e-slurm";
const LOGIN_PORT = Number(process.env.E2E_SLURM_LOGIN_PORT ?? 22217);
const CLUSTER = "e2e-cluster";
const PRESET = "LoRA SFT 7B (24 GB)";
const created: string[] = [];
let slurmWasUp = true;

test.beforeAll(() => {
  try {
    execFileSync("bash", ["scripts/sandbox/slurm.sh", "running"], { stdio: "ignore" });
  } catch {
    slurmWasUp = false;
  }
  execFileSync("bash", ["scripts/sandbox/hosts.sh", "up", "--name", LOGIN, "--port", String(LOGIN_PORT), "--gpus", "4xA100-80GB", "--step-seconds", "0.2"], { stdio: "ignore" });
  execFileSync("bash", ["scripts/sandbox/slurm.sh", "up", "--login", LOGIN], { stdio: "ignore" });
});
test.afterAll(async () => {
  await deleteFinishedRuns(created);
  await withDb(async (c) => {
    await c.query(`DELETE FROM slurm_clusters WHERE name = $1`, [CLUSTER]);
    await c.query(`DELETE FROM hosts WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM runs WHERE runs."hostId" = hosts.id)`, [`${CLUSTER}-login`]);
  });
  execFileSync("bash", ["scripts/sandbox/hosts.sh", "down", "--name", LOGIN], { stdio: "ignore" });
  if (!slurmWasUp) execFileSync("bash", ["scripts/sandbox/slurm.sh", "down"], { stdio: "ignore" });
});

async function launchOnCluster(page: Page, o: { name: string; gpus: number }): Promise<string> {
  // The preset in the URL: picking it in the form re-renders the form when the navigation lands, which
  // would undo a target picked in between (the default preset is whichever was created last).
  const preset = await withDb((c) => c.query<{ id: string }>(`SELECT id FROM presets WHERE name = $1`, [PRESET]));
  await page.goto(`/launch?preset=${preset.rows[0]!.id}`);
  await expect(page.getByLabel("Preset")).toHaveValue(preset.rows[0]!.id);
  const target = page.getByLabel("Target");
  const value = await target.locator("option", { hasText: `${CLUSTER} · Slurm` }).getAttribute("value");
  await target.selectOption(value!);
  await page.getByLabel(/^GPUs \(Slurm picks/).selectOption(String(o.gpus));
  await expect(page.getByTestId("slurm-submit-line")).toContainText(`sbatch --gres=gpu:${o.gpus} --partition=gpu`);
  await page.getByLabel("Overrides (one key=value per line)").fill("num_train_epochs=50\nlogging_steps=2\neval_steps=5000\nsave_steps=5000");
  await page.getByLabel("Run name").fill(o.name);
  await page.getByRole("button", { name: "Launch" }).click();
  await page.waitForURL(/\/runs\/[a-z0-9]+$/, { timeout: 30_000 });
  const id = runIdFromUrl(page.url());
  created.push(id);
  return id;
}

async function killFromPage(page: Page, id: string) {
  await page.goto(`/runs/${id}`);
  await page.getByTestId("kill-run").click();
  await page.getByRole("dialog").getByRole("button", { name: "Kill run" }).click();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "KILLED", { timeout: 30_000 });
}

test("add a Slurm cluster, launch onto it, PENDING (Resources) then RUNNING with curves, kill verified by Slurm", async ({ page, context }) => {
  test.setTimeout(90_000);
  await signInAs(context);
  const h = sandboxHost(LOGIN);
  await page.goto("/hosts");
  await page.getByRole("button", { name: "Add Slurm cluster" }).click();
  const form = page.getByRole("region", { name: "Add a Slurm cluster" });
  await form.getByLabel("Name").fill(CLUSTER);
  await form.getByLabel("Login node").fill(h.address);
  await form.getByLabel("Port", { exact: true }).fill(String(h.port));
  await form.getByLabel("User").fill(h.username);
  await form.getByLabel("Partition").fill("gpu");
  await form.getByLabel("Time limit (minutes)").fill("30");
  await form.getByLabel("Private key").fill(readFileSync(h.privateKeyPath, "utf8"));
  await form.getByRole("button", { name: "Connect" }).click();
  await expect(form.getByTestId("cluster-fingerprint")).toHaveText(h.hostKeyFingerprint);
  await expect(form.getByTestId("cluster-sinfo")).toContainText("1 node, up to 4 GPUs per node");
  await screenshotAll(page, "slurm-add-cluster", { clip: form });
  await form.getByRole("button", { name: "Trust and save" }).click();
  const card = page.getByTestId(`cluster-${CLUSTER}`);
  await expect(card).toContainText("4 per node × 1 node");
  // The login node's runtime profile: what the batch script activates (LF in a venv off the PATH).
  const login = page.getByTestId(`host-${CLUSTER}-login`);
  await expect(login.getByText(`Login node of ${CLUSTER}`)).toBeVisible();
  await login.getByTestId("edit-profile").click();
  await login.getByTestId("detect-profile").click();
  await expect(login.getByLabel("Activation line")).toHaveValue("source ~/LLaMA-Factory/.venv/bin/activate");
  await login.getByRole("button", { name: "Save and check" }).click();
  await expect(login.getByTestId("profile-note")).toContainText("LLaMA-Factory starts through it.");
  await page.reload();
  await screenshotAll(page, "slurm-hosts-page");

  const big = await launchOnCluster(page, { name: `slurm-big-${Date.now().toString(36)}`, gpus: 4 });
  await expect(page.getByTestId("run-executor")).toContainText("Slurm");
  await waitForRunStatus(big, ["RUNNING"], 30_000);
  const small = await launchOnCluster(page, { name: `slurm-small-${Date.now().toString(36)}`, gpus: 1 });
  const pending = page.getByTestId("slurm-pending-panel");
  await expect(pending.getByTestId("slurm-state")).toContainText(/Slurm job \d+ is PENDING on e2e-cluster — position 1 in partition gpu/, { timeout: 15_000 });
  await expect(pending.getByTestId("slurm-reason")).toContainText("Resources");
  await expect(headerStatus(page)).toHaveAttribute("data-status", "STARTING");
  await screenshotAll(page, "slurm-run-pending");
  // The Queue page lists it under its cluster, with squeue's order and reason.
  await page.goto("/queue");
  await expect(page.getByTestId(`slurm-queue-${CLUSTER}`).locator(`tr[data-run-id="${small}"]`)).toContainText("Resources");
  await screenshotAll(page, "slurm-queue");

  await killFromPage(page, big);
  await page.goto(`/runs/${small}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "RUNNING", { timeout: 20_000 });
  await expect(page.getByTestId("run-executor")).toContainText(/Slurm · job \d+ · RUNNING/);
  await expect.poll(async () => (await runRow(small)).lastStep ?? 0, { timeout: 30_000 }).toBeGreaterThan(6);
  await expect(page.locator("canvas").first()).toBeVisible();
  await page.waitForTimeout(1500);
  await screenshotAll(page, "slurm-run-running");

  await killFromPage(page, small);
  await page.reload();
  await expect(page.getByTestId("run-executor")).toContainText(/Slurm · job \d+ · (CANCELLED|COMPLETED|FAILED)/);
  const ev = await runEvents(small);
  expect(ev.find((e) => e.type === "KILL_VERIFIED")?.message).toMatch(/^Slurm job \d+ is (CANCELLED|COMPLETED|FAILED).*verified with scontrol show job/);
  await screenshotAll(page, "slurm-run-killed");
});
