import { runSucceeded } from "./run-outcome";
import { codeBlocks, type RunbookSection } from "./runbook";

export type StepStatus = "not started" | "in progress" | "done" | "failed" | "skipped";

export interface RunFacts {
  commandId: string;
  status: string;
  exitCode: number | null;
  finishedAt: Date | null;
  startedAt: Date;
  checkPassed?: boolean | null;
}

/**
 * Where each step with commands stands, from its commands' runs: done when every command's
 * latest run (or its block's) succeeded, failed when a latest run failed, in progress otherwise
 * once anything ran. Steps without commands have no status unless someone marked them.
 */
/** What people said about steps, oldest first: the latest word on a step wins over its runs. */
export interface StepMark {
  stepId: string;
  state: "done" | "skipped" | "reopened";
}

export function stepStatuses(sections: RunbookSection[], runs: RunFacts[], marks: StepMark[] = []): Map<string, StepStatus> {
  const said = new Map<string, StepMark["state"]>();
  for (const m of marks) said.set(m.stepId, m.state);
  const latest = new Map<string, RunFacts>();
  for (const r of [...runs].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())) latest.set(r.commandId, r);
  const out = new Map<string, StepStatus>();
  for (const section of sections) {
    const word = said.get(section.id);
    if (word === "done" || word === "skipped") {
      out.set(section.id, word);
      continue;
    }
    const blocks = codeBlocks(section).filter((b) => b.commands.length > 0);
    if (blocks.length === 0) continue;
    const states = blocks.flatMap((b) =>
      b.commands.map((c) => {
        // The later of the command's own run and a run of its whole block decides.
        const own = latest.get(c.id);
        const block = latest.get(b.id);
        const run = own && block ? (own.startedAt > block.startedAt ? own : block) : (own ?? block);
        if (!run) return "none";
        if (!run.finishedAt) return "running";
        // A failed output check fails the step even when the command exited 0.
        return runSucceeded(run) ? "ok" : "failed";
      }),
    );
    out.set(
      section.id,
      states.every((s) => s === "ok")
        ? "done"
        : states.includes("failed") && !states.includes("running")
          ? "failed"
          : states.every((s) => s === "none")
            ? "not started"
            : "in progress",
    );
  }
  return out;
}
