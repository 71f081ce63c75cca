import { anchorFile, readAnchors } from "../timeline/chain-anchor";
import { verifyChain } from "../timeline/verify-chain";
import type { CliIo } from "./io";
import { withIncident } from "./incident-database";

/** `runlog verify <incident-id>`: 0 when the timeline's hash chain is intact, 1 when broken. */
export async function verifyCommand(
  incidentId: string | undefined,
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  return withIncident(incidentId, "verify needs an incident id: runlog verify inc_…", env, async (db, id, cfg) => {
    // Every head ever anchored for it, not only the latest: a rewrite of any stretch shows.
    const anchors = readAnchors(anchorFile(cfg.dataDir), id);
    const verdict = await verifyChain(db, id, anchors);
    if (verdict.ok) {
      const last = anchors.at(-1);
      const anchored = last
        ? `; ${anchors.length} heads anchored outside the database, the last at ${last.at} (event ${last.seq})`
        : "; no head anchored outside the database";
      io.out(`${id}: timeline intact, ${verdict.events} events, head ${verdict.head}${anchored}`);
      return 0;
    }
    io.out(`${id}: timeline BROKEN at event ${verdict.brokenAt}: ${verdict.reason}`);
    return 1;
  });
}
