// `npm run -s cli -- <command> ...`: one entry, one module per command in ./commands.
// Commands are loaded lazily so offline commands (parse, backtest, preset lint) need no server,
// database or environment.
const COMMANDS: Record<string, string> = {
  parse: "./commands/parse.ts",
  backtest: "./commands/backtest.ts",
  preset: "./commands/preset.ts",
  login: "./commands/login.ts",
  presets: "./commands/presets.ts",
  launch: "./commands/launch.ts",
  runs: "./commands/runs.ts",
  stop: "./commands/stop.ts",
  kill: "./commands/kill.ts",
  compare: "./commands/compare.ts",
  import: "./commands/import.ts",
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const file = name ? COMMANDS[name] : undefined;
  if (!file) {
    process.stderr.write(`usage: cli <${Object.keys(COMMANDS).join("|")}> ...\n`);
    return 2;
  }
  const mod = (await import(file)) as { run: (argv: string[]) => Promise<number> };
  return mod.run(rest);
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
