import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";

// Every chain head is also written to an append-only file beside the database: rewriting the
// database alone (even with the chain key) then shows as a head that no longer matches. Heads are
// read back from the database after the append committed, so the file never holds an event that
// was rolled back.

export interface AnchoredHead {
  at: string;
  incidentId: string;
  seq: number;
  hash: string;
}

interface Anchor {
  file: string;
  client: PrismaClient;
  latest: Map<string, AnchoredHead> | null;
  wanted: Map<string, number>;
  timers: Map<string, NodeJS.Timeout>;
  inFlight: Set<Promise<unknown>>;
}

const g = globalThis as unknown as { runlogChainAnchor?: Anchor };
const SETTLE_MS = 20;
const RETRIES = 50;

export function anchorFile(dataDir: string): string {
  return path.join(dataDir, "chain-heads.log");
}

export function useChainAnchor(dataDir: string, client: PrismaClient): void {
  g.runlogChainAnchor = { file: anchorFile(dataDir), client, latest: null, wanted: new Map(), timers: new Map(), inFlight: new Set() };
}

/** Every head anchored in `file` (for one incident, when given), oldest first. */
export function readAnchors(file: string, incidentId?: string): AnchoredHead[] {
  if (!existsSync(file)) return [];
  const out: AnchoredHead[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [at, id, seq, hash] = line.split(" ");
    if (!at || !id || !seq || !hash || (incidentId && id !== incidentId)) continue;
    out.push({ at, incidentId: id, seq: Number(seq), hash });
  }
  return out;
}

/** The last head anchored for an incident, if any (kept in memory after one read of the file). */
export function latestAnchor(incidentId: string): AnchoredHead | null {
  const a = g.runlogChainAnchor;
  if (!a) return null;
  a.latest ??= new Map(readAnchors(a.file).map((h) => [h.incidentId, h]));
  return a.latest.get(incidentId) ?? null;
}

/** An event was appended (its transaction may not have committed yet): anchor the head once it has. */
export function anchorSoon(incidentId: string, seq: number): void {
  const a = g.runlogChainAnchor;
  if (!a) return;
  a.wanted.set(incidentId, Math.max(seq, a.wanted.get(incidentId) ?? -1));
  if (!a.timers.has(incidentId)) schedule(a, incidentId, RETRIES);
}

function schedule(a: Anchor, incidentId: string, triesLeft: number): void {
  a.timers.set(
    incidentId,
    setTimeout(() => {
      a.timers.delete(incidentId);
      const p = anchorNow(a, incidentId)
        .then((done) => {
          if (!done && triesLeft > 0) schedule(a, incidentId, triesLeft - 1);
        })
        // The database or folder went away (a test's cleanup, a shutdown): nothing to anchor.
        .catch(() => undefined)
        .finally(() => a.inFlight.delete(p));
      a.inFlight.add(p);
    }, SETTLE_MS),
  );
}

async function anchorNow(a: Anchor, incidentId: string): Promise<boolean> {
  const head = await a.client.timelineEvent.findFirst({
    where: { incidentId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  if (!head) return false;
  const last = latestAnchor(incidentId);
  if (!last || last.seq !== head.seq || last.hash !== head.hash) {
    const entry = { at: new Date().toISOString(), incidentId, seq: head.seq, hash: head.hash };
    appendFileSync(a.file, `${entry.at} ${incidentId} ${head.seq} ${head.hash}\n`, { mode: 0o600 });
    a.latest!.set(incidentId, entry);
  }
  // Not yet committed: the wanted head is not readable yet.
  return head.seq >= (a.wanted.get(incidentId) ?? -1);
}

/** Anchors what is pending now (the CLI and tests, before they read or exit). */
export async function flushAnchors(): Promise<void> {
  const a = g.runlogChainAnchor;
  if (!a) return;
  await Promise.all([...a.inFlight]);
  for (const [incidentId, t] of [...a.timers]) {
    clearTimeout(t);
    a.timers.delete(incidentId);
    await anchorNow(a, incidentId);
  }
}
