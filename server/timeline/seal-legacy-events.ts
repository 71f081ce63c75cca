import type { PrismaClient } from "../generated/prisma/client";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eventHash, unkeyedEventHash } from "./event-hash";
import { verifyRows } from "./verify-chain";

/**
 * Events written before the hash chain existed get their hashes once, at start-up, in order.
 * From then on only appendEvent writes them.
 */
export async function sealLegacyEvents(db: PrismaClient): Promise<number> {
  const incidents = await db.timelineEvent.findMany({ where: { hash: "" }, distinct: ["incidentId"], select: { incidentId: true } });
  let sealed = 0;
  for (const { incidentId } of incidents) {
    await db.$transaction(async (tx) => {
      const rows = await tx.timelineEvent.findMany({ where: { incidentId }, orderBy: { seq: "asc" } });
      let prev = "";
      for (const row of rows) {
        if (row.hash === "") {
          const hash = eventHash(prev, row);
          await tx.timelineEvent.update({ where: { id: row.id }, data: { prevHash: prev, hash } });
          sealed++;
          prev = hash;
        } else prev = row.hash;
      }
      // The incident's cached head may predate the seal: the next append reads the event instead.
      await tx.incident.update({ where: { id: incidentId }, data: { headHash: "" } });
    });
  }
  return sealed;
}

/**
 * Chains written before they were keyed (plain sha256) are re-hashed with the chain key, once
 * per data folder: a marker file says it was done, so a chain rewritten later with plain sha256
 * is never "upgraded" into one that verifies. A chain that did not verify then is left as it was:
 * it stays broken.
 */
export async function keyLegacyChains(db: PrismaClient, dataDir: string): Promise<{ keyed: number; broken: string[] }> {
  const marker = path.join(dataDir, "chain-keyed");
  if (existsSync(marker)) return { keyed: 0, broken: [] };
  const incidents = await db.incident.findMany({ select: { id: true } });
  let keyed = 0;
  const broken: string[] = [];
  for (const { id } of incidents) {
    await db.$transaction(async (tx) => {
      const rows = await tx.timelineEvent.findMany({ where: { incidentId: id }, orderBy: { seq: "asc" } });
      if (verifyRows(rows, []).ok) return;
      let prev = "";
      for (const row of rows) {
        if (row.hash !== "" && (row.prevHash !== prev || row.hash !== unkeyedEventHash(prev, row))) {
          broken.push(id);
          return;
        }
        prev = row.hash;
      }
      prev = "";
      for (const row of rows) {
        const hash = eventHash(prev, row);
        await tx.timelineEvent.update({ where: { id: row.id }, data: { prevHash: prev, hash } });
        prev = hash;
      }
      await tx.incident.update({ where: { id }, data: { headHash: "" } });
      keyed++;
    });
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`, { mode: 0o600 });
  return { keyed, broken };
}
