import type { PrismaClient } from "../generated/prisma/client";
import { eventHash } from "./event-hash";

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
    });
  }
  return sealed;
}
