import type { PrismaClient, TimelineEvent as TimelineRow } from "../generated/prisma/client";
import { eventHash } from "./event-hash";

export type ChainVerdict = { ok: true; events: number; head: string } | { ok: false; events: number; brokenAt: number; reason: string };

/**
 * Recomputes an incident's hash chain from its first event. Any row edited, removed or inserted
 * in the database outside the app shows as the first sequence number where the chain breaks.
 */
export async function verifyChain(db: PrismaClient, incidentId: string): Promise<ChainVerdict> {
  return verifyRows(await db.timelineEvent.findMany({ where: { incidentId }, orderBy: { seq: "asc" } }));
}

/** The same check over rows already read (all of one incident's, in sequence order). */
export function verifyRows(rows: TimelineRow[]): ChainVerdict {
  let prev = "";
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const broken = (reason: string): ChainVerdict => ({ ok: false, events: rows.length, brokenAt: row.seq, reason });
    if (row.seq !== i) return { ok: false, events: rows.length, brokenAt: i, reason: `event ${i} is missing` };
    if (row.prevHash !== prev) return broken("it does not follow the event before it");
    if (row.hash !== eventHash(prev, row)) return broken("its content does not match its hash");
    prev = row.hash;
  }
  return { ok: true, events: rows.length, head: prev };
}
