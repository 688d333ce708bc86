// JSON-lines logger with a subsystem tag. Keys that could carry secrets are redacted, because log
// lines end up in files and terminals that are less protected than the database.
type TLevel = "debug" | "info" | "warn" | "error";
type TFields = Record<string, unknown>;

const SECRET_KEY = /(private.?key|password|secret|token|cookie)/i;

function clean(fields: TFields): TFields {
  const out: TFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY.test(k)) out[k] = "[redacted]";
    else if (v instanceof Error) out[k] = { message: v.message, name: v.name, stack: v.stack };
    else if (typeof v === "bigint") out[k] = v.toString();
    else out[k] = v;
  }
  return out;
}

export type TLogger = {
  [L in TLevel]: (msg: string, fields?: TFields) => void;
} & { child(fields: TFields): TLogger };

export function createLogger(subsystem: string, bound: TFields = {}): TLogger {
  const write = (level: TLevel) => (msg: string, fields: TFields = {}) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, subsystem, msg, ...clean({ ...bound, ...fields }) });
    (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (fields) => createLogger(subsystem, { ...bound, ...fields }),
  };
}
