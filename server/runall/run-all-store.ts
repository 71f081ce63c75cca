import { z } from "zod";
import type { Prisma, PrismaClient, RunAll } from "../generated/prisma/client";
import { ZRunAllScope, ZRunAllState, ZRunAllStop, ZRunAllWait, type RunAllStop, type RunAllWait } from "../shared/run-all";

type Tx = Prisma.TransactionClient | PrismaClient;

/** A run-all as the code reads it: JSON columns parsed. */
export interface RunAllView {
  id: string;
  incidentId: string;
  scope: z.infer<typeof ZRunAllScope>;
  fromStepId: string;
  commandIds: string[];
  position: number;
  state: z.infer<typeof ZRunAllState>;
  currentRunId: string | null;
  wait: RunAllWait | null;
  stopReason: RunAllStop | null;
  stopRequestedBy: string | null;
  driver: string;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  version: number;
}

const json = <T>(schema: z.ZodType<T>, text: string | null): T | null => (text === null ? null : schema.parse(JSON.parse(text)));

export function viewOf(row: RunAll): RunAllView {
  return {
    ...row,
    scope: ZRunAllScope.parse(row.scope),
    state: ZRunAllState.parse(row.state),
    commandIds: z.array(z.string()).parse(JSON.parse(row.commandIds)),
    wait: json(ZRunAllWait, row.wait),
    stopReason: json(ZRunAllStop, row.stopReason),
  };
}

export async function readRunAll(db: Tx, id: string): Promise<RunAllView | null> {
  const row = await db.runAll.findUnique({ where: { id } });
  return row ? viewOf(row) : null;
}

export interface RunAllChange {
  position?: number;
  state?: RunAllView["state"];
  currentRunId?: string | null;
  wait?: RunAllWait | null;
  stopReason?: RunAllStop | null;
  stopRequestedBy?: string | null;
  driver?: string;
  finishedAt?: Date | null;
}

/**
 * Compare-and-set: the change applies only if nobody moved the run-all since `seen` was read
 * (another instance, another person). False when it lost; the caller reads again.
 */
export async function moveRunAll(tx: Tx, seen: Pick<RunAllView, "id" | "version">, change: RunAllChange): Promise<boolean> {
  const { wait, stopReason, ...plain } = change;
  const { count } = await tx.runAll.updateMany({
    where: { id: seen.id, version: seen.version },
    data: {
      ...plain,
      ...(wait !== undefined ? { wait: wait === null ? null : JSON.stringify(wait) } : {}),
      ...(stopReason !== undefined ? { stopReason: stopReason === null ? null : JSON.stringify(stopReason) } : {}),
      version: { increment: 1 },
    },
  });
  return count === 1;
}
