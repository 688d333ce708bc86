// Bench input: trainer_log.jsonl text in LLaMA-Factory's LogCallback format (key order, a train line
// every logging step, an eval line every 50th, bare NaN in the tail when asked).
export function syntheticTrainerLog(lines: number, o: { nanFrom?: number } = {}): string {
  const total = lines;
  const out: string[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const hms = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  for (let i = 1; i <= lines; i++) {
    const step = i * 5;
    const t = i / total;
    const el = Math.round(step * 0.4);
    const common = `"current_steps": ${step}, "total_steps": ${total * 5}`;
    const tail = `"epoch": ${t * 3}, "percentage": ${(t * 100).toFixed(2)}, "elapsed_time": "${hms(el)}", "remaining_time": "${hms(Math.round((total * 5 - step) * 0.4))}", "throughput": ${(3000 + rnd() * 50).toFixed(2)}, "total_tokens": ${step * 2048}`;
    if (i % 50 === 0) out.push(`{${common}, "eval_loss": ${o.nanFrom && i >= o.nanFrom ? "NaN" : 2.6 * Math.exp(-3 * t) + 0.7}, ${tail}}`);
    else out.push(`{${common}, "loss": ${o.nanFrom && i >= o.nanFrom ? "NaN" : (2.5 * Math.exp(-3 * t) + 0.6 + (rnd() - 0.5) * 0.2).toFixed(4)}, "lr": ${5e-5 * (0.5 + 0.5 * Math.cos(Math.PI * t))}, ${tail}}`);
  }
  return out.join("\n") + "\n";
}
