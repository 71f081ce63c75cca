import { analyzeShellBlock } from "../runbooks/shell/analyze-block";
import { loadBashParser } from "../runbooks/shell/bash-parser";
import type { VariableUse } from "../runbooks/shell/variables";

/** Where a command's variables can come from when it runs. */
export interface VariableSources {
  /** Names in the environment the command starts with: incident variables, front-matter defaults, the server's own. */
  environment: Iterable<string>;
  /** Names the incident's shell session holds: set by commands that ran before. */
  session: Iterable<string>;
}

const readsByText = new Map<string, VariableUse[]>();
const READS_CACHE_ENTRIES = 2000;

/** The variables `text` reads before setting them itself, each marked optional when every read has a fallback (`${X:-d}`, `${X-}`). */
export async function variablesRead(text: string): Promise<VariableUse[]> {
  const cached = readsByText.get(text);
  if (cached) return cached;
  await loadBashParser();
  const uses = new Map<string, VariableUse>();
  // Analysed as one script, in order: what an earlier line sets, a later one may read.
  for (const c of analyzeShellBlock(text, true).commands) {
    for (const v of c.variables) {
      const prev = uses.get(v.name);
      uses.set(v.name, prev ? { ...prev, optional: prev.optional && v.optional } : v);
    }
  }
  const result = [...uses.values()];
  if (readsByText.size >= READS_CACHE_ENTRIES) readsByText.clear();
  readsByText.set(text, result);
  return result;
}

/**
 * The variables a command needs and would get empty: `rm -rf "$SCRATCH_DIR"/tmp-*` with
 * SCRATCH_DIR unset is `rm -rf /tmp-*`. Nothing runs on such an assumption.
 */
export function missingVariables(reads: VariableUse[], sources: VariableSources): string[] {
  const known = new Set([...sources.environment, ...sources.session]);
  return reads.filter((v) => !v.optional && !known.has(v.name)).map((v) => v.name);
}

/** A variable a command needs and would get empty; some are set by a command above it in the same block. */
export interface MissingVariable {
  name: string;
  /** An earlier command of the same block sets it: running that one first is the usual fix. */
  setEarlierInBlock: boolean;
}

const list = (names: string[]) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)!}`);

/** The refusal, naming every missing variable. */
export function missingVariablesMessage(missing: MissingVariable[]): string {
  const names = missing.map((m) => m.name);
  const earlier = missing.filter((m) => m.setEarlierInBlock).map((m) => m.name);
  const hint = earlier.length
    ? ` ${list(earlier)} ${earlier.length === 1 ? "is" : "are"} set by an earlier command of this block: run that first.`
    : "";
  return `Set ${list(names)} first: the command needs ${names.length === 1 ? "it" : "them"}.${hint}`;
}
