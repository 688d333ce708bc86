// Python-style exceptions and tracebacks: real LF failures are read by users (and our dashboard) as
// "Traceback (most recent call last): ... ValueError: <message>" on stderr followed by exit 1.

export const SITE = "/usr/local/lib/python3.11/site-packages";
const LF = `${SITE}/llamafactory`;

/** Frames from the console-script entry down to get_train_args: shared by most config errors. */
export const ENTRY_FRAMES = [
  ["/usr/local/bin/llamafactory-cli", 8, "<module>", "sys.exit(main())"],
  [`${LF}/cli.py`, 24, "main", "launcher.launch()"],
  [`${LF}/launcher.py`, 152, "launch", "run_exp()"],
  [`${LF}/train/tuner.py`, 110, "run_exp", "_training_function(config={\"args\": args, \"callbacks\": callbacks})"],
];
export const PARSE_FRAMES = [
  ...ENTRY_FRAMES,
  [`${LF}/train/tuner.py`, 72, "_training_function", "model_args, data_args, training_args, finetuning_args, generating_args = get_train_args(args)"],
];

export class PyError extends Error {
  /**
   * @param {string} type e.g. "ValueError"
   * @param {string} message text after "ValueError: "
   * @param {Array<[string, number, string, string]>} frames [file, line, func, code]
   * @param {PyError} [cause] printed first, then "The above exception was the direct cause..."
   */
  constructor(type, message, frames = PARSE_FRAMES, cause) {
    super(message);
    this.type = type;
    this.frames = frames;
    this.pyCause = cause;
  }
}

export function formatTraceback(err) {
  const parts = [];
  if (err.pyCause) {
    parts.push(formatTraceback(err.pyCause));
    parts.push("\nThe above exception was the direct cause of the following exception:\n\n");
  }
  let s = "Traceback (most recent call last):\n";
  for (const [file, line, fn, code] of err.frames) s += `  File "${file}", line ${line}, in ${fn}\n    ${code}\n`;
  s += err.message ? `${err.type}: ${err.message}\n` : `${err.type}\n`;
  parts.push(s);
  return parts.join("");
}

export const valueError = (msg, extra = []) =>
  new PyError("ValueError", msg, [...PARSE_FRAMES, [`${LF}/hparams/parser.py`, 268, "get_train_args", "raise ValueError(msg)"], ...extra]);

export { LF };
