import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCellsSql, buildCountSql, buildPageSql, likePattern } from "@/lib/runs-table/build-table-sql";
import { parseTableState } from "@/lib/runs-table/table-state";

test("search text is a bound LIKE pattern with its wildcards escaped", () => {
  assert.equal(likePattern("lr_1e-4 100%"), "%lr\\_1e-4 100\\%%");
  const s = parseTableState({ q: "x'; DROP TABLE runs; --" });
  const sql = buildPageSql(s, { limit: 51, offset: 0 });
  assert.ok(!sql.text.includes("DROP"), "user text never enters the SQL text");
  assert.ok(sql.values.includes("%x'; DROP TABLE runs; --%"));
});

test("sort by a hyperparameter orders by its number, then its text, then newest and id", () => {
  const sql = buildPageSql(parseTableState({ sort: "hp:learning_rate", dir: "desc" }), { limit: 11, offset: 20 });
  assert.match(sql.text, /jsonb_typeof\(r\.hparams->\$1\)/);
  assert.match(sql.text, /DESC NULLS LAST, r\.hparams->\$1 #>> '\{\}' DESC NULLS LAST, r\."createdAt" DESC, r\.id DESC/);
  assert.deepEqual(sql.values.slice(-2), [11, 20]);
});

test("metric aggregates read metric_blocks through one lateral join per column", () => {
  const sql = buildPageSql(parseTableState({ sort: "m:eval_loss:best" }), { limit: 5, offset: 0 });
  assert.match(sql.text, /FROM metric_blocks b WHERE b\."runId" = r\.id AND b\.kind = 'EVAL'/);
  const cells = buildCellsSql(["m:loss:max", "hp:lora_rank", "loss", "m:grad_norm:last"], ["a", "b"]);
  assert.deepEqual(cells.ids, ["m:loss:max", "hp:lora_rank", "m:grad_norm:last"], "builtins are not cells");
  assert.deepEqual(cells.raw, [false, true, false]);
  assert.match(cells.text, /WHEN m1\.nan THEN 'NaN'::float8 WHEN m1\.pinf THEN 'Infinity'::float8 ELSE m1\.mx END/);
  assert.match(cells.text, /p\."gradNorm" IS NOT NULL ORDER BY p\."offset" DESC LIMIT 1/);
});

test("filters combine with AND and count uses the same WHERE", () => {
  const s = parseTableState({ status: "RUNNING,FAILED", tag: "baseline", verdict: "none", host: "h1" });
  const c = buildCountSql(s);
  assert.match(c.text, /r\.status::text = ANY\(\$1\) AND r\."hostId" = \$2 AND r\.tags @> ARRAY\[\$3\]::text\[\] AND COALESCE\(r\.verdict, r\."liveVerdict"->>'verdict'\) IS NULL/);
  assert.deepEqual(c.values, [["RUNNING", "FAILED"], "h1", "baseline"]);
});
