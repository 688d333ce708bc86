// read_args(): a .yaml/.yml/.json path plus OmegaConf dotlist overrides, or HF argparse "--key value".
import fs from "node:fs";
import path from "node:path";
import { parseDotlist, parseScalar, parseYaml, untag, YamlError } from "./mini-yaml.mjs";
import { ENTRY_FRAMES, LF, PyError, SITE } from "./py-error.mjs";

const READ_FRAMES = [...ENTRY_FRAMES, [`${LF}/train/tuner.py`, 101, "run_exp", "args = read_args(args)"]];

function deepMerge(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object" ? deepMerge(out[k], v) : v;
  }
  return out;
}

/** @param {string[]} argv the arguments after "train" */
export function readArgs(argv, cwd) {
  const first = argv[0];
  if (first && /\.(ya?ml|json)$/.test(first)) {
    const file = path.resolve(cwd, first);
    let text;
    try { text = fs.readFileSync(file, "utf8"); }
    catch {
      throw new PyError("FileNotFoundError", `[Errno 2] No such file or directory: '${first}'`, [...READ_FRAMES,
        [`${LF}/hparams/parser.py`, 61, "read_args", "dict_config = OmegaConf.load(Path(sys.argv[1]).absolute())"],
        [`${SITE}/omegaconf/omegaconf.py`, 189, "load", "with io.open(os.path.abspath(file_), \"r\", encoding=\"utf-8\") as f:"]]);
    }
    let base;
    try {
      base = first.endsWith(".json") ? JSON.parse(text) : untag(parseYaml(text));
      if (base === null || typeof base !== "object" || Array.isArray(base)) throw new YamlError("top level is not a mapping");
    } catch (e) {
      throw new PyError("yaml.scanner.ScannerError", `while parsing ${first}: ${e.message}`, [...READ_FRAMES,
        [`${LF}/hparams/parser.py`, 61, "read_args", "dict_config = OmegaConf.load(Path(sys.argv[1]).absolute())"]]);
    }
    let over;
    try { over = untag(parseDotlist(argv.slice(1))); }
    catch (e) {
      throw new PyError("omegaconf.errors.GrammarParseError", e.message, [...READ_FRAMES,
        [`${LF}/hparams/parser.py`, 62, "read_args", "cli_config = OmegaConf.from_cli(sys.argv[2:])"]]);
    }
    return deepMerge(base, over);
  }
  // HF argparse style: --key value / --flag
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      throw new PyError("ValueError", `Some specified arguments are not used by the HfArgumentParser: ['${argv.slice(i).join("', '")}']`, READ_FRAMES);
    }
    const [k, inline] = a.slice(2).split(/=(.*)/s);
    if (inline !== undefined) out[k] = untag(parseScalar(inline));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out[k] = untag(parseScalar(argv[++i]));
    else out[k] = true;
  }
  return out;
}

/** Python json.loads accepts NaN/Infinity; JSON.parse does not. */
export function parsePyJson(text) {
  const marked = text.replace(/([:\[,]\s*)(NaN|-Infinity|Infinity)(?=\s*[,\]}])/g, (_, pre, tok) => `${pre}"__py_${tok}__"`);
  return JSON.parse(marked, (_, v) => (v === "__py_NaN__" ? NaN : v === "__py_Infinity__" ? Infinity : v === "__py_-Infinity__" ? -Infinity : v));
}
