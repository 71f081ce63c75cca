import { z } from "zod";
import type { Config } from "../config";
import { callInstance } from "../cluster/call-instance";
import { remoteOwner } from "../cluster/run-owner";
import { renderCleanText } from "../exec/clean-text";
import { storedOutputBytes } from "./stored-output";
import { liveRuns } from "../exec/live-run";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";

export const ZRunOutput = z.object({
  runId: z.string(),
  running: z.boolean(),
  /** The whole output as a person reads it (ANSI resolved by a terminal emulator), secrets masked. */
  text: z.string(),
  /** Bytes the command printed; more than the stored output when the middle was dropped. */
  bytes: z.number().int(),
  /** The middle of the output was dropped to stay within the cap (a marker stands where). */
  capped: z.boolean(),
});
export type RunOutput = z.infer<typeof ZRunOutput>;

/**
 * A run's whole output as text, not what happens to fit a terminal's screen: for a running
 * command from its live capture, for a finished one from the database.
 */
export async function runOutput(db: PrismaClient, cfg: Config, input: { incidentId: string; runId: string }): Promise<RunOutput> {
  if (!liveRuns().has(input.runId)) {
    const owner = await remoteOwner(db, cfg, input.runId);
    // Still running on another instance: its live capture is there.
    if (owner) return ZRunOutput.parse(await callInstance(cfg, owner, "run-output", input));
  }
  return localRunOutput(db, input);
}

/** From this instance's live capture, or from the database. */
export async function localRunOutput(db: PrismaClient, input: { incidentId: string; runId: string }): Promise<RunOutput> {
  const live = liveRuns().get(input.runId);
  if (live && live.incidentId === input.incidentId && !live.exited) {
    // The capture holds masked bytes only: what any viewer may see.
    const stored = live.capture.result();
    return {
      runId: input.runId,
      running: true,
      text: live.maskRendered(await renderCleanText(stored)),
      bytes: live.capture.totalBytes,
      capped: live.capture.droppedBytes > 0,
    };
  }
  const run = await db.run.findUnique({
    where: { id: input.runId },
    select: { incidentId: true, finishedAt: true, outputText: true, outputBytes: true, output: true, outputGzip: true },
  });
  if (!run || run.incidentId !== input.incidentId)
    throw new AppError("NOT_FOUND", `No run ${input.runId} in incident ${input.incidentId}.`);
  const stored = storedOutputBytes(run);
  return {
    runId: input.runId,
    running: run.finishedAt === null,
    text: run.outputText ?? "",
    bytes: run.outputBytes,
    // Uncapped, the stored output is every byte; capped, it is head, marker and tail.
    capped: stored !== null && stored !== run.outputBytes,
  };
}
