import { chmodSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config";
import { PROJECT_ROOT } from "../project-root";
import { applyMigrations } from "./migrate";
import { applyPostgresMigrations } from "./migrate-postgres";
import { POSTGRES_MIGRATIONS_DIR } from "./postgres-schema";
import { sqliteAdapter } from "./sqlite-adapter";

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");

/** The configured database (PostgreSQL when DATABASE_URL is set, else the SQLite file), brought to the latest migration. */
export function migrateConfigured(cfg: Pick<Config, "databaseFile" | "databaseUrl">): Promise<string[]> {
  return cfg.databaseUrl
    ? applyPostgresMigrations(cfg.databaseUrl, path.join(PROJECT_ROOT, POSTGRES_MIGRATIONS_DIR))
    : migrateDatabase(cfg.databaseFile);
}

/** Creates the SQLite file when missing and brings it to the latest migration. */
export async function migrateDatabase(databaseFile: string): Promise<string[]> {
  // A new data folder is its owner's only: it holds the database, key files and the commands' work folder.
  mkdirSync(path.dirname(databaseFile), { recursive: true, mode: 0o700 });
  await useWriteAheadLog(databaseFile);
  const applied = await applyMigrations(sqliteAdapter(databaseFile), MIGRATIONS_DIR);
  ownerOnly(databaseFile);
  return applied;
}

/** The database holds password hashes, session tokens and incident output: its owner's only. */
function ownerOnly(databaseFile: string): void {
  for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/**
 * Write-ahead logging (a setting stored in the file): readers do not block the writer, and a
 * commit is one append to the log instead of a rollback journal plus the database. Timeline
 * appends got about twice as fast (BENCHMARKS.md).
 */
async function useWriteAheadLog(databaseFile: string): Promise<void> {
  const conn = await sqliteAdapter(databaseFile).connect();
  try {
    await conn.executeScript("PRAGMA journal_mode = WAL;");
  } finally {
    await conn.dispose();
  }
}
