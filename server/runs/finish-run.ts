import { renderCleanText } from "../exec/clean-text";
import { liveRuns, type LiveRun } from "../exec/live-run";
import type { OutputCapture } from "../exec/output-capture";
import type { PtyExit } from "../exec/pty-process";
import type { PrismaClient } from "../generated/prisma/client";
import { appendEvent } from "../timeline/append-event";

export interface FinishRunInput {
  live: LiveRun;
  actor: string;
  commandId: string;
  startedAt: Date;
  capture: OutputCapture;
  exit: PtyExit;
}

/**
 * Persists a finished run (capped output, its clean text, exit status) and its timeline event,
 * then tells the viewers. The database is written first, so that a viewer reacting to the exit
 * reads the finished run back.
 */
export async function finishRun(db: PrismaClient, input: FinishRunInput): Promise<void> {
  const { live, exit } = input;
  const finishedAt = new Date();
  try {
    const { capture } = input;
    const stored = capture.result();
    const outputText = await renderCleanText(stored);
    await db.$transaction(async (tx) => {
      await tx.run.update({
        where: { id: live.runId },
        data: {
          finishedAt,
          exitCode: exit.exitCode,
          signal: exit.signal,
          output: new Uint8Array(stored),
          outputText,
          outputBytes: capture.totalBytes,
        },
      });
      await appendEvent(tx, {
        incidentId: live.incidentId,
        actor: input.actor,
        runId: live.runId,
        at: finishedAt,
        body: {
          type: "command.finished",
          payload: {
            commandId: input.commandId,
            exitCode: exit.exitCode,
            signal: exit.signal,
            durationMs: finishedAt.getTime() - input.startedAt.getTime(),
            outputBytes: capture.totalBytes,
          },
        },
      });
    });
  } catch (err) {
    console.error(`runlog: could not record the end of run ${live.runId}: ${(err as Error).message}`);
  } finally {
    live.end(exit);
    liveRuns().delete(live.runId);
  }
}
