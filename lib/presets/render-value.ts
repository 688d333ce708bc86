// Writes values the way LF's example files do and the way every YAML reader LF users meet agrees on:
// floats keep a dot in the mantissa (`1.0e-4`; PyYAML reads `1e-4` as a string), and strings that
// would read back as something else (yes, 010, 1:20, null, 1e-4) are quoted.
import YAML from "yaml";

const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

function readsBackAs(text: string, expected: string): boolean {
  try {
    return YAML.parse(`k: ${text}`, { version: "1.1" })?.k === expected && YAML.parse(`k: ${text}`)?.k === expected;
  } catch {
    return false;
  }
}

function renderString(v: string, flow: boolean): string {
  const plain =
    v.length > 0 && v.length <= 1000 && v.trim() === v && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(v) && !INDICATOR.test(v) &&
    !v.includes(": ") && !v.includes(" #") && !v.endsWith(":") && !(flow && /[,[\]{}]/.test(v)) && readsBackAs(v, v);
  return plain ? v : JSON.stringify(v);
}

export function renderNumber(v: number): string {
  if (Number.isNaN(v)) return ".nan";
  if (!Number.isFinite(v)) return v > 0 ? ".inf" : "-.inf";
  const abs = Math.abs(v);
  if (Number.isInteger(v) && abs < 1e16) return String(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e16)) {
    const [mantissa, exp] = v.toExponential().split("e") as [string, string];
    return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}e${exp.replace("+", "")}`;
  }
  return String(v);
}

/** HF/LF float fields; whole numbers are written `3.0` there, as LF's examples do. */
export const FLOAT_KEYS = new Set(["learning_rate", "num_train_epochs", "max_grad_norm", "warmup_ratio", "weight_decay",
  "lora_dropout", "adam_beta1", "adam_beta2", "adam_epsilon", "pref_beta", "pref_ftx", "label_smoothing_factor"]);

/** Like renderValue, with float keys keeping a decimal point. */
export function renderValueFor(key: string, v: unknown): string {
  return typeof v === "number" && Number.isInteger(v) && FLOAT_KEYS.has(key) && Math.abs(v) < 1e16 ? `${v}.0` : renderValue(v);
}

/** One-line YAML for a value; mappings and lists use flow style so a key always stays on one line. */
export function renderValue(v: unknown, flow = false): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return renderNumber(v);
  if (typeof v === "string") return renderString(v, flow);
  if (Array.isArray(v)) return `[${v.map((x) => renderValue(x, true)).join(", ")}]`;
  if (typeof v === "object") {
    const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${renderString(k, true)}: ${renderValue(x, true)}`);
    return `{${parts.join(", ")}}`;
  }
  throw new Error(`cannot write a ${typeof v} value to YAML`);
}
