import { readConfig, type Config } from "../config";
import { createPrisma } from "../db";
import { migrateConfigured } from "../db/migrate-database";
import type { PrismaClient } from "../generated/prisma/client";
import { ZIncidentId } from "../shared/ids";
import { UsageError } from "./io";

/**
 * For commands about one incident: checks the id (`usage` says how to give it), opens the
 * database of RUNLOG_DATA_DIR, refuses an unknown incident, and closes the database after `work`.
 */
export async function withIncident<T>(
  given: string | undefined,
  usage: string,
  env: Record<string, string | undefined>,
  work: (db: PrismaClient, id: string, cfg: Config) => Promise<T>,
): Promise<T> {
  const id = ZIncidentId.safeParse(given);
  if (!id.success) throw new UsageError(usage);
  const cfg = readConfig(env);
  await migrateConfigured(cfg);
  const db = createPrisma(cfg);
  try {
    if (!(await db.incident.findUnique({ where: { id: id.data }, select: { id: true } })))
      throw new UsageError(`no incident ${id.data} in ${cfg.databaseUrl ? "the PostgreSQL database" : cfg.databaseFile}`);
    return await work(db, id.data, cfg);
  } finally {
    await db.$disconnect();
  }
}
