// Python-faithful text formatting: the simulator's files must be byte-compatible with what CPython's
// json.dumps / repr / "{:.4g}" / str(timedelta) print, because the dashboard's parsers are tested on them.

/** repr(float): shortest round-trip digits, scientific when exponent < -4 or >= 16, always a "." or "e". */
export function pyFloat(x) {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let out;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (exp < 0) {
    out = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    out = `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${out}` : out;
}

/** Marks a number that Python holds as an int (json.dumps prints it without ".0"). */
export class PyInt {
  constructor(v) { this.v = Math.trunc(v); }
}
export const int = (v) => new PyInt(v);

function dumpValue(v, indent, level, sortKeys, ascii = true) {
  if (v === null || v === undefined) return "null";
  if (v instanceof PyInt) return String(v.v);
  if (typeof v === "number") return pyFloat(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return ascii ? JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : JSON.stringify(v);
  const pad = indent === null ? "" : "\n" + " ".repeat(indent * (level + 1));
  const end = indent === null ? "" : "\n" + " ".repeat(indent * level);
  const sep = indent === null ? ", " : ",";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => pad + dumpValue(x, indent, level + 1, sortKeys, ascii)).join(sep)}${end}]`;
  }
  let keys = Object.keys(v).filter((k) => v[k] !== undefined);
  if (sortKeys) keys = keys.sort();
  if (keys.length === 0) return "{}";
  return `{${keys.map((k) => `${pad}${JSON.stringify(k)}: ${dumpValue(v[k], indent, level + 1, sortKeys, ascii)}`).join(sep)}${end}}`;
}

/**
 * json.dumps(obj, indent=?, sort_keys=?). JS numbers are floats unless wrapped with int().
 * @param {unknown} obj
 * @param {{ indent?: number | null, sortKeys?: boolean }} [opts]
 */
export function pyJson(obj, { indent = null, sortKeys = false, ensureAscii = true } = {}) {
  return dumpValue(obj, indent, 0, sortKeys, ensureAscii);
}

/** "{:.4g}".format(x) — what Trainer 5.x prints inside its console dict lines. */
export function pyG(x, p = 4) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  if (exp < -4 || exp >= p) {
    const [m, e] = x.toExponential(p - 1).split("e");
    const mm = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
    const en = Number(e);
    return `${mm}e${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(2, "0")}`;
  }
  const s = x.toFixed(Math.max(0, p - 1 - exp));
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** str(timedelta(seconds=int(s))): "0:01:23", "1 day, 2:03:04", "2 days, 0:00:01". */
export function pyTimedelta(seconds) {
  let s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const hms = `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  return days ? `${days} day${days === 1 ? "" : "s"}, ${hms}` : hms;
}

/** repr() of a Python list of str, as HfArgumentParser prints unused keys. */
export function pyStrList(items) {
  return `[${items.map((s) => `'${String(s).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`).join(", ")}]`;
}

/** The console dict line of Trainer 5.x: values formatted with .4g as strings, ints bare. */
export function pyLogDict(entries) {
  const parts = entries.map(([k, v]) => {
    if (v instanceof PyInt) return `'${k}': ${v.v}`;
    if (typeof v === "string") return `'${k}': '${v}'`;
    return `'${k}': '${pyG(v)}'`;
  });
  return `{${parts.join(", ")}}`;
}

export function nowStamp(d = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "1,234,567" as Python's f"{n:,}". */
export const commas = (n) => Math.trunc(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
