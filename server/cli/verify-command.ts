import { readConfig } from "../config";
import { createPrisma } from "../db";
import { migrateDatabase } from "../db/migrate-database";
import { ZIncidentId } from "../shared/ids";
import { anchorFile, readAnchors } from "../timeline/chain-anchor";
import { verifyChain } from "../timeline/verify-chain";
import { UsageError, type CliIo } from "./io";

/** `runlog verify <incident-id>`: 0 when the timeline's hash chain is intact, 1 when broken. */
export async function verifyCommand(
  incidentId: string | undefined,
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const id = ZIncidentId.safeParse(incidentId);
  if (!id.success) throw new UsageError("verify needs an incident id: runlog verify inc_…");
  const cfg = readConfig(env);
  await migrateDatabase(cfg.databaseFile);
  const db = createPrisma(cfg);
  try {
    if (!(await db.incident.findUnique({ where: { id: id.data }, select: { id: true } })))
      throw new UsageError(`no incident ${id.data} in ${cfg.databaseFile}`);
    // Every head ever anchored for it, not only the latest: a rewrite of any stretch shows.
    const anchors = readAnchors(anchorFile(cfg.dataDir), id.data);
    const verdict = await verifyChain(db, id.data, anchors);
    if (verdict.ok) {
      const last = anchors.at(-1);
      const anchored = last
        ? `; ${anchors.length} heads anchored outside the database, the last at ${last.at} (event ${last.seq})`
        : "; no head anchored outside the database";
      io.out(`${id.data}: timeline intact, ${verdict.events} events, head ${verdict.head}${anchored}`);
      return 0;
    }
    io.out(`${id.data}: timeline BROKEN at event ${verdict.brokenAt}: ${verdict.reason}`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}
