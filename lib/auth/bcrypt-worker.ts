// bcrypt checks for hashes written before scrypt, in one long-lived worker thread: bcryptjs is pure
// JS, so on the main thread each check would stall every other request for its whole duration.
// Checks queue in the worker; the limiter in front keeps that queue short.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptPath);
parentPort.on("message", ({ id, plain, hash }) => {
  bcrypt.compare(plain, hash).then((ok) => parentPort.postMessage({ id, ok }), () => parentPort.postMessage({ id, ok: false }));
});`;

type TPending = { resolve: (ok: boolean) => void };
const g = globalThis as { ffBcryptWorker?: { worker: Worker; pending: Map<number, TPending>; nextId: number } };

function pool() {
  if (g.ffBcryptWorker) return g.ffBcryptWorker;
  const bcryptPath = createRequire(`${process.cwd()}/package.json`).resolve("bcryptjs");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
  const state = { worker, pending: new Map<number, TPending>(), nextId: 1 };
  worker.on("message", ({ id, ok }: { id: number; ok: boolean }) => {
    state.pending.get(id)?.resolve(ok);
    state.pending.delete(id);
    if (state.pending.size === 0) worker.unref(); // idle: must not keep a script or test process alive
  });
  const fail = () => {
    for (const p of state.pending.values()) p.resolve(false);
    if (g.ffBcryptWorker === state) g.ffBcryptWorker = undefined;
  };
  worker.on("error", fail);
  worker.on("exit", fail);
  g.ffBcryptWorker = state;
  return state;
}

export function verifyBcryptOffThread(plain: string, hash: string): Promise<boolean> {
  const p = pool();
  const id = p.nextId++;
  return new Promise((resolve) => {
    p.pending.set(id, { resolve });
    p.worker.ref();
    p.worker.postMessage({ id, plain, hash });
  });
}
