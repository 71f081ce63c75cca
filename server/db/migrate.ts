// Applies prisma/migrations/*/migration.sql in order through a Prisma driver adapter, recording
// them in `_prisma_migrations` exactly as Prisma Migrate does (checksum = sha256 of the file), so
// `prisma migrate deploy` stays usable wherever Prisma's native schema engine exists. Needs no
// engine, which machines without internet cannot download.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

const HISTORY_DDL: Record<string, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0);`,
  postgres: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0);`,
};

const MIGRATION_NAME = /^[0-9]{14}_[a-z0-9_]+$/;

export class MigrationError extends Error {}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      if (!MIGRATION_NAME.test(name)) {
        throw new MigrationError(`Migration folder "${name}" is not named <14-digit timestamp>_<name>.`);
      }
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Applies pending migrations, one transaction each. Returns the names applied. */
export async function applyMigrations(factory: SqlDriverAdapterFactory, dir: string): Promise<string[]> {
  const files = await readMigrationFiles(dir);
  const db = await factory.connect();
  try {
    const ddl = HISTORY_DDL[db.provider];
    if (!ddl) throw new MigrationError(`No migration support for provider ${db.provider}.`);
    await db.executeScript(ddl);
    const applied = await appliedChecksums(db);
    for (const [name, checksum] of applied) {
      const file = files.find((f) => f.name === name);
      if (!file) throw new MigrationError(`Migration ${name} is applied to the database but missing from ${dir}.`);
      if (file.checksum !== checksum) {
        throw new MigrationError(
          `Migration ${name} was edited after it was applied (checksum differs). Restore the file; write a new migration for new changes.`,
        );
      }
    }
    const done: string[] = [];
    for (const file of files) {
      if (applied.has(file.name)) continue;
      await applyOne(db, file);
      done.push(file.name);
    }
    return done;
  } finally {
    await db.dispose();
  }
}

async function appliedChecksums(db: SqlDriverAdapter): Promise<Map<string, string>> {
  const res = await db.queryRaw({
    sql: `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    args: [],
    argTypes: [],
  });
  return new Map(res.rows.map((row) => [String(row[0]), String(row[1])]));
}

async function applyOne(db: SqlDriverAdapter, file: MigrationFile): Promise<void> {
  const now = new Date().toISOString();
  // Values are a validated folder name, a hex digest, a UUID and an ISO date: nothing to escape.
  const record = `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES ('${randomUUID()}', '${file.checksum}', '${file.name}', '${now}', '${now}', 1);`;
  try {
    await db.executeScript(`BEGIN;\n${file.sql}\n;\n${record}\nCOMMIT;`);
  } catch (err) {
    await db.executeScript("ROLLBACK;").catch(() => undefined);
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
  }
}
