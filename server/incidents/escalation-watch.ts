import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { SYSTEM_ACTOR } from "../shared/timeline";
import { appendEvent } from "../timeline/append-event";

/**
 * Records "escalation due" once for every open incident past its runbook's deadline. Every
 * instance runs it on a timer: each incident's check locks the incident row before it looks, so
 * instances racing record it once.
 */
export async function recordDueEscalations(db: PrismaClient, now = new Date()): Promise<string[]> {
  const open = await db.incident.findMany({
    where: { status: { in: ["investigating", "identified"] } },
    select: { id: true, openedAt: true, runbookContent: true },
  });
  const recorded: string[] = [];
  for (const incident of open) {
    const { escalation } = (await parseContent(incident.runbookContent)).runbook;
    if (!escalation || now.getTime() < incident.openedAt.getTime() + escalation.afterMinutes * 60_000) continue;
    const done = await db.$transaction(async (tx) => {
      // A write that changes nothing but takes the row lock (portable: SQLite has no FOR UPDATE);
      // a racing instance waits here and then sees the event.
      await tx.incident.update({ where: { id: incident.id }, data: { nextEventSeq: { increment: 0 } } });
      const already = await tx.timelineEvent.findFirst({
        where: { incidentId: incident.id, type: "escalation.due" },
        select: { id: true },
      });
      if (already) return false;
      await appendEvent(tx, {
        incidentId: incident.id,
        actor: SYSTEM_ACTOR,
        at: now,
        body: { type: "escalation.due", payload: { afterMinutes: escalation.afterMinutes, rule: escalation.text } },
      });
      return true;
    });
    if (done) recorded.push(incident.id);
  }
  return recorded;
}

export function startEscalationWatch(db: PrismaClient, everyMs = 15_000): () => void {
  const timer = setInterval(() => {
    recordDueEscalations(db).catch((err: Error) => console.error(`runlog: escalation check failed: ${err.message}`));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
