import { liveRuns } from "../exec/live-run";
import type { PrismaClient } from "../generated/prisma/client";

/** Resolves once the run has ended and its row is written (the live entry goes after both). */
export async function waitForRun(prisma: PrismaClient, runId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!liveRuns().has(runId)) {
      const run = await prisma.run.findUnique({ where: { id: runId } });
      if (run?.finishedAt) return run;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`run ${runId} did not finish within ${timeoutMs} ms`);
}
