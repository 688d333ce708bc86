// zod schema for the "Add a Slurm cluster" form/API: the login node's SSH fields (as for a host) plus
// the sbatch defaults. Names reach sbatch's argv (quoted), and are still held to Slurm's charset.
import { z } from "zod";
import { ZFingerprint, ZHostInput } from "@/lib/hosts/host-input";

const SLURM_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const slurmName = (what: string) => z.string().trim().regex(SLURM_NAME, `must be a Slurm ${what} name (letters, digits, . _ -)`);
const optionalName = (what: string) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), slurmName(what).optional());
const MINUTES = "must be a whole number of minutes from 1 to 43200 (30 days)";

export const ZClusterInput = ZHostInput.extend({
  hostKeyFingerprint: ZFingerprint,
  partition: slurmName("partition"),
  account: optionalName("account"),
  qos: optionalName("QOS"),
  timeLimitMin: z.coerce.number({ error: MINUTES }).int(MINUTES).min(1, MINUTES).max(43_200, MINUTES),
});
export type TClusterInput = z.input<typeof ZClusterInput>;
