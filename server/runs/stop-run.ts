import type { Config } from "../config";
import { AppError } from "../errors";
import { liveRuns } from "../exec/live-run";

/** Cancel: Ctrl-C, then SIGTERM, then SIGKILL to the run's process group. */
export function stopRun(cfg: Config, actor: string, input: { incidentId: string; runId: string }): { stopping: true } {
  const live = liveRuns().get(input.runId);
  if (!live || live.incidentId !== input.incidentId || !live.running) {
    throw new AppError("CONFLICT", "This command is not running any more.");
  }
  live.stop("cancelled", cfg.cancelGraceMs, actor);
  return { stopping: true };
}
