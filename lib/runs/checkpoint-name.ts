import { z } from "zod";

/** One name rule for the page, the API and the CLI: a checkpoint folder the run saved or we protected. */
export const ZCheckpointName = z.string().regex(/^(best-)?checkpoint-\d+$/, "must be checkpoint-<step> or best-checkpoint-<step>");
