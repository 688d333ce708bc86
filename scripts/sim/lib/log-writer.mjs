// LogCallback's writer: a single worker thread appending json lines. Writes are queued and
// asynchronous, and some lines land in two chunks, so a tailing reader can see a partial last line.
import fs from "node:fs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class TrainerLogWriter {
  constructor(file, { splitEvery = 7, splitGapMs = 30 } = {}) {
    this.file = file;
    this.chain = Promise.resolve();
    this.count = 0;
    this.splitEvery = splitEvery;
    this.splitGapMs = splitGapMs;
  }

  append(line) {
    const n = ++this.count;
    const text = `${line}\n`;
    this.chain = this.chain.then(async () => {
      if (this.splitEvery > 0 && n % this.splitEvery === 3) {
        const cut = Math.max(1, Math.floor(text.length * 0.6));
        fs.appendFileSync(this.file, text.slice(0, cut));
        await sleep(this.splitGapMs);
        fs.appendFileSync(this.file, text.slice(cut));
      } else {
        fs.appendFileSync(this.file, text);
      }
    });
    return this.chain;
  }

  /** on_train_end: thread_pool.shutdown(wait=True). */
  async close() { await this.chain; }
}
