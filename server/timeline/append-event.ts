import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { ZTimelineEventBody, type TimelineEventBody } from "../shared/timeline";

type Tx = Prisma.TransactionClient | PrismaClient;

export interface AppendInput {
  incidentId: string;
  actor: string;
  runId?: string | null;
  at?: Date;
  body: TimelineEventBody;
}

const MAX_ATTEMPTS = 5;

/**
 * The only way timeline rows are written. Sequence numbers are dense per incident; two writers
 * racing for the same number meet the unique index, and the loser retries with the next one.
 */
export async function appendEvent(tx: Tx, input: AppendInput): Promise<{ id: string; seq: number }> {
  const body = ZTimelineEventBody.parse(input.body);
  for (let attempt = 1; ; attempt++) {
    const last = await tx.timelineEvent.findFirst({
      where: { incidentId: input.incidentId },
      orderBy: { seq: "desc" },
      select: { seq: true },
    });
    const seq = (last?.seq ?? -1) + 1;
    try {
      const row = await tx.timelineEvent.create({
        data: {
          id: `evt_${randomUUID().replaceAll("-", "")}`,
          incidentId: input.incidentId,
          seq,
          type: body.type,
          actor: input.actor,
          at: input.at ?? new Date(),
          runId: input.runId ?? null,
          payload: JSON.stringify(body.payload),
        },
        select: { id: true, seq: true },
      });
      return row;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "P2002" || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
