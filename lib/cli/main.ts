import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { config, StartupError } from "../config.ts";
import { boot } from "../boot.ts";
import { closeDb } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { commands, type Command } from "./commands.ts";
import { issueField } from "../validation/issues.ts";

export const usage = `Checkpoint command line

Usage: npx checkpoint <command> [options]

Commands:
${commands.map((c) => `  ${c.usage}\n      ${c.summary}`).join("\n")}

  --help                          Show this help.

The database is chosen as the server chooses it: DATABASE_URL, or the embedded database in
./data (shared safely with a running server).`;

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    console.log(usage);
    return argv.length === 0 ? 1 : 0;
  }
  const command = matchCommand(argv);
  if (!command) {
    console.error(`checkpoint: unknown command "${argv.slice(0, 2).join(" ")}". Run \`npx checkpoint --help\`.`);
    return 2;
  }
  const rest = argv.slice(command.words.length);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`checkpoint ${command.words.join(" ")}: ${(e as Error).message}\nUsage: npx checkpoint ${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(`Usage: npx checkpoint ${command.usage}\n  ${command.summary}`);
    return 0;
  }
  let booted;
  try {
    booted = await boot({ firstRun: command.words[0] !== "migrate" });
    if (command.words[0] === "migrate") {
      const m = booted.migrations;
      console.log(m?.applied.length ? `Applied ${m.applied.length} migration(s): ${m.applied.join(", ")}.` : `Database is up to date (${m?.total ?? 0} migrations).`);
      return 0;
    }
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  } catch (e) {
    console.error(`checkpoint ${command.words.join(" ")}: ${describe(e, command)}`);
    if (config().debug) console.error(e);
    return 1;
  } finally {
    await closeDb();
    await booted?.target.close();
  }
}

function matchCommand(argv: string[]): Command | undefined {
  return commands.find((c) => c.words.every((w, i) => argv[i] === w));
}

/** The CLI's one mapper: a failure as one line; a field the user typed as an option is named by it (--decision). */
function describe(e: unknown, command: Command): string {
  if (e instanceof ZodError) {
    return e.issues
      .map((i) => {
        const field = issueField(i) || "input";
        const option = field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        return command.options?.[option] ? `--${option} ${i.message}` : `${field}: ${i.message}`;
      })
      .join("; ");
  }
  if (e instanceof StartupError || e instanceof DomainError) return e.message;
  return (e as Error)?.message ?? String(e);
}
