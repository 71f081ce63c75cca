import type { Config } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import { advanceRunAll } from "../runall/advance-run-all";
import { markInterruptedRuns } from "../runs/recover-runs";

/** This instance in the registry: a fresh start time and heartbeat, its address for the others. */
export async function registerInstance(db: PrismaClient, cfg: Config, now = new Date()): Promise<void> {
  const row = { address: cfg.internalUrl, startedAt: now, heartbeatAt: now };
  await db.instance.upsert({ where: { id: cfg.instanceId }, create: { id: cfg.instanceId, ...row }, update: row });
}

/**
 * One beat: this instance's heartbeat, then the runs of any instance whose heartbeat is older
 * than the timeout are recorded as interrupted (a run-all that was on one of them stops there).
 * Every instance does this; the compare-and-set on the run's status records each run once.
 */
export async function heartbeat(db: PrismaClient, cfg: Config, now = new Date()): Promise<string[]> {
  await db.instance.update({ where: { id: cfg.instanceId }, data: { heartbeatAt: now } });
  const dead = await db.instance.findMany({
    where: { id: { not: cfg.instanceId }, heartbeatAt: { lt: new Date(now.getTime() - cfg.instanceTimeoutMs) } },
    select: { id: true },
  });
  if (dead.length === 0) return [];
  const cut = await markInterruptedRuns(
    db,
    dead.map((d) => d.id),
  );
  const runAlls = await db.runAll.findMany({ where: { currentRunId: { in: cut }, state: "running" }, select: { id: true } });
  await Promise.all(runAlls.map((r) => advanceRunAll(db, cfg, r.id)));
  return cut;
}

/** Beats every sixth of the timeout until stopped. */
export function startHeartbeat(db: PrismaClient, cfg: Config): { stop(): void } {
  const timer = setInterval(
    () => void heartbeat(db, cfg).catch((err: Error) => console.error(`runlog: heartbeat: ${err.message}`)),
    Math.max(500, Math.floor(cfg.instanceTimeoutMs / 6)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
