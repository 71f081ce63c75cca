import { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import { liveRuns } from "../exec/live-run";
import type { PrismaClient } from "../generated/prisma/client";
import { callInstance } from "../cluster/call-instance";
import { remoteOwner } from "../cluster/run-owner";
import { ZIncidentRunRef } from "../shared/ids";

export const ZStopRunCall = ZIncidentRunRef.extend({ actor: z.string().min(1) });

/** Cancel: Ctrl-C, then SIGTERM, then SIGKILL to the run's process group, on whichever instance holds it. */
export async function stopRun(
  db: PrismaClient,
  cfg: Config,
  actor: string,
  input: { incidentId: string; runId: string },
): Promise<{ stopping: true }> {
  if (liveRuns().has(input.runId)) return stopLocalRun(cfg, { ...input, actor });
  const owner = await remoteOwner(db, cfg, input.runId);
  if (!owner) throw notRunning();
  await callInstance(cfg, owner, "stop-run", { ...input, actor } satisfies z.infer<typeof ZStopRunCall>);
  return { stopping: true };
}

/** The cancel itself, on the instance whose pty it is (called here or by another instance). */
export function stopLocalRun(cfg: Config, input: z.infer<typeof ZStopRunCall>): { stopping: true } {
  const live = liveRuns().get(input.runId);
  if (!live || live.incidentId !== input.incidentId || !live.running) throw notRunning();
  live.stop("cancelled", cfg.cancelGraceMs, input.actor);
  return { stopping: true };
}

const notRunning = () => new AppError("CONFLICT", "This command is not running any more.");
