import { readFile } from "node:fs/promises";
import { allCommands } from "../shared/runbook";
import { parseRunbook } from "../runbooks/parse-runbook";
import { runbookSummary } from "../runbooks/runbook-summary";
import { UsageError, type CliIo } from "./io";

export async function parseCommand(args: { file: string | undefined; json: boolean }, io: CliIo): Promise<number> {
  if (!args.file) throw new UsageError("parse needs a file: runlog parse <file.md> [--json]");
  const content = await readInput(args.file);
  const runbook = await parseRunbook(content);
  if (args.json) {
    io.out(JSON.stringify(runbookSummary(runbook), null, 2));
    return 0;
  }
  const { meta } = runbook;
  io.out(`${meta.title}${meta.severity ? `  [${meta.severity}]` : ""}`);
  if (meta.alerts.length) io.out(`alerts: ${meta.alerts.join(", ")}`);
  for (const s of runbook.sections) {
    io.out(`${"  ".repeat(s.depth - 1)}${s.line}: ${s.title}`);
    for (const c of allCommands({ sections: [s] })) {
      const vars = c.variables.length ? `  needs ${c.variables.map((v) => `$${v.name}`).join(" ")}` : "";
      io.out(`${"  ".repeat(s.depth)}${c.line}: [${c.risk}]${c.target ? ` @${c.target}` : ""} ${c.text.split("\n")[0]}${vars}`);
    }
  }
  io.out(`${allCommands(runbook).length} commands, ${runbook.diagnostics.length} diagnostics (runlog lint ${args.file})`);
  return 0;
}

export async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT" ? `${file}: no such file` : code === "EISDIR" ? `${file} is a directory` : `${file}: ${(err as Error).message}`,
    );
  }
}
