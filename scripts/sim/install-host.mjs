#!/usr/bin/env node
// Installs the simulated LLaMA-Factory into a sandbox home the way teams install the real one: the
// CLI lives in a venv (or a conda env) that is NOT on the login PATH, next to an LF checkout with its
// own data/dataset_info.json and examples/deepspeed. nvidia-smi (a driver tool) goes on the login PATH.
//   node install-host.mjs --home DIR [--layout venv|conda] [--lf-version V] [--transformers V] [--torch V] [--no-nvidia-smi]
// Prints the runtime profile a user would write for this layout, as JSON.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { writeLfCheckout } from "./lib/lf-checkout.mjs";
import { acceptedKeys } from "./lib/key-set.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: {
  home: { type: "string" }, layout: { type: "string", default: "venv" }, "lf-version": { type: "string", default: "0.9.6.dev0" },
  transformers: { type: "string", default: "4.57.1" }, torch: { type: "string", default: "2.8.0+cu128" }, "no-nvidia-smi": { type: "boolean", default: false },
} });
const die = (m) => { process.stderr.write(`install-host: ${m}\n`); process.exit(2); };
if (!values.home || !path.isAbsolute(values.home)) die("--home must be an absolute path");
if (!["venv", "conda"].includes(values.layout)) die(`--layout must be venv or conda (got ${values.layout})`);
for (const k of ["lf-version", "transformers", "torch"]) if (!/^[0-9A-Za-z.+-]{1,40}$/.test(values[k])) die(`--${k} is not a version`);
const home = values.home;
const node = process.execPath;

function copyApp(dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(path.join(dest, "lib"), { recursive: true });
  for (const f of fs.readdirSync(here)) if (f.endsWith(".mjs") && f !== "install-host.mjs") fs.copyFileSync(path.join(here, f), path.join(dest, f));
  for (const f of fs.readdirSync(path.join(here, "lib"))) if (f.endsWith(".mjs")) fs.copyFileSync(path.join(here, "lib", f), path.join(dest, "lib", f));
}
const wrapper = (script) => `#!/bin/sh\nexec ${node} "${script}" "$@"\n`;
function writeExe(file, body) { fs.writeFileSync(file, body); fs.chmodSync(file, 0o755); }

const lfDir = path.join(home, "LLaMA-Factory");
writeLfCheckout(lfDir);
fs.mkdirSync(path.join(lfDir, "src", "llamafactory", "extras"), { recursive: true });
fs.writeFileSync(path.join(lfDir, "src", "llamafactory", "extras", "env.py"), `VERSION = "${values["lf-version"]}"\n`);

let prefix, activation;
if (values.layout === "venv") {
  prefix = path.join(lfDir, ".venv");
  activation = "source ~/LLaMA-Factory/.venv/bin/activate";
} else {
  prefix = path.join(home, "miniconda3", "envs", "lf");
  activation = "source ~/miniconda3/bin/activate lf";
}
fs.mkdirSync(path.join(prefix, "bin"), { recursive: true });
const app = path.join(prefix, "share", "ffsim");
copyApp(app);
// The HfArgumentParser of this LF + transformers accepts exactly these keys (null: the built-in set).
const keys = acceptedKeys(path.resolve(here, "../../lib/presets/lf-keys.generated.ts"), values["lf-version"], values.transformers);
fs.writeFileSync(path.join(app, "versions.json"), JSON.stringify({ llamafactory: values["lf-version"], transformers: values.transformers, torch: values.torch, keys }) + "\n");
for (const f of ["llamafactory-cli", "lmf"]) writeExe(path.join(prefix, "bin", f), wrapper(path.join(app, "llamafactory-cli.mjs")));
writeExe(path.join(prefix, "bin", "torchrun"), wrapper(path.join(app, "torchrun.mjs")));
if (values.layout === "venv") {
  writeExe(path.join(prefix, "bin", "activate"), [
    "# This file must be used with \"source bin/activate\" *from bash*",
    `VIRTUAL_ENV="${prefix}"`, "export VIRTUAL_ENV",
    "_OLD_VIRTUAL_PATH=\"$PATH\"", "PATH=\"$VIRTUAL_ENV/bin:$PATH\"", "export PATH",
    "VIRTUAL_ENV_PROMPT=\"(.venv) \"", "export VIRTUAL_ENV_PROMPT", "hash -r 2>/dev/null", ""].join("\n"));
} else {
  const root = path.join(home, "miniconda3");
  fs.mkdirSync(path.join(root, "bin"), { recursive: true });
  writeExe(path.join(root, "bin", "activate"), [
    "# conda's activate: `source activate ENV` puts ENV's bin first on PATH",
    "_ff_env=\"${1:-base}\"",
    `if [ "$_ff_env" = base ]; then _ff_prefix="${root}"; else _ff_prefix="${root}/envs/$_ff_env"; fi`,
    "if [ ! -d \"$_ff_prefix\" ]; then echo \"EnvironmentNameNotFound: Could not find conda environment: $_ff_env\" >&2; return 1 2>/dev/null || exit 1; fi",
    `CONDA_PREFIX="$_ff_prefix"; CONDA_DEFAULT_ENV="$_ff_env"; PATH="$_ff_prefix/bin:${root}/bin:$PATH"`,
    "export CONDA_PREFIX CONDA_DEFAULT_ENV PATH", "unset _ff_env _ff_prefix", "hash -r 2>/dev/null", ""].join("\n"));
}

// The driver's nvidia-smi is on the login PATH (it does not live in any Python env).
fs.mkdirSync(path.join(home, "bin"), { recursive: true });
const driver = path.join(home, ".sim", "driver");
copyApp(driver);
for (const f of ["llamafactory-cli", "lmf", "torchrun", "nvidia-smi"]) fs.rmSync(path.join(home, "bin", f), { force: true });
fs.rmSync(path.join(home, ".sim", "app"), { recursive: true, force: true });
if (!values["no-nvidia-smi"]) writeExe(path.join(home, "bin", "nvidia-smi"), wrapper(path.join(driver, "nvidia-smi.mjs")));

process.stdout.write(JSON.stringify({ layout: values.layout, activation, lfDir: "~/LLaMA-Factory", runsDir: "~/ffloor-runs", lfVersion: values["lf-version"] }) + "\n");
