import type { PrismaClient, TimelineEvent as TimelineRow } from "../generated/prisma/client";
import { ZTimelineEventBody, type TimelineEvent } from "../shared/timeline";

export async function readEvents(db: PrismaClient, incidentId: string, afterSeq = -1, limit?: number): Promise<TimelineEvent[]> {
  const rows = await db.timelineEvent.findMany({
    where: { incidentId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    ...(limit ? { take: limit } : {}),
  });
  return rows.map(toEvent);
}

/** A stored row as the typed event it holds; its payload is validated by the event's schema. */
export function toEvent(row: TimelineRow): TimelineEvent {
  const body = ZTimelineEventBody.parse({ type: row.type, payload: JSON.parse(row.payload) });
  return { id: row.id, seq: row.seq, actor: row.actor, at: row.at, runId: row.runId, ...body };
}
