// The ingest path's twin of the metric_blocks_merge_new trigger (migrations fast_ingest and
// nontrain_step_index): the same per-(kind, segment, 8 KiB block) aggregates, computed from points
// already in memory instead of by a 60-aggregate GROUP BY in Postgres. Values must match what the
// COPY stored: step and elapsed are rounded like the int4 encoder rounds them, and min/max order
// floats as Postgres does (NaN above everything, nulls ignored).
import type { TParsedPoint } from "@/lib/logs/types";

const SERIES = ["loss", "evalLoss", "lr", "gradNorm", "throughput"] as const;
type TSeries = (typeof SERIES)[number];

type TSeriesAgg = { mn: number | null; mx: number | null; sum: number | null; ct: number;
  nfN: number; nfStep: number | null; nfEpoch: number | null; nfEl: number | null; nfV: number | null };

export type TBlockAgg = {
  kind: TParsedPoint["kind"]; segment: number; blk: number; n: number;
  offLo: number; offHi: number; stepLo: number; stepHi: number;
  epochLo: number | null; epochHi: number | null; nEpoch: number;
  elLo: number | null; elHi: number | null; nEl: number;
  series: Record<TSeries, TSeriesAgg>;
};

/** Postgres float8 order: NaN sorts above +Infinity. */
function pgLess(a: number, b: number): boolean {
  if (a !== a) return false;
  if (b !== b) return true;
  return a < b;
}
const pgMin = (cur: number | null, v: number | null) => (v === null ? cur : cur === null || pgLess(v, cur) ? v : cur);
const pgMax = (cur: number | null, v: number | null) => (v === null ? cur : cur === null || pgLess(cur, v) ? v : cur);

const emptySeries = (): TSeriesAgg => ({ mn: null, mx: null, sum: null, ct: 0, nfN: 0, nfStep: null, nfEpoch: null, nfEl: null, nfV: null });

/** Accumulates points (any order, any number of calls) into their blocks. */
export class BlockFolder {
  private readonly blocks = new Map<string, TBlockAgg>();

  add(points: TParsedPoint[]): void {
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      const blk = Math.floor(p.offset / 8192);
      const key = `${p.kind}|${p.segment}|${blk}`;
      const step = Math.round(p.step);
      const el = p.elapsedS === null ? null : Math.round(p.elapsedS);
      let b = this.blocks.get(key);
      if (!b) {
        b = { kind: p.kind, segment: p.segment, blk, n: 0, offLo: p.offset, offHi: p.offset, stepLo: step, stepHi: step,
          epochLo: null, epochHi: null, nEpoch: 0, elLo: null, elHi: null, nEl: 0,
          series: { loss: emptySeries(), evalLoss: emptySeries(), lr: emptySeries(), gradNorm: emptySeries(), throughput: emptySeries() } };
        this.blocks.set(key, b);
      }
      b.n++;
      if (p.offset < b.offLo) b.offLo = p.offset;
      if (p.offset > b.offHi) b.offHi = p.offset;
      if (step < b.stepLo) b.stepLo = step;
      if (step > b.stepHi) b.stepHi = step;
      if (p.epoch !== null) { b.nEpoch++; b.epochLo = pgMin(b.epochLo, p.epoch); b.epochHi = pgMax(b.epochHi, p.epoch); }
      if (el !== null) { b.nEl++; b.elLo = pgMin(b.elLo, el); b.elHi = pgMax(b.elHi, el); }
      for (const name of SERIES) {
        const v = p[name];
        if (v === null) continue;
        const s = b.series[name];
        if (Number.isFinite(v)) {
          s.ct++;
          s.sum = s.sum === null ? v : s.sum + v;
          s.mn = pgMin(s.mn, v);
          s.mx = pgMax(s.mx, v);
        } else {
          s.nfN++;
          s.nfStep = pgMin(s.nfStep, step);
          s.nfEpoch = pgMin(s.nfEpoch, p.epoch);
          s.nfEl = pgMin(s.nfEl, el);
          s.nfV = pgMax(s.nfV, v);
        }
      }
    }
  }

  get size(): number { return this.blocks.size; }

  values(): TBlockAgg[] { return [...this.blocks.values()]; }

  /** The blocks as binary COPY tuples (header and trailer included) in BLOCK_COLUMNS order. */
  encodeCopy(runId: string): Buffer {
    const id = Buffer.from(runId, "utf8");
    const blocks = this.values();
    const fields = 15 + SERIES.length * 9;
    const buf = Buffer.allocUnsafe(19 + blocks.length * (2 + fields * 12 + id.length + 7) + 2);
    let pos = SIGNATURE.copy(buf, 0);
    pos = buf.writeInt32BE(0, pos);
    pos = buf.writeInt32BE(0, pos);
    const bytes = (b: Buffer) => { pos = buf.writeInt32BE(b.length, pos); pos += b.copy(buf, pos); };
    const int4 = (v: number | null) => {
      if (v === null) { pos = buf.writeInt32BE(-1, pos); return; }
      pos = buf.writeInt32BE(4, pos); pos = buf.writeInt32BE(v, pos);
    };
    const int8 = (v: number) => { pos = buf.writeInt32BE(8, pos); pos = buf.writeBigInt64BE(BigInt(v), pos); };
    const float8 = (v: number | null) => {
      if (v === null) { pos = buf.writeInt32BE(-1, pos); return; }
      pos = buf.writeInt32BE(8, pos); pos = buf.writeDoubleBE(v, pos);
    };
    for (const b of blocks) {
      pos = buf.writeInt16BE(fields, pos);
      bytes(id); bytes(Buffer.from(b.kind)); int4(b.segment); int4(b.blk); int4(b.n); int8(b.offLo); int8(b.offHi);
      int4(b.stepLo); int4(b.stepHi); float8(b.epochLo); float8(b.epochHi); int4(b.nEpoch); int4(b.elLo); int4(b.elHi); int4(b.nEl);
      for (const name of SERIES) {
        const x = b.series[name];
        float8(x.mn); float8(x.mx); float8(x.sum); int4(x.ct); int4(x.nfN); int4(x.nfStep); float8(x.nfEpoch); int4(x.nfEl); float8(x.nfV);
      }
    }
    pos = buf.writeInt16BE(-1, pos);
    return buf.subarray(0, pos);
  }
}

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/** metric_blocks columns in the order encodeCopy writes them. */
export const BLOCK_COLUMNS = [
  "runId", "kind", "segment", "blk", "n", "offLo", "offHi", "stepLo", "stepHi", "epochLo", "epochHi", "nEpoch", "elLo", "elHi", "nEl",
  ...SERIES.flatMap((n) => ["Mn", "Mx", "Sum", "Ct", "NfN", "NfStep", "NfEpoch", "NfEl", "NfV"].map((c) => `${n}${c}`)),
].map((c) => `"${c}"`).join(",");
