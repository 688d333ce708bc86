// The webhook dispatcher and its queue consumer as their own process
// (`tsx workers/webhooks/run-standalone.ts`): the webhook integration test SIGKILLs it mid-stream.
// workers/index.ts runs the same loop and consumer inside the main worker process.
import { Worker } from "bullmq";
import { prisma } from "@/lib/db";
import { QueueName } from "@/lib/queue/contracts";
import { createWorkerConnection, queuePrefix } from "@/lib/queue/connection";
import { closeQueues } from "@/lib/queue/enqueue";
import { processWebhookDelivery } from "@/workers/queues/webhook-delivery";
import { startWebhookDispatcher } from "@/workers/webhooks/start-dispatcher";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const intervalMs = Number(arg("interval") ?? 1000);
const connection = createWorkerConnection();
const worker = new Worker(QueueName.WebhookDelivery, processWebhookDelivery, { connection, prefix: queuePrefix(), concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 });
worker.on("error", () => {});
const dispatcher = startWebhookDispatcher({ intervalMs, requeueEveryMs: 5_000 });
void worker.waitUntilReady().then(() => process.stdout.write("webhooks started\n"));

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await dispatcher.stop();
  await worker.close();
  await closeQueues();
  await connection.quit().catch(() => connection.disconnect());
  await prisma.$disconnect();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
