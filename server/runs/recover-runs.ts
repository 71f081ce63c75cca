import { liveRuns } from "../exec/live-run";
import type { PrismaClient } from "../generated/prisma/client";
import { SYSTEM_ACTOR } from "../shared/timeline";
import { appendEvent } from "../timeline/append-event";

/**
 * Runs still marked running whose pty is gone: at start-up, this instance's own (it just
 * started, so none of them can still be running); later, those of an instance that stopped
 * beating. They are recorded as interrupted, so nothing stays running. Other instances' runs are
 * never touched here. Returns the runs it recorded.
 */
export async function markInterruptedRuns(db: PrismaClient, instanceIds: string[], actor = SYSTEM_ACTOR): Promise<string[]> {
  const stale = await db.run.findMany({
    // "": runs recorded before instances were, on a single box.
    where: { status: "running", instanceId: { in: [...instanceIds, ""] } },
    select: { id: true, incidentId: true, commandId: true, startedAt: true },
  });
  const recorded: string[] = [];
  const now = new Date();
  for (const run of stale) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id: run.id, status: "running" },
        data: { status: "interrupted", finishedAt: now },
      });
      if (count === 0) return;
      recorded.push(run.id);
      await appendEvent(tx, {
        incidentId: run.incidentId,
        actor,
        runId: run.id,
        at: now,
        body: {
          type: "command.finished",
          payload: {
            commandId: run.commandId,
            exitCode: null,
            signal: null,
            durationMs: Math.max(0, now.getTime() - run.startedAt.getTime()),
            outputBytes: 0,
            status: "interrupted",
          },
        },
      });
    });
  }
  return recorded;
}

/** At shutdown: every running command's process group is killed and its run recorded. */
export async function interruptLiveRuns(timeoutMs = 5000): Promise<void> {
  const runs = [...liveRuns().values()].filter((r) => r.running);
  const recorded = runs.map((r) => r.recorded);
  for (const run of runs) run.stop("interrupted");
  await Promise.race([Promise.all(recorded), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}
