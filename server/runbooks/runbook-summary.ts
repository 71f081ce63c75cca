import { allCommands, type Runbook } from "../shared/runbook";

/** The flat, documented JSON shape of `runlog parse --json`: stable for scripts and CI. */
export function runbookSummary(runbook: Runbook) {
  return {
    ...runbook.meta,
    escalation: runbook.escalation,
    sections: runbook.sections.map((s) => ({ id: s.id, title: s.title, depth: s.depth, line: s.line, path: s.path })),
    commands: allCommands(runbook),
    variables: runbook.variables,
    diagnostics: runbook.diagnostics,
  };
}
