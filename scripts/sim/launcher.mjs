#!/usr/bin/node
// llamafactory/launcher.py as torchrun runs it: one training rank per process.
import { runWorker } from "./lib/train-worker.mjs";

process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
const argv = process.argv.slice(2);
const rest = argv[0] === "train" ? argv.slice(1) : argv;
await runWorker({
  argv: rest,
  rank: Number(process.env.RANK ?? 0),
  world: Number(process.env.WORLD_SIZE ?? 1),
  localRank: Number(process.env.LOCAL_RANK ?? 0),
  env: process.env,
  cwd: process.cwd(),
});
process.exit(process.exitCode ?? 0);
