import { lintRunbooks, markdownFiles } from "../runbooks/lint-runbooks";
import { UsageError, type CliIo } from "./io";

export async function lintCommand(paths: string[], io: CliIo): Promise<number> {
  let files: string[];
  try {
    files = await markdownFiles(paths);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(e.code === "ENOENT" ? `${e.path ?? paths.join(" ")}: no such file or directory` : e.message);
  }
  if (files.length === 0) throw new UsageError(`no Markdown files under ${paths.join(" ")}`);
  const results = await lintRunbooks(files);
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === "error") errors++;
      if (d.severity === "warning") warnings++;
      io.out(`${r.file}:${d.line}: ${d.severity} ${d.rule}: ${d.message}`);
    }
  }
  io.err(`${files.length} file(s): ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}
