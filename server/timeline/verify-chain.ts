import type { PrismaClient, TimelineEvent as TimelineRow } from "../generated/prisma/client";
import { latestAnchor, type AnchoredHead } from "./chain-anchor";
import { eventHash } from "./event-hash";

export type ChainVerdict = { ok: true; events: number; head: string } | { ok: false; events: number; brokenAt: number; reason: string };

/**
 * Recomputes an incident's hash chain from its first event. Any row edited, removed or inserted
 * in the database outside the app shows as the first sequence number where the chain breaks.
 */
export async function verifyChain(db: PrismaClient, incidentId: string, anchors?: AnchoredHead[]): Promise<ChainVerdict> {
  return verifyRows(await db.timelineEvent.findMany({ where: { incidentId }, orderBy: { seq: "asc" } }), anchors);
}

/**
 * The same check over rows already read (all of one incident's, in sequence order), and against
 * the heads anchored outside the database (by default the latest this process knows).
 */
export function verifyRows(rows: TimelineRow[], anchors?: AnchoredHead[]): ChainVerdict {
  const chain = verifyLinks(rows);
  if (!chain.ok) return chain;
  const incidentId = rows[0]?.incidentId;
  const heads = anchors ?? (incidentId ? [latestAnchor(incidentId)].filter((h): h is AnchoredHead => h !== null) : []);
  for (const h of heads) {
    const row = rows[h.seq];
    if (!row)
      return {
        ok: false,
        events: rows.length,
        brokenAt: rows.length,
        reason: `events up to ${h.seq} were anchored at ${h.at}; the database has ${rows.length}`,
      };
    if (row.hash !== h.hash)
      return { ok: false, events: rows.length, brokenAt: h.seq, reason: `it is not the event anchored at ${h.at} outside the database` };
  }
  return chain;
}

function verifyLinks(rows: TimelineRow[]): ChainVerdict {
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
