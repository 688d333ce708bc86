// A checkpoint evaluation end to end on a sandbox sshd host with the LF simulator: a short training run
// (compute_accuracy, two eval sets evaluated each on its own) is launched, supervised and polled to its
// end; "Evaluate this checkpoint" queues a predict run on the best checkpoint, which runs through the
// same path and whose eval/predict files the poller ingests: predict_results.json scores, the bounded
// generated_predictions.jsonl rows, the link both ways, and the training run's ev: table column.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { superviseHost } from "@/lib/runs/supervise-host";
import { closeAllHostConnections, getHostConnection } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";
import { evaluateCheckpoint } from "@/lib/evaluation/evaluate-checkpoint";
import { getRunEvaluation } from "@/lib/evaluation/get-run-evaluation";
import { listPredictions } from "@/lib/evaluation/list-predictions";
import { loadRows } from "@/lib/dashboard/list-runs";
import { loadPollableRuns } from "./load-pollable-runs";
import { pollRun } from "./poll-run";

let fx: TRunFixture;
before(async () => {
  fx = await setupRunFixture({ port: 23310, gpus: 1, stepSeconds: 0.01, tag: "evalr" });
});
after(async () => {
  await closeAllHostConnections();
  await fx.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

/** Supervise and poll (as the worker does) until the run has ended and its final files are read. */
async function runToEnd(runId: string) {
  assert.equal(await launchRun({ runId }), "started");
  return waitFor(`run ${runId} to end and be finalised`, async () => {
    await superviseHost({ hostId: fx.hostId });
    for (const r of (await loadPollableRuns()).filter((x) => x.id === runId)) await pollRun(await getHostConnection(r.host), r);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    return run.finalMetrics !== null && !["RUNNING", "STOPPING", "STARTING"].includes(run.status) ? run : null;
  }, 80_000, 250);
}

test("training with per-dataset eval and accuracy, then a predict run of its best checkpoint", async () => {
  const { runId: trainId } = await createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [0], name: "evalr train", userId: null,
    overrides: "num_train_epochs=1\nmax_samples=100\neval_dataset=identity,support_chats_v2\neval_on_each_dataset=true\ncompute_accuracy=true\neval_strategy=steps\neval_steps=4\nsave_steps=4\nlogging_steps=2" });
  const train = await runToEnd(trainId);
  assert.equal(train.status, "SUCCEEDED", train.errorExcerpt ?? "");
  const tev = await getRunEvaluation(trainId);
  assert.ok(tev);
  // eval_results.json (final evaluate) and trainer_state.json (every eval) both carry the per-dataset keys.
  assert.deepEqual(tev.perDataset.map((d) => d.name), ["identity", "support_chats_v2"]);
  assert.ok(tev.perDataset.every((d) => typeof d.loss === "number" && typeof d.accuracy === "number"));
  assert.ok((tev.accuracyCurves.eval_identity_accuracy?.length ?? 0) >= 2, JSON.stringify(Object.keys(tev.accuracyCurves)));
  assert.ok((tev.perDatasetCurves.identity?.length ?? 0) >= 2);
  assert.equal(tev.evaluation?.predictResults, null);

  // The dataset must exist on the host: the preflight refuses a typo before anything is queued.
  await assert.rejects(evaluateCheckpoint({ runId: trainId, userId: null, dataset: "alpaca_en_dem0" }), /alpaca_en_dem0/);
  const ev = await evaluateCheckpoint({ runId: trainId, userId: null, dataset: "alpaca_en_demo", maxSamples: 24 });
  assert.match(ev.checkpoint, /^(best-)?checkpoint-\d+$/);
  const pred = await prisma.run.findUniqueOrThrow({ where: { id: ev.runId } });
  assert.equal(pred.evaluatesRunId, trainId);
  assert.equal(pred.evalCheckpoint, ev.checkpoint);
  assert.match(pred.configYaml, /^do_predict: true$/m);
  assert.match(pred.configYaml, /^predict_with_generate: true$/m);
  assert.ok(pred.configYaml.includes(`adapter_name_or_path: ${train.outputDir}/${ev.checkpoint}`), pred.configYaml);
  assert.doesNotMatch(pred.configYaml, /^do_train: true$/m);

  const done = await runToEnd(ev.runId);
  assert.equal(done.status, "SUCCEEDED", done.errorExcerpt ?? "");
  const pev = await getRunEvaluation(ev.runId);
  assert.ok(pev?.evaluates && pev.evaluates.id === trainId);
  const bleu = pev.scores["predict_bleu-4"];
  assert.ok(typeof bleu === "number" && bleu > 0 && bleu <= 100, String(bleu));
  assert.ok(typeof pev.scores["predict_rouge-l"] === "number");
  assert.equal(pev.scores.predict_runtime, undefined, "runtime is bookkeeping, not a score");
  assert.deepEqual({ lines: pev.evaluation?.predictions?.lines, stored: pev.evaluation?.predictions?.stored, errors: pev.evaluation?.predictions?.errors }, { lines: 24, stored: 24, errors: [] });
  // The predict run's own trainer_log.jsonl is progress lines only: nothing to judge, no fake loss.
  assert.equal(done.lastLoss, null);

  const page = await listPredictions(ev.runId, { page: 2, per: 10 });
  assert.equal(page.total, 24);
  assert.equal(page.rows.length, 10);
  assert.equal(page.rows[0]!.idx, 10);
  assert.match(page.rows[0]!.prompt, /<\|im_start\|>user/);
  const hit = await listPredictions(ev.runId, { q: "Question 7 from" });
  assert.equal(hit.total, 1);

  // Both ways: the training run lists its evaluation with the scores; its table row shows them.
  const back = await getRunEvaluation(trainId);
  assert.deepEqual(back?.evaluations.map((e) => [e.id, e.checkpoint, e.dataset]), [[ev.runId, ev.checkpoint, "alpaca_en_demo"]]);
  assert.equal(back?.evaluations[0]!.scores["predict_bleu-4"], bleu);
  const [row] = await loadRows([trainId], ["ev:predict_bleu-4"], false);
  assert.equal(row?.cells["ev:predict_bleu-4"], bleu);
  // A predict run cannot itself be "evaluated".
  await assert.rejects(evaluateCheckpoint({ runId: ev.runId, userId: null, dataset: "alpaca_en_demo" }), /itself a checkpoint evaluation/);
});
