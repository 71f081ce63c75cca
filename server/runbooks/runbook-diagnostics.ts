import type { Diagnostic, RunbookCommand, RunbookSection, RunbookVariable } from "../shared/runbook";

/** Lint findings that need the whole parsed runbook: variables, placeholders, risk, structure. */
export function runbookDiagnostics(
  sections: RunbookSection[],
  commands: RunbookCommand[],
  variables: RunbookVariable[],
  declared: Set<string>,
  warned: Set<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map(commands.map((c) => [c.id, c]));

  for (const v of variables) {
    if (declared.has(v.name) || v.optional) continue;
    const first = byId.get(v.usedBy[0] ?? "");
    if (!first) continue;
    out.push({
      severity: "warning",
      line: lineWith(first, new RegExp(`\\$\\{?${v.name}\\b`)),
      rule: "undefined-variable",
      message: `$${v.name} is used but never set in its block or declared in front matter \`variables:\`; it must be given before running.`,
    });
  }

  for (const c of commands) {
    for (const p of c.placeholders) {
      out.push({
        severity: "warning",
        line: lineWith(c, p.text),
        rule: "placeholder",
        message: `\`${p.text}\` is a placeholder (${p.kind}): replace it before running.`,
      });
    }
    if (c.risk === "destructive" && !warned.has(c.id)) {
      out.push({
        severity: "warning",
        line: c.line,
        rule: "destructive-without-warning",
        message: `\`${firstLine(c.text)}\` is destructive (${c.riskReason}) but nothing near it warns the reader.`,
      });
    }
  }

  sections.forEach((s, i) => {
    const next = sections[i + 1];
    const hasChildren = next !== undefined && next.depth > s.depth;
    if (s.content.length === 0 && !hasChildren) {
      out.push({ severity: "warning", line: s.line, rule: "empty-section", message: `Section "${s.title}" is empty.` });
    }
  });
  return out;
}

/** The file line of a command on which `needle` first appears. */
function lineWith(c: RunbookCommand, needle: string | RegExp): number {
  const lines = c.text.split("\n");
  const i = lines.findIndex((l) => (typeof needle === "string" ? l.includes(needle) : needle.test(l)));
  return c.line + Math.max(i, 0);
}

function firstLine(text: string): string {
  const line = text.split("\n")[0]!;
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
