// ~400 hostile values (every shape 16 times) in run names and overrides: each is either refused with a validation error
// naming the field, or stored as inert text. A sample of the accepted ones is launched on the real
// sandbox sshd, and afterwards nothing exists on the host outside the run folders.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { superviseHost } from "@/lib/runs/supervise-host";
import { requestStop } from "@/lib/runs/request-stop";
import { killRun } from "@/lib/runs/kill-run";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";

let fx: TRunFixture;
before(async () => {
  fx = await setupRunFixture({ port: 22351, gpus: 2, stepSeconds: 0.005, tag: "hostile" });
});
after(async () => {
  await closeAllHostConnections();
  await fx.cleanup();
  await closeQueues();
  await prisma.$disconnect();
});

function hostileValues(): string[] {
  const mark = (i: number) => `/tmp/ffh4-pwned-${i}`;
  const shapes = [
    (m: string) => `$(touch ${m})`,
    (m: string) => `\`touch ${m}\``,
    (m: string) => `x; touch ${m}`,
    (m: string) => `x && touch ${m}`,
    (m: string) => `x | tee ${m}`,
    (m: string) => `x > ${m}`,
    (m: string) => `x\ntouch ${m}`,
    (m: string) => `x\r\ntouch ${m}`,
    (m: string) => `'; touch ${m}; '`,
    (m: string) => `"; touch ${m}; "`,
    (m: string) => `$(touch${"${IFS}"}${m})`,
    (m: string) => `../../../..${m}`,
    (m: string) => `\\$(touch ${m})`,
    (m: string) => `{a: $(touch ${m})}`,
    (m: string) => `[$(touch ${m})]`,
    (m: string) => `x # $(touch ${m})`,
    (m: string) => `&& touch ${m} &`,
    (m: string) => `$((1+1))$(touch ${m})`,
    (m: string) => `é中文🚀 $(touch ${m})`,
    (m: string) => `x\u0000$(touch ${m})`,
    (m: string) => `${"A".repeat(5000)}$(touch ${m})`,
    (m: string) => `-oProxyCommand=touch ${m}`,
    (m: string) => `*; touch ${m}`,
    (m: string) => `!!; touch ${m}`,
    (m: string) => `%s%n$(touch ${m})`,
  ];
  const out: string[] = [];
  for (let i = 0; out.length < 400; i++) out.push(shapes[i % shapes.length]!(mark(i)));
  return out;
}

test("400 hostile names and overrides: validation errors or inert text, nothing executed on the host", { timeout: 300_000 }, async () => {
  const before = fx.sshd.sh(`cd $HOME && find . -path ./ffloor-runs -prune -o -print | sort`);
  const values = hostileValues();
  let refused = 0;
  const accepted: { runId: string; value: string }[] = [];
  for (const [i, v] of values.entries()) {
    const variants = [
      { name: v, overrides: [] as string[] },
      { name: `hostile ${i}`, overrides: [`run_name=${v}`] },
      { name: `hostile key ${i}`, overrides: [`${v}=1`] },
      { name: `hostile out ${i}`, overrides: [`output_dir=${v}`] },
    ];
    for (const variant of variants) {
      try {
        const r = await createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [i % 2], userId: null, ...variant });
        accepted.push({ runId: r.runId, value: v });
      } catch (e) {
        assert.ok(e instanceof AppError || (e as Error).name === "ZodError", `unexpected ${(e as Error).name}: ${(e as Error).message}`);
        refused++;
      }
    }
  }
  console.log(`# ${values.length * 4} attempts: ${refused} refused with a validation error, ${accepted.length} accepted as inert text`);
  assert.ok(accepted.length > 0 && refused > 0);
  // Accepted values are stored verbatim and only ever appear inside the YAML as quoted data.
  for (const a of accepted.slice(0, 200)) {
    const run = await prisma.run.findUniqueOrThrow({ where: { id: a.runId } });
    // run_name=<v> is read as a YAML scalar (as LLaMA-Factory's dotlist would): whatever it became,
    // the uploaded YAML must hand back exactly the stored value.
    const stored = (run.overrides as Record<string, unknown>).run_name;
    if (stored !== undefined) assert.deepEqual(parseDocument(run.configYaml).toJS().run_name, stored);
    else assert.equal(run.name, a.value.trim());
    assert.equal(run.outputDir, `${fx.sshd.home}/ffloor-runs/${run.id}`);
  }
  // Launch a sample (one per shape that got through), let each run to its end, then cancel the rest.
  const sample = accepted.filter((_, i) => i % 40 === 0).slice(0, 25);
  const sampleIds = new Set(sample.map((a) => a.runId));
  // The rest never touched the host (QUEUED); drop them so the sample is not queued behind them.
  await prisma.run.deleteMany({ where: { id: { in: accepted.filter((a) => !sampleIds.has(a.runId)).map((a) => a.runId) } } });
  for (const a of sample) {
    assert.equal(await launchRun({ runId: a.runId }), "started", a.value.slice(0, 80));
    await waitFor(`run ${a.runId} to end`, async () => {
      await superviseHost({ hostId: fx.hostId });
      const r = await prisma.run.findUniqueOrThrow({ where: { id: a.runId } });
      return ["SUCCEEDED", "FAILED"].includes(r.status) ? r : null;
    }, 60_000, 200);
    const yaml = fx.sshd.sh(`cat ${(await prisma.run.findUniqueOrThrow({ where: { id: a.runId } })).outputDir}/config.yaml`);
    assert.ok(yaml.includes("run_name:"), yaml);
  }
  for (const a of sample) {
    const r = await prisma.run.findUniqueOrThrow({ where: { id: a.runId }, select: { status: true } });
    if (r.status === "QUEUED" || r.status === "STARTING" || r.status === "RUNNING") {
      await requestStop({ runId: a.runId, kind: "KILL", userId: null });
      if (r.status !== "QUEUED") await killRun({ runId: a.runId });
    }
  }
  const pwned = fx.sshd.sh("ls /tmp | grep -c '^ffh4-pwned' || true").trim();
  assert.equal(pwned, "0", "a hostile value was executed");
  const after = fx.sshd.sh(`cd $HOME && find . -path ./ffloor-runs -prune -o -print | sort`);
  const extra = after.split("\n").filter((l) => !before.split("\n").includes(l) && !l.startsWith("./.sim/"));
  assert.deepEqual(extra, [], "files appeared outside the run folders");
  const dirs = fx.sshd.sh("ls $HOME/ffloor-runs").trim().split("\n");
  assert.ok(dirs.every((d) => /^r[a-z0-9]+$/.test(d)), dirs.join(","));
});
