// A run whose process failed is "failed" whatever its curves say (a run that crashed before its first
// logged step would otherwise read as "learning"), with advice drawn from the error it printed
// (reference/llamafactory.md §4: config errors exit 1, signals 130/134/137/143).
export type TProcessFailure = { verdict: "failed"; reason: string; advice: string[] };

const PATTERNS: { re: RegExp; advice: string }[] = [
  { re: /out of memory|OutOfMemoryError|CUBLAS_STATUS_ALLOC_FAILED/i,
    advice: "GPU out of memory: lower per_device_train_batch_size (raise gradient_accumulation_steps to keep the effective batch), lower cutoff_len, or use LoRA/QLoRA (quantization_bit: 4)." },
  { re: /Some keys are not used by the HfArgumentParser/, advice: "The config has keys this LLaMA-Factory version does not know: remove or rename them in the preset." },
  { re: /Template \S+ does not exist/, advice: "Set template to one this LLaMA-Factory version knows (it must match the model family)." },
  { re: /Undefined dataset|Please specify dataset/, advice: "Check dataset: each name must be defined in dataset_info.json under dataset_dir on the host." },
  { re: /eval_dataset be provided or val_size|Cannot specify `val_size`/, advice: "Evaluation needs either val_size (e.g. 0.05) or eval_dataset, not both." },
  { re: /Output directory already exists/, advice: "The output directory is not empty: resume from it, or set overwrite_output_dir: true to start over." },
  { re: /require_version|pip install/, advice: "A dependency on the host has the wrong version: install what the error names (or set DISABLE_VERSION_CHECK=1 if you know it works)." },
  { re: /No such file or directory|does not appear to have a file|Can't load/i, advice: "A file or model path was not found on the host: check model_name_or_path and dataset_dir there." },
];

const SIGNALS: Record<number, string> = { 130: "SIGINT", 134: "SIGABRT", 137: "SIGKILL (often the kernel's out-of-memory killer)", 143: "SIGTERM" };

// The launcher and torchrun re-raise a worker's failure as their own: these lines say only that a child
// failed (reference/llamafactory.md §4: llamafactory-cli -> torchrun -> N python workers).
const WRAPPER = /ChildFailedError|CalledProcessError|torch\.distributed\.elastic|SignalException|^RuntimeError: .*\b(torchrun|elastic)\b/;
// A traceback's last line: `ValueError: msg`, `torch.OutOfMemoryError: msg`, `KeyboardInterrupt`, `AssertionError`.
const EXCEPTION = /^([A-Za-z_][\w]*\.)*[A-Z][\w]*(Error|Exception|Interrupt|Exit|Failure|Warning)(: .*)?$|^AssertionError$/;

const clip = (l: string) => (l.length > 240 ? `${l.slice(0, 237)}...` : l);

/**
 * The last Python exception line in a console tail that is not the torchrun/launcher wrapper, e.g.
 * `ValueError: Some keys are not used by the HfArgumentParser: ['learnig_rate']`. Rank prefixes
 * (`[rank0]: `) and carriage-return progress bars are stripped first. Null when there is none.
 */
export function lastExceptionLine(text: string | null | undefined): string | null {
  if (!text) return null;
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.replace(/^\s*\[(default)?rank\d+\]:\s?/, "").trim()).filter(Boolean);
  const found = [...lines].reverse().find((l) => EXCEPTION.test(l) && !WRAPPER.test(l));
  return found ? clip(found) : null;
}

function lastErrorLine(excerpt: string | null): string | null {
  if (!excerpt) return null;
  const exc = lastExceptionLine(excerpt);
  if (exc) return exc;
  const lines = excerpt.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  const err = [...lines].reverse().find((l) => /(Error|Exception|error:)/.test(l) && !/^File "/.test(l) && !WRAPPER.test(l));
  const line = err ?? lines.at(-1) ?? null;
  return line ? clip(line) : null;
}

/** What a failed run keeps: the console's last lines, with the real exception first if it scrolled out of them. */
export function failureExcerpt(tail: string, keepLines = 30): { line: string | null; excerpt: string } {
  const clean = tail.replace(/\r(?!\n)/g, "\n");
  const last = clean.split("\n").slice(-keepLines).join("\n").trim();
  const line = lastExceptionLine(clean);
  return { line, excerpt: line && !lastExceptionLine(last) ? `${line}\n...\n${last}` : last };
}

export function describeProcessFailure(o: { exitCode: number | null; errorExcerpt: string | null; lastStep: number | null }): TProcessFailure {
  const code = o.exitCode === null ? "an unknown exit code" : SIGNALS[o.exitCode] ? `exit code ${o.exitCode} (${SIGNALS[o.exitCode]})` : `exit code ${o.exitCode}`;
  const when = o.lastStep === null ? "before its first logged step" : `after step ${o.lastStep}`;
  const err = lastErrorLine(o.errorExcerpt);
  const reason = `the training process failed ${when} with ${code}${err ? `: ${err}` : ""}`;
  const advice = PATTERNS.filter((p) => o.errorExcerpt && p.re.test(o.errorExcerpt)).map((p) => p.advice);
  if (advice.length === 0) advice.push("Read the console tail on this page for the cause, fix it in the preset or on the host, and launch again.");
  if (o.lastStep !== null) advice.push("Checkpoints saved before the failure can be resumed from.");
  return { verdict: "failed", reason, advice };
}
