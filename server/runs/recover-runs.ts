import { liveRuns } from "../exec/live-run";
import type { PrismaClient } from "../generated/prisma/client";
import { SYSTEM_ACTOR } from "../shared/timeline";
import { appendEvent } from "../timeline/append-event";

/**
 * At start-up: runs still marked running were cut off by a crash (this process owns every run
 * it starts, and it just started). They are recorded as interrupted, so nothing stays running.
 */
export async function markInterruptedRuns(db: PrismaClient, actor = SYSTEM_ACTOR): Promise<number> {
  const stale = await db.run.findMany({
    where: { status: "running" },
    select: { id: true, incidentId: true, commandId: true, startedAt: true },
  });
  const now = new Date();
  for (const run of stale) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id: run.id, status: "running" },
        data: { status: "interrupted", finishedAt: now },
      });
      if (count === 0) return;
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
  return stale.length;
}

/** At shutdown: every running command's process group is killed and its run recorded. */
export async function interruptLiveRuns(timeoutMs = 5000): Promise<void> {
  const runs = [...liveRuns().values()].filter((r) => r.running);
  const recorded = runs.map((r) => r.recorded);
  for (const run of runs) run.stop("interrupted");
  await Promise.race([Promise.all(recorded), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}
