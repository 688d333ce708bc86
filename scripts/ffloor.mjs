#!/usr/bin/env node
// The installable `ffloor` bin: runs the same CLI entry as `npm run -s cli --` through tsx, from any
// working directory (paths given on the command line stay relative to where the user is).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const tsxCli = require.resolve("tsx/cli");
const child = spawn(process.execPath, [tsxCli, "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "scripts/cli/index.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
