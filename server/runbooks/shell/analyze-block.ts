import type { Node } from "web-tree-sitter";
import { firstSyntaxError, withBashTree } from "./bash-parser";
import { invocationsOf, type Invocation } from "./invocations";
import { maskAnglePlaceholders } from "./mask-placeholders";
import { dedupePlaceholders, placeholdersIn, type Placeholder } from "./placeholders";
import { riskRank, type Risk } from "../../shared/risk";
import { classifyInvocation } from "./risk-rules";
import { variablesNeeded, type VariableUse } from "./variables";
import { commandWords } from "./words";

export interface AnalyzedCommand {
  text: string;
  description: string;
  /** 0-based line of the command's first line within the block. */
  lineOffset: number;
  risk: Risk;
  riskRule: string | null;
  riskReason: string;
  variables: VariableUse[];
  placeholders: Placeholder[];
  /** For console blocks and output pasted under a command: what it printed when written. */
  sampleOutput: string | null;
  /** Comments above it in the block warn about data loss or danger. */
  warned: boolean;
  /** `# expect…:` comment lines directly below it. */
  checks: ExpectLine[];
}

/** An `# expect: …`, `# expect-not: …` or `# expect-exit: …` comment line, as written. */
export interface ExpectLine {
  kind: "expect" | "expect-not" | "expect-exit";
  value: string;
  /** 0-based line within the block. */
  lineOffset: number;
}

const EXPECT_LINE = /^(expect|expect-not|expect-exit)\s*:\s*(.*)$/i;

export interface BlockAnalysis {
  kind: "shell" | "console" | "notes" | "other";
  commands: AnalyzedCommand[];
  notes: string[];
  syntaxError: { lineOffset: number; message: string } | null;
  /** Expect lines not directly below a command: they check nothing. */
  strayExpects?: ExpectLine[];
}

const WARNING = /\b(WARNING|CAUTION|DANGER|DANGEROUS|IRREVERSIBLE|DATA LOSS)\b/i;
const DATA_LOSS = /data loss|lose data|lost|destroy|irreversible|cannot be undone|permanent|delet/i;

/** Warning text that marks what follows as able to lose data. */
export function warnsOfDataLoss(text: string): boolean {
  return WARNING.test(text) && DATA_LOSS.test(text);
}
export function isWarning(text: string): boolean {
  return WARNING.test(text);
}

const WARNED_DESTRUCTIVE = {
  risk: "destructive",
  riskRule: "warning-comment",
  riskReason: "a WARNING comment above it says it can lose data",
} as const;

/** A plausible program name: lowercase word, path, or assignment; not `key:` or log text. */
function looksLikeCommand(statement: Node): boolean {
  const cmd = statement.type === "command" ? statement : statement.descendantsOfType("command")[0];
  if (!cmd) return statement.type !== "ERROR";
  const { name } = commandWords(cmd);
  return /^(?:[a-z_][a-z0-9+._-]*|\.{0,2}\/[\w./-]+|\[\[?)$/.test(name) && !name.endsWith(":");
}

/** One logical command: the statements that start on the line where the previous one ended (`a; b`). */
function analyzeStatement(
  nodes: Node[],
  original: string,
  assigned: Set<string>,
  angle: Placeholder[],
): Omit<AnalyzedCommand, "description" | "lineOffset" | "sampleOutput" | "warned" | "checks"> {
  const invocations: Invocation[] = nodes.flatMap((n) => invocationsOf(n));
  let risk: Risk = "read-only";
  let riskRule: string | null = null;
  let riskReason = "no rule for a state-changing command matched: diagnostics only";
  for (const inv of invocations) {
    const f = classifyInvocation(inv);
    if (f && riskRank(f.risk) > riskRank(risk)) {
      risk = f.risk;
      riskRule = f.rule;
      riskReason = inv.via.length ? `${f.reason} (via ${inv.via.join(", ")})` : f.reason;
    }
  }
  const text = original.slice(nodes[0]!.startIndex, nodes[nodes.length - 1]!.endIndex);
  const variables = new Map<string, VariableUse>();
  for (const n of nodes) {
    for (const v of variablesNeeded(n, assigned)) {
      const prev = variables.get(v.name);
      variables.set(v.name, prev ? { ...prev, optional: prev.optional && v.optional } : v);
    }
  }
  return {
    text,
    risk,
    riskRule,
    riskReason,
    variables: [...variables.values()],
    placeholders: dedupePlaceholders([...angle.filter((p) => text.includes(p.text)), ...placeholdersIn(invocations)]),
  };
}

/** Splits a fenced (or unlabeled) shell block into logical commands, with their analysis. */
export function analyzeShellBlock(source: string, labeled: boolean): BlockAnalysis {
  const { masked, placeholders } = maskAnglePlaceholders(source);
  const angle = placeholders.map((p) => ({ text: p.text, kind: "angle" as const }));
  return withBashTree(masked, (root) => {
    const err = firstSyntaxError(root, masked);
    const commands: AnalyzedCommand[] = [];
    const notes: string[] = [];
    const assigned = new Set<string>();
    let pending: { row: number; text: string }[] = [];
    let lastEndRow = -1;
    let warnedSoFar = false;
    let outputEndRow = -1;
    let outputUpTo = 0;
    let lastCommandEndRow = -1;
    let group: { nodes: Node[]; assignedBefore: Set<string> } | null = null;
    const strayExpects: ExpectLine[] = [];
    let lastExpectRow = -2;
    for (const node of root.namedChildren) {
      if (!node) continue;
      const row = node.startPosition.row;
      if (node.type === "comment") {
        const text = node.text.replace(/^#+\s?/, "").trim();
        const expect = EXPECT_LINE.exec(text);
        if (expect) {
          const line: ExpectLine = { kind: expect[1]!.toLowerCase() as ExpectLine["kind"], value: expect[2]!.trim(), lineOffset: row };
          const prev = commands[commands.length - 1];
          // Directly below its command (or below the expect line before it): a check of that command.
          if (prev && pending.length === 0 && (row === lastCommandEndRow || row === lastCommandEndRow + 1 || row === lastExpectRow + 1)) {
            prev.checks.push(line);
            lastExpectRow = row;
          } else strayExpects.push(line);
          continue;
        }
        if (WARNING.test(text)) warnedSoFar = true;
        // A comment on the same line as a command annotates it, not the next one.
        if (row === lastEndRow && commands.length) continue;
        if (pending.length && pending[pending.length - 1]!.row !== row - 1) {
          notes.push(...pending.map((p) => p.text));
          pending = [];
        }
        pending.push({ row, text });
        continue;
      }
      if (!labeled && (row <= outputEndRow || node.hasError || !looksLikeCommand(node))) {
        // Unlabeled blocks mix commands and the output they printed: output is taken by whole lines.
        const prev = commands[commands.length - 1];
        const from = Math.max(lineStart(source, node.startIndex), outputUpTo);
        const to = lineEnd(source, node.endIndex);
        if (prev && to > from) {
          const text = source.slice(from, to).replace(/^\n/, "");
          prev.sampleOutput = prev.sampleOutput ? `${prev.sampleOutput}\n${text}` : text;
        }
        outputUpTo = Math.max(outputUpTo, to);
        outputEndRow = node.endPosition.row;
        lastEndRow = node.endPosition.row;
        continue;
      }
      const prevCommand = commands[commands.length - 1];
      if (prevCommand && group && row === lastCommandEndRow) {
        // `a; b` or `a & b` on one line: the author wrote one step.
        group.nodes.push(node);
        assigned.clear();
        for (const name of group.assignedBefore) assigned.add(name);
        Object.assign(prevCommand, analyzeStatement(group.nodes, source, assigned, angle));
        if (warnsOfDataLoss(prevCommand.description) && prevCommand.risk !== "destructive") Object.assign(prevCommand, WARNED_DESTRUCTIVE);
        lastEndRow = lastCommandEndRow = node.endPosition.row;
        continue;
      }
      const adjacent = pending.length > 0 && pending[pending.length - 1]!.row === row - 1;
      if (!adjacent) notes.push(...pending.map((p) => p.text));
      const description = adjacent ? pending.map((p) => p.text).join(" ") : "";
      pending = [];
      group = { nodes: [node], assignedBefore: new Set(assigned) };
      const analysis = analyzeStatement(group.nodes, source, assigned, angle);
      commands.push({
        ...analysis,
        description,
        lineOffset: row,
        sampleOutput: null,
        warned: warnedSoFar || isWarning(description),
        checks: [],
      });
      if (warnsOfDataLoss(description) && analysis.risk !== "destructive")
        Object.assign(commands[commands.length - 1]!, WARNED_DESTRUCTIVE);
      lastEndRow = lastCommandEndRow = node.endPosition.row;
    }
    notes.push(...pending.map((p) => p.text));
    if (!labeled && commands.length === 0) return { kind: "other", commands: [], notes: [], syntaxError: null };
    const kind = commands.length === 0 && notes.length > 0 ? "notes" : "shell";
    // An unlabeled block is only guessed to be shell: its syntax is not the author's mistake.
    return { kind, commands, notes, syntaxError: err && labeled ? { lineOffset: err.row, message: err.message } : null, strayExpects };
  });
}

function lineStart(source: string, index: number): number {
  return source.lastIndexOf("\n", index - 1) + 1;
}
function lineEnd(source: string, index: number): number {
  const end = source.indexOf("\n", index);
  return end < 0 ? source.length : end;
}

const PROMPT = /^\s*([$#])\s(.*)$/;
const MAX_CONTINUATION_LINES = 50;

/** Console transcripts: prompted lines (plus continuations) are commands, the rest their output. */
export function analyzeConsoleBlock(source: string): BlockAnalysis {
  const lines = source.split("\n");
  const commands: AnalyzedCommand[] = [];
  const assigned = new Set<string>();
  let syntaxError: BlockAnalysis["syntaxError"] = null;
  let i = 0;
  while (i < lines.length) {
    const m = PROMPT.exec(lines[i]!);
    if (!m || (m[1] === "#" && /^[A-Z][a-z]/.test(m[2]!))) {
      // Output before any command, or a `# Heading`-style comment: shown, not run.
      const prev = commands[commands.length - 1];
      if (prev && lines[i]!.trim()) prev.sampleOutput = (prev.sampleOutput ? prev.sampleOutput + "\n" : "") + lines[i];
      i++;
      continue;
    }
    const start = i;
    let text = m[2]!;
    while (i + 1 < lines.length && i - start < MAX_CONTINUATION_LINES && !PROMPT.test(lines[i + 1]!) && incomplete(text)) {
      i++;
      text += "\n" + lines[i]!.replace(/^>\s?/, "");
    }
    i++;
    const block = analyzeShellBlock(text, true);
    if (block.syntaxError && !syntaxError) syntaxError = { lineOffset: start, message: block.syntaxError.message };
    for (const c of block.commands) {
      // Re-analysis of the segment would restart variable tracking: carry assignments across.
      c.variables = c.variables.filter((v) => !assigned.has(v.name));
      commands.push({ ...c, text: block.commands.length === 1 ? text.trim() : c.text, lineOffset: start, sampleOutput: null });
    }
    for (const c of block.commands) for (const v of c.text.matchAll(/(?:^|[\s;&|])([A-Za-z_]\w*)=/g)) assigned.add(v[1]!);
  }
  return { kind: "console", commands, notes: [], syntaxError };
}

function incomplete(text: string): boolean {
  if (/(\\|\||&&)\s*$/.test(text)) return true;
  const { masked } = maskAnglePlaceholders(text);
  return withBashTree(masked, (root) => root.hasError);
}
