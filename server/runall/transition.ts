import type { PrismaClient } from "../generated/prisma/client";
import { appendEvent, type AppendInput } from "../timeline/append-event";
import { moveRunAll, type RunAllChange, type RunAllView } from "./run-all-store";

class LostRace extends Error {}

/**
 * Moves a run-all and records why, in one transaction: either both happen or neither (when
 * someone else moved it first, which returns false).
 */
export async function transition(
  db: PrismaClient,
  seen: Pick<RunAllView, "id" | "version" | "incidentId">,
  change: RunAllChange,
  event: Omit<AppendInput, "incidentId"> | null,
): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      if (!(await moveRunAll(tx, seen, change))) throw new LostRace();
      if (event) await appendEvent(tx, { ...event, incidentId: seen.incidentId });
    });
    return true;
  } catch (err) {
    if (err instanceof LostRace) return false;
    throw err;
  }
}

const queues = new Map<string, Promise<unknown>>();

/**
 * One thing at a time per run-all in this process: the driver and the people pressing its
 * buttons take turns. (Across instances, the compare-and-set decides.)
 */
export function serialize<T>(runAllId: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(runAllId) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.catch(() => undefined);
  queues.set(runAllId, settled);
  void settled.then(() => queues.get(runAllId) === settled && queues.delete(runAllId));
  return mine;
}
