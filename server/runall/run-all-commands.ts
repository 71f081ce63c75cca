import { shellCommands, type RunbookSection } from "../shared/runbook";
import type { RunAllScope } from "../shared/run-all";
import { AppError } from "../errors";

export interface RunAllCommand {
  id: string;
  stepId: string;
  text: string;
}

/**
 * What a run-all covers: the step it starts from, and for "from here" every later step too. Its
 * commands are the shell commands of those steps, in source order, one run each; prose, notes and
 * non-shell blocks are passed over; check items are for people, listed as open at the end.
 */
export function runAllCoverage(sections: RunbookSection[], fromStepId: string, scope: RunAllScope) {
  const from = sections.findIndex((s) => s.id === fromStepId);
  if (from < 0) throw new AppError("NOT_FOUND", `This incident's runbook has no step ${fromStepId}. Reload the page.`);
  const steps = scope === "step" ? [sections[from]!] : sections.slice(from);
  const commands: RunAllCommand[] = steps.flatMap((s) => shellCommands(s).map((c) => ({ id: c.id, stepId: s.id, text: c.text })));
  const checkItems = steps.flatMap((s) => s.content.flatMap((c) => (c.kind === "checklist" ? c.items : [])));
  return { step: sections[from]!, commands, checkItems };
}
