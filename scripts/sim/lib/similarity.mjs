// LF's ComputeSimilarity (train/sft/metric.py), without jieba/rouge_chinese/nltk: ROUGE-1/2/L F1 over
// whitespace words and a sentence BLEU-4 over characters (LF scores `list(label)` vs `list(pred)`,
// characters too) with smoothing method 3 (NIST geometric sequence). Each score is round(x * 100, 4)
// per sample; the reported value is the mean, as LF's _dump does.

function ngrams(tokens, n) {
  const m = new Map();
  for (let i = 0; i + n <= tokens.length; i++) {
    const k = tokens.slice(i, i + n).join("\u0001");
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function overlap(a, b) {
  let n = 0;
  for (const [k, c] of a) n += Math.min(c, b.get(k) ?? 0);
  return n;
}

function f1(hit, nPred, nRef) {
  if (hit === 0 || nPred === 0 || nRef === 0) return 0;
  const p = hit / nPred, r = hit / nRef;
  return (2 * p * r) / (p + r);
}

function lcs(a, b) {
  const dp = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(dp[j], dp[j - 1]);
      prev = tmp;
    }
  }
  return dp[b.length];
}

function bleu4(pred, ref) {
  const h = [...pred], r = [...ref];
  if (h.length === 0) return 0;
  let logSum = 0, invcnt = 1;
  for (let n = 1; n <= 4; n++) {
    const hn = ngrams(h, n);
    const total = Math.max(0, h.length - n + 1);
    const hit = overlap(hn, ngrams(r, n));
    let p;
    if (total === 0) p = 0;
    else if (hit === 0) { invcnt *= 2; p = 1 / (invcnt * total); }
    else p = hit / total;
    if (p === 0) return 0;
    logSum += Math.log(p) / 4;
  }
  const bp = h.length > r.length ? 1 : Math.exp(1 - r.length / h.length);
  return bp * Math.exp(logSum);
}

const r4 = (x) => Math.round(x * 100 * 10000) / 10000;

/** Per-sample scores as LF appends them to score_dict. */
export function similarity(pred, label) {
  const hp = pred.split(/\s+/).filter(Boolean), rf = label.split(/\s+/).filter(Boolean);
  if (hp.length === 0 || rf.length === 0) return { "rouge-1": 0, "rouge-2": 0, "rouge-l": 0, "bleu-4": r4(bleu4(pred, label)) };
  const r1 = f1(overlap(ngrams(hp, 1), ngrams(rf, 1)), hp.length, rf.length);
  const r2 = f1(overlap(ngrams(hp, 2), ngrams(rf, 2)), Math.max(0, hp.length - 1), Math.max(0, rf.length - 1));
  const rl = f1(lcs(hp, rf), hp.length, rf.length);
  return { "rouge-1": r4(r1), "rouge-2": r4(r2), "rouge-l": r4(rl), "bleu-4": r4(bleu4(pred, label)) };
}

export function meanScores(rows) {
  const out = { "rouge-1": 0, "rouge-2": 0, "rouge-l": 0, "bleu-4": 0 };
  if (rows.length === 0) return out;
  for (const r of rows) for (const k of Object.keys(out)) out[k] += r[k];
  for (const k of Object.keys(out)) out[k] /= rows.length;
  return out;
}
