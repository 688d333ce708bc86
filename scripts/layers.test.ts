// One dependency direction: app/ and workers/ import lib/; lib/ imports neither; workers/ never imports app/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const FORBIDDEN: Record<string, string[]> = { lib: ["app", "workers"], workers: ["app"] };

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) yield p;
  }
}

/** The top-level folder an import specifier lands in, or null for packages. */
export function importTarget(fromFile: string, spec: string): string | null {
  let abs: string;
  if (spec.startsWith("@/")) abs = join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) abs = resolve(dirname(fromFile), spec);
  else return null;
  return relative(ROOT, abs).split(/[\\/]/)[0] ?? null;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;

test("importTarget resolves aliases and relative paths", () => {
  assert.equal(importTarget(join(ROOT, "lib/a/b.ts"), "@/app/x"), "app");
  assert.equal(importTarget(join(ROOT, "lib/a/b.ts"), "../../workers/y"), "workers");
  assert.equal(importTarget(join(ROOT, "lib/a/b.ts"), "./c"), "lib");
  assert.equal(importTarget(join(ROOT, "lib/a/b.ts"), "zod"), null);
});

for (const [layer, banned] of Object.entries(FORBIDDEN)) {
  test(`${layer}/ imports none of ${banned.join(", ")}`, () => {
    const offences: string[] = [];
    for (const file of sourceFiles(join(ROOT, layer))) {
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        const target = importTarget(file, spec);
        if (target && banned.includes(target)) offences.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(offences, []);
  });
}
