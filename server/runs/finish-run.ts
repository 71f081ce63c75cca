import { renderCleanText } from "../exec/clean-text";
import { liveRuns, type LiveRun, type RunEnd } from "../exec/live-run";
import type { PrismaClient } from "../generated/prisma/client";
import type { SecretBox } from "../secrets/secret-box";
import type { OutputCheck, RunbookSection } from "../shared/runbook";
import { appendEvent } from "../timeline/append-event";
import { outputTail } from "../shared/output-tail";
import { packOutput } from "./stored-output";
import { evaluateChecks } from "./evaluate-checks";
import { recordStepChanges } from "./record-step-changes";
import { collectWhenIdle } from "../process/idle-memory";
import { readSessionAfter, removeRunFiles, saveSession, type RunFiles, type SessionAfter } from "./session-state";

const INT32_MAX = 2 ** 31 - 1;

export interface FinishRunInput {
  live: LiveRun;
  actor: string;
  commandId: string;
  startedAt: Date;
  /** Seals the shell state the run leaves. */
  box: SecretBox;
  /** The incident's runbook steps, to record the steps this run completed or failed. */
  sections: RunbookSection[];
  files: RunFiles | null;
  /** The session a command on a target left (it comes back in-band, not in files). */
  remoteSession?: () => SessionAfter | null;
  exit: RunEnd;
  /** What the command's output should show (none for a block or a command without expect lines). */
  checks: OutputCheck[];
  /** Called once the end is recorded (a run-all moves on from here). */
  onFinished?: () => void;
}

/**
 * Persists a finished run (capped output, its clean text, exit status), the shell session it
 * leaves for the next command, and its timeline event; then tells the viewers. The database is
 * written first, so that a viewer reacting to the end reads the finished run back.
 */
export async function finishRun(db: PrismaClient, input: FinishRunInput): Promise<void> {
  const { live, exit } = input;
  const finishedAt = new Date();
  try {
    await live.settle();
    const captured = live.capture.result();
    // At the width it ran at: a table the runner saw on one line is one line in the text too.
    const { cols } = live.size;
    const outputText = live.maskRendered(await renderCleanText(captured, cols));
    const stored = await packOutput(captured);
    const session = input.files ? await readSessionAfter(input.files) : (input.remoteSession?.() ?? null);
    if (session) await saveSession(db, live.incidentId, session, (t) => live.maskText(t), input.box);
    // A run that ran to its end is checked against what the runbook says it should print.
    const verdict = input.checks.length > 0 && exit.status === "exited" ? evaluateChecks(input.checks, outputText, exit.exitCode) : null;
    await db.$transaction(async (tx) => {
      await tx.run.update({
        where: { id: live.runId },
        data: {
          finishedAt,
          exitCode: exit.exitCode,
          signal: exit.signal,
          status: exit.status,
          ...stored,
          outputText,
          ...outputTail(outputText),
          // A 32-bit column on PostgreSQL: a run printing 2 GiB or more is stored as that much; the
          // command.finished event below keeps the exact figure.
          outputBytes: Math.min(live.capture.totalBytes, INT32_MAX),
          checkPassed: verdict?.passed ?? null,
          cols,
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
            outputBytes: live.capture.totalBytes,
            status: exit.status,
            stoppedBy: live.stoppedBy,
          },
        },
      });
      if (verdict) {
        await appendEvent(tx, {
          incidentId: live.incidentId,
          actor: input.actor,
          runId: live.runId,
          at: finishedAt,
          body: {
            type: verdict.passed ? "check.passed" : "check.failed",
            payload: { commandId: input.commandId, expected: verdict.expected, failed: verdict.failed, evidence: verdict.evidence },
          },
        });
      }
      await recordStepChanges(tx, {
        incidentId: live.incidentId,
        sections: input.sections,
        actor: input.actor,
        runId: live.runId,
        commandId: input.commandId,
        when: finishedAt,
      });
    });
  } catch (err) {
    console.error(`runlog: could not record the end of run ${live.runId}: ${(err as Error).message}`);
  } finally {
    // New viewers read the run from the database from now on; current ones get the end.
    liveRuns().delete(live.runId);
    await live.finish(exit);
    // The output has been through; once nothing else runs, the memory it churned goes back.
    collectWhenIdle(() => liveRuns().size === 0);
    if (input.files) await removeRunFiles(input.files).catch(() => undefined);
    input.onFinished?.();
  }
}
