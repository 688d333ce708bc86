// Consumer of host-import-queue: one import job (lib/imports/run-import). Retries resume from Postgres.
import { UnrecoverableError, type Job } from "bullmq";
import { ZHostImportPayload, JOB_OPTIONS, QueueName } from "@/lib/queue/contracts";
import { markImportFailed, runImport } from "@/lib/imports/run-import";
import { createLogger } from "@/lib/logger";

const log = createLogger("IMPORT");

export async function processImport(job: Job): Promise<string> {
  const parsed = ZHostImportPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad host-import payload: ${parsed.error.issues[0]?.message}`);
  const t0 = Date.now();
  try {
    const r = await runImport(parsed.data);
    log.info("import job", { importId: parsed.data.importId, outcome: r, ms: Date.now() - t0 });
    return r;
  } catch (e) {
    const last = job.attemptsMade + 1 >= (JOB_OPTIONS[QueueName.HostImport].attempts ?? 1);
    log.warn("import attempt failed", { importId: parsed.data.importId, last, err: (e as Error).message });
    if (last) await markImportFailed(parsed.data.importId, (e as Error).message);
    throw e;
  }
}
