import type { Prisma } from "../generated/prisma/client";
import type { RunbookSection } from "../shared/runbook";
import { stepStatuses, type StepMark, type StepStatus } from "../shared/step-progress";
import { ZStepChanged, ZStepMarked } from "../shared/timeline";
import { appendEvent } from "../timeline/append-event";

type Recorded = "started" | "completed" | "failed";
const RECORDED: Partial<Record<StepStatus, Recorded>> = { "in progress": "started", done: "completed", failed: "failed" };

/**
 * Appends a `step.changed` event for each step whose runs moved it: started by its first run,
 * completed or failed whenever its commands' latest runs say so (and the timeline does not say
 * so already). Step states are derived from runs; these events put the moments in the timeline,
 * where the postmortem reads them. Runs inside the caller's transaction, after its run write.
 */
export async function recordStepChanges(
  tx: Prisma.TransactionClient,
  at: { incidentId: string; sections: RunbookSection[]; actor: string; runId: string; commandId: string; when: Date },
): Promise<void> {
  const [runs, stepRows] = await Promise.all([
    tx.run.findMany({
      where: { incidentId: at.incidentId },
      select: { commandId: true, status: true, exitCode: true, finishedAt: true, startedAt: true, checkPassed: true },
    }),
    tx.timelineEvent.findMany({
      where: { incidentId: at.incidentId, type: { in: ["step.marked", "step.changed"] } },
      orderBy: { seq: "asc" },
      select: { type: true, payload: true },
    }),
  ]);
  const marks: StepMark[] = [];
  const recorded = new Map<string, Recorded>();
  for (const row of stepRows) {
    const payload = JSON.parse(row.payload) as unknown;
    if (row.type === "step.marked") marks.push(ZStepMarked.shape.payload.parse(payload));
    else {
      const change = ZStepChanged.shape.payload.parse(payload);
      recorded.set(change.stepId, change.state);
    }
  }
  const states = stepStatuses(at.sections, runs, marks);
  for (const section of at.sections) {
    const state = RECORDED[states.get(section.id) ?? "not started"];
    const last = recorded.get(section.id);
    // A step is started once; re-running a finished step says something only when it ends.
    if (!state || state === last || (state === "started" && last !== undefined)) continue;
    await appendEvent(tx, {
      incidentId: at.incidentId,
      actor: at.actor,
      runId: at.runId,
      at: at.when,
      body: { type: "step.changed", payload: { stepId: section.id, title: section.title, state, commandId: at.commandId } },
    });
  }
}
