#!/usr/bin/node
// Simulated nvidia-smi: the host's GPUs from ~/.sim/host.json, memory/utilization from the live
// simulated processes registered in ~/.sim/gpus (a dead pid frees its GPU).
import crypto from "node:crypto";
import { listHolders, readHost } from "./lib/host-config.mjs";

process.stdout.on("error", () => {});
const host = readHost();
const holders = listHolders();
const uuid = (i) => {
  const h = crypto.createHash("md5").update(`${host.gpus[i].name}-${i}-${process.env.USER ?? ""}`).digest("hex");
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const busId = (i) => `00000000:${(0x07 + i * 0x10).toString(16).toUpperCase().padStart(2, "0")}:00.0`;
const gpus = host.gpus.map((g, i) => {
  const mine = holders.filter((h) => h.index === i);
  const used = mine.reduce((s, h) => s + h.memoryMiB, 0);
  const util = mine.length ? Math.min(100, Math.max(...mine.map((h) => h.utilization ?? 0)) + (mine.some((h) => h.utilization > 0) ? Math.floor(Math.random() * 3) : 0)) : 0;
  return { index: i, name: g.name, total: g.memoryMiB, used: Math.min(g.memoryMiB, used), util, procs: mine, temp: 30 + Math.round(util * 0.4), power: Math.round(60 + util * 3.2) };
});

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes("=") ? args[i].split("=").slice(1).join("=") : args[i + 1];
};
let ids = opt("id") ?? (args.includes("-i") ? args[args.indexOf("-i") + 1] : undefined);
let selected = gpus;
if (ids !== undefined) {
  const want = ids.split(",").map(Number);
  if (want.some((n) => !gpus[n])) { console.log(`No devices were found`); process.exit(6); }
  selected = gpus.filter((g) => want.includes(g.index));
}
const format = (opt("format") ?? "").split(",").map((s) => s.trim());
const noheader = format.includes("noheader");
const nounits = format.includes("nounits");

const GPU_FIELDS = {
  index: [(g) => g.index, ""], name: [(g) => g.name, ""], uuid: [(g) => uuid(g.index), ""], "pci.bus_id": [(g) => busId(g.index), ""],
  "memory.total": [(g) => g.total, " MiB"], "memory.used": [(g) => g.used, " MiB"], "memory.free": [(g) => g.total - g.used, " MiB"],
  "utilization.gpu": [(g) => g.util, " %"], "utilization.memory": [(g) => Math.round((g.used / g.total) * 100), " %"],
  "temperature.gpu": [(g) => g.temp, ""], "power.draw": [(g) => `${g.power.toFixed(2)}`, " W"], count: [() => gpus.length, ""],
  driver_version: [() => "570.133.20", ""],
};
const APP_FIELDS = {
  pid: [(p) => p.pid, ""], process_name: [() => "python", ""], used_memory: [(p) => p.memoryMiB, " MiB"], used_gpu_memory: [(p) => p.memoryMiB, " MiB"],
  gpu_uuid: [(p) => uuid(p.index), ""], gpu_bus_id: [(p) => busId(p.index), ""], gpu_name: [(p) => host.gpus[p.index].name, ""],
};

function query(spec, table, rows) {
  const fields = spec.split(",").map((s) => s.trim()).filter(Boolean);
  for (const f of fields) if (!table[f]) { console.log(`Field "${f}" is not a valid field to query.\n`); process.exit(2); }
  if (!noheader) console.log(fields.map((f) => (table[f][1] && !nounits ? `${f} [${table[f][1].trim()}]` : f)).join(", "));
  for (const r of rows) console.log(fields.map((f) => `${table[f][0](r)}${nounits ? "" : table[f][1]}`).join(", "));
}

const qg = opt("query-gpu");
const qa = opt("query-compute-apps");
if (qg) query(qg, GPU_FIELDS, selected);
else if (qa) query(qa, APP_FIELDS, selected.flatMap((g) => g.procs));
else if (args.includes("-L") || args.includes("--list-gpus")) selected.forEach((g) => console.log(`GPU ${g.index}: ${g.name} (UUID: ${uuid(g.index)})`));
else if (args.length && !args.every((a) => a === "-i" || a.startsWith("--id") || /^\d/.test(a))) {
  console.log(`Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n`);
  process.exit(2);
} else {
  const W = 89;
  const line = (l, m, r) => `|${l}|${m}|${r}|`;
  const fill = (l, r, w) => l + " ".repeat(Math.max(1, w - l.length - r.length)) + r;
  const out = [];
  out.push(`${new Date().toString().slice(0, 24)}       `);
  out.push(`+${"-".repeat(W)}+`);
  out.push(`| NVIDIA-SMI 570.133.20             Driver Version: 570.133.20     CUDA Version: 12.8     |`);
  out.push(`|-----------------------------------------+------------------------+----------------------+`);
  out.push(`| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |`);
  out.push(`| Fan  Temp   Perf          Pwr:Usage/Cap |           Memory-Usage | GPU-Util  Compute M. |`);
  out.push(`|                                         |                        |               MIG M. |`);
  out.push(`|=========================================+========================+======================|`);
  for (const g of selected) {
    out.push(line(fill(` ${String(g.index).padStart(3)}  ${g.name.slice(0, 28)}`, "On  ", 41), `   ${busId(g.index)} Off `, `${"0".padStart(21)} `));
    out.push(line(fill(` N/A   ${String(g.temp).padStart(2)}C    P0`, `${g.power}W /  400W `, 41), ` ${`${g.used}MiB /  ${g.total}MiB`.padStart(22)} `, fill(` ${`${g.util}%`.padStart(8)}`, "Default ", 22)));
    out.push(line(" ".repeat(41), " ".repeat(24), `${"Disabled".padStart(21)} `));
    out.push(`+-----------------------------------------+------------------------+----------------------+`);
  }
  out.push(" ".repeat(W + 2));
  out.push(`+${"-".repeat(W)}+`);
  out.push(`| Processes:${" ".repeat(W - 11)}|`);
  out.push(`|  GPU   GI   CI              PID   Type   Process name                        GPU Memory |`);
  out.push(`|        ID   ID                                                               Usage      |`);
  out.push(`|${"=".repeat(W)}|`);
  const procs = selected.flatMap((g) => g.procs);
  if (!procs.length) out.push(`|  No running processes found${" ".repeat(W - 28)}|`);
  for (const p of procs) out.push(`| ${String(p.index).padStart(4)}   N/A  N/A  ${String(p.pid).padStart(15)}      C   ${"python".padEnd(34)} ${`${p.memoryMiB}MiB`.padStart(10)} |`);
  out.push(`+${"-".repeat(W)}+`);
  console.log(out.join("\n"));
}
