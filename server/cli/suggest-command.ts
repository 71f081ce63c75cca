import { readConfig } from "../config";
import { createPrisma } from "../db";
import { migrateDatabase } from "../db/migrate-database";
import { suggestRunbookChanges } from "../export/suggest-runbook-changes";
import { ZIncidentId } from "../shared/ids";
import { UsageError, type CliIo } from "./io";

/** `runlog suggest <incident-id>`: the runbook diff the incident suggests, on stdout (for `git apply`). */
export async function suggestCommand(
  id: string | undefined,
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const parsed = ZIncidentId.safeParse(id);
  if (!parsed.success) throw new UsageError("suggest needs an incident id: runlog suggest inc_… > lessons.diff");
  const cfg = readConfig(env);
  await migrateDatabase(cfg.databaseFile);
  const db = createPrisma(cfg);
  try {
    if (!(await db.incident.findUnique({ where: { id: parsed.data }, select: { id: true } })))
      throw new UsageError(`no incident ${parsed.data} in ${cfg.databaseFile}`);
    const { diff, changes, file } = await suggestRunbookChanges(db, parsed.data);
    if (changes === 0) io.err(`the incident suggests no change to ${file}`);
    else {
      io.out(diff);
      io.err(`${changes} change(s) to ${file}; apply from the repository holding it: git apply <this diff>`);
    }
    return 0;
  } finally {
    await db.$disconnect();
  }
}
