// Where `ffloor login` keeps the server URL and token: ~/.config/ffloor/config.json, mode 600 (the
// token is a password). Read by every remote CLI command.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";

export const ZCliConfig = z.object({ url: z.string().url(), token: z.string().min(10) });
export type TCliConfig = z.infer<typeof ZCliConfig>;

export function cliConfigPath(): string {
  return path.join(homedir(), ".config", "ffloor", "config.json");
}

export async function saveCliConfig(c: TCliConfig): Promise<string> {
  const file = cliConfigPath();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(ZCliConfig.parse(c), null, 2) + "\n", { mode: 0o600 });
  await chmod(file, 0o600); // writeFile's mode only applies when it creates the file
  return file;
}

export async function loadCliConfig(): Promise<TCliConfig> {
  const file = cliConfigPath();
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(`not logged in (no ${file}); run: ffloor login --url URL --token TOKEN`);
  }
  const r = ZCliConfig.safeParse(JSON.parse(text));
  if (!r.success) throw new Error(`${file} is invalid (${r.error.issues[0]?.path.join(".")}: ${r.error.issues[0]?.message}); run ffloor login again`);
  return r.data;
}
