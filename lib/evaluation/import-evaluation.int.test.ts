// Import (the offline path) reads the same evaluation files as the live poller: a predict-only folder's
// predict_results.json and generated_predictions.jsonl (bad lines named by number, the rest kept), and a
// training folder's per-dataset eval_results.json plus the eval curves of its trainer_state.json.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { createHost } from "@/lib/hosts/create-host";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { startImport } from "@/lib/imports/start-import";
import { runImport } from "@/lib/imports/run-import";
import { getRunEvaluation } from "./get-run-evaluation";
import { listPredictions } from "./list-predictions";

const TD = path.join(import.meta.dirname, "testdata");
const LOGS = path.join(import.meta.dirname, "../logs/testdata");
let sshd: TThrowawaySshd;
let hostId = "";

before(async () => {
  sshd = startThrowawaySshd({ port: 23312, sim: { gpus: 1, stepSeconds: 0.05 } });
  hostId = (await createHost({ name: `evalr-import-${process.pid}`, address: sshd.address, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, userId: null })).id;
  const root = path.join(sshd.home, "evals");
  const pred = path.join(root, "gemma-predict"), train = path.join(root, "dpo-train");
  mkdirSync(pred, { recursive: true });
  mkdirSync(train, { recursive: true });
  copyFileSync(path.join(LOGS, "predict-only.jsonl"), path.join(pred, "trainer_log.jsonl"));
  copyFileSync(path.join(TD, "predict_results.sunxiaochuan.json"), path.join(pred, "predict_results.json"));
  copyFileSync(path.join(TD, "generated_predictions.bad-lines.jsonl"), path.join(pred, "generated_predictions.jsonl"));
  copyFileSync(path.join(LOGS, "dpo-trainer-state.json"), path.join(train, "trainer_state.json"));
  copyFileSync(path.join(TD, "eval_results.per-dataset.json"), path.join(train, "eval_results.json"));
  execFileSync("chown", ["-R", `${sshd.username}:`, root]);
});

after(async () => {
  await closeAllHostConnections();
  sshd.stop();
  await prisma.run.deleteMany({ where: { hostId } });
  await prisma.host.delete({ where: { id: hostId } });
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("an imported predict folder and training folder carry their evaluation", { timeout: 60_000 }, async () => {
  const { importId } = await startImport({ hostId, path: "~/evals", userId: null });
  assert.equal(await runImport({ importId }), "done");
  const runs = await prisma.run.findMany({ where: { hostId }, orderBy: { outputDir: "asc" }, select: { id: true, outputDir: true } });
  assert.equal(runs.length, 2);
  const [train, pred] = runs as [typeof runs[number], typeof runs[number]];
  assert.match(pred.outputDir, /gemma-predict$/);

  const p = await getRunEvaluation(pred.id);
  assert.equal(p?.scores["predict_bleu-4"], 2.2241416);
  assert.equal(p?.scores["predict_rouge-l"], 10.5493132);
  // The cut last line is complete once the whole file was read: a bad line like the others.
  assert.deepEqual(p?.evaluation?.predictions && { lines: p.evaluation.predictions.lines, stored: p.evaluation.predictions.stored,
    errorLines: p.evaluation.predictions.errors.map((e) => e.line) }, { lines: 5, stored: 2, errorLines: [2, 3, 5] });
  assert.match(p!.evaluation!.predictions!.errors[0]!.message, /^predict: expected a string/);
  const rows = await listPredictions(pred.id, {});
  assert.deepEqual(rows.rows.map((r) => r.idx), [0, 3]);

  const t = await getRunEvaluation(train.id);
  // eval_results.json's final per-dataset numbers, and trainer_state.json's eval_alpaca_loss (read by the
  // import, since no poller saw this run): the two fixtures name different sets, so all three show.
  assert.deepEqual(t?.perDataset.map((d) => [d.name, d.loss, d.accuracy]),
    [["alpaca", 0.662, null], ["alpaca_en_demo", 1.2043211460113525, 0.6812345678], ["identity", 0.3571129739284515, 0.912]]);
  assert.deepEqual(t?.perDatasetCurves.alpaca?.map(([s]) => s), [20]);
});
