import { randomUUID } from "node:crypto";
import pg from "pg";
import { MigrationError, readMigrationFiles, type MigrationFile } from "./migrate";

/** Any fixed number: every Runlog instance takes this lock to migrate, so they migrate once. */
const MIGRATION_LOCK = 0x52554e4c; // "RUNL"

const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0);`;

/**
 * PostgreSQL's migrations (prisma/postgres/migrations), recorded in `_prisma_migrations` as
 * Prisma Migrate does: one transaction each, under a session advisory lock so that instances
 * starting together migrate once (the others wait, then find nothing to do), and the same
 * refusal of an applied file that was edited as on SQLite.
 */
export async function applyPostgresMigrations(url: string, dir: string): Promise<string[]> {
  const files = await readMigrationFiles(dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(HISTORY_DDL);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const [name, checksum] of applied) {
      const file = files.find((f) => f.name === name);
      if (!file) throw new MigrationError(`Migration ${name} is applied to the database but missing from ${dir}.`);
      if (file.checksum !== checksum)
        throw new MigrationError(
          `Migration ${name} was edited after it was applied (checksum differs). Restore the file; write a new migration for new changes.`,
        );
    }
    const done: string[] = [];
    for (const file of files) {
      if (applied.has(file.name)) continue;
      await applyOne(client, file);
      done.push(file.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  try {
    await client.query("BEGIN");
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
  }
}
