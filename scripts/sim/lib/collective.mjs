// One rank's part in a multi-node group. Real ranks talk NCCL to each other; here every optimizer step
// is a barrier (DDP's gradient all-reduce) relayed by the torchrun agents: IPC to the local agent, TCP
// between agents (rendezvous.mjs). So a rank notices a vanished peer where a real one does, in its next
// collective, and fails with the NCCL error; ranks keep lock-step, and only rank 0 writes the run's files.
import { ENTRY_FRAMES, formatTraceback, LF, PyError, SITE } from "./py-error.mjs";

const HF = `${SITE}/transformers`;
const ACC = `${SITE}/accelerate/accelerator.py`;
const TOP = [[`${LF}/launcher.py`, 185, "<module>", "run_exp()"], ENTRY_FRAMES[3],
  [`${LF}/train/tuner.py`, 78, "_training_function", "run_sft(model_args, data_args, training_args, finetuning_args, generating_args, callbacks)"],
  [`${LF}/train/sft/workflow.py`, 101, "run_sft", "train_result = trainer.train(resume_from_checkpoint=training_args.resume_from_checkpoint)"],
  [`${HF}/trainer.py`, 2325, "train", "return inner_training_loop("]];
const FRAMES = {
  // The first collective: DDP checks every rank's parameters when it wraps the model.
  init: [...TOP,
    [`${HF}/trainer.py`, 2483, "_inner_training_loop", "model, self.optimizer = self.accelerator.prepare(self.model, self.optimizer)"],
    [ACC, 1555, "prepare", "result = tuple("],
    [ACC, 1556, "<genexpr>", "self._prepare_one(obj, first_pass=True, device_placement=d) for obj, d in zip(args, device_placement)"],
    [ACC, 1398, "_prepare_one", "return self.prepare_model(obj, device_placement=device_placement)"],
    [ACC, 1842, "prepare_model", "model = torch.nn.parallel.DistributedDataParallel("],
    [`${SITE}/torch/nn/parallel/distributed.py`, 835, "__init__", "_verify_param_shape_across_processes(self.process_group, parameters)"],
    [`${SITE}/torch/distributed/utils.py`, 282, "_verify_param_shape_across_processes", "return dist._verify_params_across_processes(process_group, tensors, logger)"]],
  step: [...TOP,
    [`${HF}/trainer.py`, 2674, "_inner_training_loop", "tr_loss_step = self.training_step(model, inputs, num_items_in_batch)"],
    [`${HF}/trainer.py`, 4071, "training_step", "self.accelerator.backward(loss, **kwargs)"],
    [ACC, 2740, "backward", "loss.backward(**kwargs)"],
    [`${SITE}/torch/_tensor.py`, 647, "backward", "torch.autograd.backward("],
    [`${SITE}/torch/autograd/__init__.py`, 354, "backward", "_engine_run_backward("],
    [`${SITE}/torch/autograd/graph.py`, 829, "_engine_run_backward", "return Variable._execution_engine.run_backward(  # Calls into the C++ engine to run the backward pass"]],
};

/** Null unless this rank runs under a multi-node torchrun (which gives it an IPC channel). */
export function joinGroup({ rank, env, stepSeconds, aborted, beforeFail }) {
  if (typeof process.send !== "function" || !(Number(env.GROUP_WORLD_SIZE) > 1)) return null;
  // Sim steps are ~1000x shorter than real ones: SIGABRTs sent to every node a few ms apart would land
  // in different steps. A rank asked to stop shortly after its peers left stops with them instead of
  // failing; a rank nobody asked to stop fails with the NCCL error once this grace is over.
  const graceMs = Math.min(3000, Math.max(1000, 2 * stepSeconds * 1000));
  let phase = "setup", seq = 0, waiting = null, broken = null, r0done = false, endWait = null, where = "init";

  const up = (m) => { try { process.send(m, () => {}); } catch { /* agent gone */ } };
  const fail = () => {
    beforeFail?.();
    const peer = broken?.peer ?? env.MASTER_ADDR ?? "127.0.0.1";
    const err = new PyError("torch.distributed.DistBackendError",
      `NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, remote process exited or there was a network error, NCCL version 2.21.5\nncclRemoteError: A call failed possibly due to a network error or a remote process exiting prematurely.\nLast error:\nsocketProgress: Connection closed by remote peer ${peer}<${30000 + ((process.pid * 7919) % 30000)}>`,
      FRAMES[where]);
    // torch prefixes what a rank prints once its process group exists.
    process.stderr.write(formatTraceback(err).replace(/^(?=.)/gm, `[rank${rank}]: `));
    process.exit(1);
  };
  const settle = () => {
    if (!broken || phase === "post") return;
    if (aborted() && waiting) { const w = waiting; waiting = null; w(); } else if (Date.now() >= broken.at + graceMs && !aborted()) fail();
  };
  const onGone = (m) => {
    if (broken) return;
    if (phase === "post") { broken = m; endWait?.(); return; }
    broken = { ...m, at: Date.now() };
    setInterval(settle, 25).unref();
    // The grace timer alone keeps a rank alive that is busy elsewhere (evaluating, loading).
    setTimeout(settle, graceMs + 5);
    settle();
  };
  process.on("message", (m) => {
    if (m.t === "go" && waiting && m.seq === seq) { const w = waiting; waiting = null; w(); }
    else if (m.t === "gone") onGone(m);
    else if (m.t === "r0done") { r0done = true; endWait?.(); }
  });
  // Our own agent died: abort-stopping ranks carry on alone (LLaMA-Board SIGABRTs torchrun too);
  // others are taken down by the worker's orphan check.
  const agentGone = () => onGone({ clean: false, peer: env.MASTER_ADDR });
  process.on("disconnect", agentGone);
  if (!process.connected) agentGone();

  return {
    /** One collective (kind "init" before the first step, "step" for each optimizer step). */
    sync(kind) {
      phase = "train";
      where = kind;
      seq += 1;
      const p = new Promise((resolve) => { waiting = resolve; });
      up({ t: "arrive", seq });
      if (!process.connected) agentGone();
      settle();
      return p;
    },
    /** Out of the training loop: no more collectives from this rank. */
    leave() { if (phase !== "post") { phase = "post"; up({ t: "leave" }); } },
    /** Non-zero ranks end with rank 0 (or as soon as the group is gone). */
    finish() {
      this.leave();
      if (rank === 0 || r0done || broken || !process.connected) return Promise.resolve();
      return new Promise((resolve) => { endWait = resolve; });
    },
  };
}
