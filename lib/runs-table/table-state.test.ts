import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_COLUMNS, nextSort, parseColumnId, parseTableState, tableStateToQuery } from "@/lib/runs-table/table-state";

test("column ids: builtins, hyperparameters, metric aggregates and results parse; junk does not", () => {
  assert.deepEqual(parseColumnId("verdict"), { kind: "builtin", id: "verdict", name: "verdict" });
  assert.deepEqual(parseColumnId("hp:learning_rate"), { kind: "hparam", id: "hp:learning_rate", key: "learning_rate" });
  assert.deepEqual(parseColumnId("m:eval_loss:best"), { kind: "metric", id: "m:eval_loss:best", series: "eval_loss", agg: "best" });
  assert.deepEqual(parseColumnId("res:predict_bleu-4"), { kind: "result", id: "res:predict_bleu-4", key: "predict_bleu-4" });
  assert.equal(parseColumnId("m:learning_rate:best"), null, "lr has no better direction");
  assert.equal(parseColumnId("m:loss:mean"), null);
  assert.equal(parseColumnId("hp:a'b"), null, "quotes never reach SQL text");
  assert.equal(parseColumnId("hp:a:b"), null);
  assert.equal(parseColumnId("bogus"), null);
});

test("URL state: defaults, stale values dropped, round trip is canonical", () => {
  const d = parseTableState(new URLSearchParams(""));
  assert.equal(d.sort, "created");
  assert.equal(d.dir, "desc");
  assert.equal(d.page, 1);
  assert.equal(d.per, 50);
  assert.deepEqual(d.cols, DEFAULT_COLUMNS);
  assert.equal(tableStateToQuery(d), "");

  const s = parseTableState(new URLSearchParams("q=+lr+&status=RUNNING,NOPE&sort=m:loss:min&cols=hp:lr,bogus,hp:lr,m:loss:min&page=3&per=25&tag=base"));
  assert.equal(s.q, "lr");
  assert.deepEqual(s.status, ["RUNNING"]);
  assert.equal(s.sort, "m:loss:min");
  assert.equal(s.dir, "asc", "metrics sort ascending by default");
  assert.deepEqual(s.cols, ["hp:lr", "m:loss:min"], "unknown and repeated columns are dropped");
  assert.equal(s.page, 3);
  assert.equal(s.per, 25);
  const q = tableStateToQuery(s);
  assert.deepEqual(parseTableState(new URLSearchParams(q)), s);

  const bad = parseTableState({ sort: "drop table", page: "-4", per: "99999", dir: "sideways" });
  assert.equal(bad.sort, "created");
  assert.equal(bad.page, 1);
  assert.equal(bad.per, 50);
  assert.equal(bad.dir, "desc");
  assert.equal(parseTableState({ limit: "100" }).per, 100, "the REST API's limit is the page size");
});

test("header clicks: a new column sorts its natural way, the same one flips", () => {
  assert.deepEqual(nextSort({ sort: "created", dir: "desc" }, "hp:learning_rate"), { sort: "hp:learning_rate", dir: "asc" });
  assert.deepEqual(nextSort({ sort: "hp:learning_rate", dir: "asc" }, "hp:learning_rate"), { sort: "hp:learning_rate", dir: "desc" });
  assert.deepEqual(nextSort({ sort: "name", dir: "asc" }, "created"), { sort: "created", dir: "desc" });
});
