import type { Config } from "../config";
import type { PrismaClient } from "../generated/prisma/client";

/** Another live instance that holds a run's pty: where its viewers, keystrokes and Stop go. */
export interface RunOwner {
  instanceId: string;
  address: string;
}

/**
 * The instance running `runId` when it is not this one and it still beats; null when the run is
 * finished, unknown, this instance's, or its instance went silent (its runs are about to be
 * recorded as interrupted, and then read from the database).
 */
export async function remoteOwner(db: PrismaClient, cfg: Config, runId: string, now = new Date()): Promise<RunOwner | null> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { finishedAt: true, instanceId: true } });
  if (!run || run.finishedAt !== null || run.instanceId === cfg.instanceId || run.instanceId === "") return null;
  const instance = await db.instance.findUnique({ where: { id: run.instanceId }, select: { address: true, heartbeatAt: true } });
  if (!instance || now.getTime() - instance.heartbeatAt.getTime() > cfg.instanceTimeoutMs) return null;
  return { instanceId: run.instanceId, address: instance.address };
}
