import {
  allCommands,
  variableReference,
  type Diagnostic,
  type Runbook,
  type RunbookCommand,
  type RunbookVariable,
} from "../shared/runbook";
import { buildSections } from "./build-sections";
import { parseDurationSeconds, type BlockContext } from "./code-block";
import { cleanInput, flattenDeepNesting, truncateHuge } from "./markdown/input-hygiene";
import { parseMarkdown } from "./markdown/runbook-markdown";
import { firstTitleHeading, readMetadata, type DeclaredVariable } from "./markdown/metadata";
import { escalationRule } from "./escalation-rule";
import { runbookDiagnostics } from "./runbook-diagnostics";
import { loadBashParser } from "./shell/bash-parser";
import { isSecretName } from "../shared/secret-names";

/**
 * Any Markdown -> the runbook model. Never throws on content: what cannot be understood is
 * reported in `diagnostics` and the rest is parsed as well as it can be.
 */
export async function parseRunbook(source: string): Promise<Runbook> {
  await loadBashParser();
  return parseRunbookLoaded(source);
}

/** The synchronous core, for callers that awaited `loadBashParser()` already (benchmarks). */
export function parseRunbookLoaded(source: string): Runbook {
  const diagnostics: Diagnostic[] = [];
  const clean = flattenDeepNesting(cleanInput(truncateHuge(source, diagnostics), diagnostics), diagnostics);
  const tree = parseMarkdown(clean);
  const { meta, declaredVariables, riskOverrides, timeout, escalateAfter, target } = readMetadata(tree, diagnostics);
  const defaultTimeoutSeconds = timeout === null ? null : parseDurationSeconds(timeout);
  if (timeout !== null && defaultTimeoutSeconds === null) {
    diagnostics.push({
      severity: "warning",
      line: 1,
      rule: "front-matter",
      message: `Front matter timeout "${timeout}" is not a duration like 90s, 15m or 2h (ignored)`,
    });
  }
  const declared = new Map(declaredVariables.map((v) => [v.name, v]));
  const ctx: BlockContext = { riskOverrides, defaultTimeoutSeconds, defaultTarget: target, declared, diagnostics, warned: new Set() };
  const sections = buildSections(tree, clean, firstTitleHeading(tree), ctx);
  const commands = allCommands({ sections });
  const variables = collectVariables(commands, declaredVariables);
  diagnostics.push(...runbookDiagnostics(sections, commands, variables, new Set(declared.keys()), ctx.warned));
  diagnostics.push(...targetDiagnostics(commands));
  const escalation = escalationRule(sections, escalateAfter);
  if (escalateAfter !== null && escalation === null) {
    diagnostics.push({
      severity: "warning",
      line: 1,
      rule: "front-matter",
      message: `Front matter escalateAfter "${escalateAfter}" is not a duration like 2h or 90m (ignored)`,
    });
  }
  diagnostics.sort((a, b) => a.line - b.line);
  return { meta, escalation, sections, variables, diagnostics };
}

// A target is a name (db-1) or a pattern of incident variables (${INSTANCE}, db-${SHARD}).
const TARGET_SPEC = /^(?:[a-z0-9._-]|\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/;

/** One error per block whose target is not a name or a pattern (it is kept: such a command never runs here instead). */
function targetDiagnostics(commands: RunbookCommand[]): Diagnostic[] {
  const seen = new Set<string>();
  return commands.flatMap((c) => {
    if (c.target === null || TARGET_SPEC.test(c.target) || seen.has(c.target)) return [];
    seen.add(c.target);
    return [
      {
        severity: "error" as const,
        line: c.line,
        rule: "bad-target",
        message: `Target "${c.target}" is not a target name or a pattern like \${INSTANCE}: commands with it will not run.`,
      },
    ];
  });
}

/** The variables a target pattern is filled from. */
export function targetVariables(target: string | null): string[] {
  return [...(target ?? "").matchAll(variableReference())].map((m) => (m[1] ?? m[2])!);
}

/** Every variable the runbook's commands need, merged with what front matter declares. */
function collectVariables(commands: RunbookCommand[], declared: DeclaredVariable[]): RunbookVariable[] {
  const uses = new Map<string, { secret: boolean; optional: boolean; usedBy: string[] }>();
  for (const c of commands) {
    for (const v of c.variables) {
      const u = uses.get(v.name) ?? { secret: v.secret, optional: true, usedBy: [] };
      // Optional only when every use has a default of its own (`${X:-default}`).
      u.optional &&= v.optional;
      if (!u.usedBy.includes(c.id)) u.usedBy.push(c.id);
      uses.set(v.name, u);
    }
    // A target pattern (`db-${SHARD}`) needs its variables as much as the command text does.
    for (const name of targetVariables(c.target)) {
      const u = uses.get(name) ?? { secret: false, optional: false, usedBy: [] };
      u.optional = false;
      if (!u.usedBy.includes(c.id)) u.usedBy.push(c.id);
      uses.set(name, u);
    }
  }
  const out: RunbookVariable[] = declared.map((d) => {
    const u = uses.get(d.name);
    uses.delete(d.name);
    return {
      name: d.name,
      secret: d.secret ?? isSecretName(d.name),
      optional: d.default !== null || (u?.optional ?? false),
      usedBy: u?.usedBy ?? [],
      description: d.description,
      default: d.default,
      from: d.from,
    };
  });
  for (const [name, u] of uses) out.push({ name, ...u, description: null, default: null, from: null });
  return out;
}
