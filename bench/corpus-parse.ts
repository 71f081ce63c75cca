import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseRunbookLoaded } from "../server/runbooks/parse-runbook";
import { loadBashParser } from "../server/runbooks/shell/bash-parser";
import { allCommands } from "../server/shared/runbook";

async function markdownUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The corpus parsed the way `runlog lint` parses it: one process, every file in turn. The first
 * pass includes the JIT warming up (what a CLI run pays); later passes show the steady state
 * (what the server pays once it has been running).
 */
export async function benchCorpusParse(dir: string, warmRounds = 5) {
  const files = await markdownUnder(dir);
  const contents = await Promise.all(files.map((f) => readFile(f, "utf8")));
  await loadBashParser();
  const pass = () => {
    const start = performance.now();
    let commands = 0;
    for (const c of contents) commands += allCommands(parseRunbookLoaded(c)).length;
    return { ms: performance.now() - start, commands };
  };
  const cold = pass();
  const warm = Array.from({ length: warmRounds }, () => pass().ms).sort((a, b) => a - b);
  return {
    corpus_files: files.length,
    corpus_bytes: contents.reduce((n, c) => n + Buffer.byteLength(c), 0),
    corpus_commands: cold.commands,
    corpus_parse_ms: Math.round(cold.ms),
    corpus_parse_warm_ms: Math.round(warm[Math.floor(warm.length / 2)]!),
  };
}
